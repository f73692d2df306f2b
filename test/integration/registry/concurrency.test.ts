import { type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PYTHON, startHub } from '../../helpers/hub';
import { exited, killAll, ROOT, spawnUntil } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

const CORE = join(ROOT, 'test/fixtures/registry/core_writer.py');

afterAll(killAll);

/** A dcc-mcp-core-style writer (flock on services.lock, sentinel, schema_version 1); resolves its final report on stop. */
async function coreWriter(dir: string, ...args: string[]): Promise<{ child: ChildProcess; id: string; done: Promise<string[]> }> {
  const { child, line } = await spawnUntil(PYTHON, [CORE, dir, ...args], 'CORE_READY ');
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const done = exited(child).then(() => (/CORE_DONE .*/.exec(out)?.[0] ?? `no report: ${out}`).split(' '));
  return { child, id: line, done };
}

describe('registry shared with dcc-mcp-core writers', () => {
  it('2 dcc-mcp-core-style writers + our plugins (restarting) + the hub: no row lost, lock inode kept, every live row seen', async () => {
    const { hub } = await startHub();
    const dir = hub.registryDir;
    const env = { ...process.env, DCC_MCP_PLUGIN_HEARTBEAT_SECS: '0.05' };
    const cores = [await coreWriter(dir, '--interval-ms', '10'), await coreWriter(dir, '--interval-ms', '10')];
    const inode = statSync(join(dir, 'services.lock')).ino;
    const plugin = async (dcc: string): Promise<{ child: ChildProcess; id: string }> => {
      const { child, line } = await spawnUntil(PYTHON, [join(ROOT, 'resources/dcc-plugin/run_standalone.py'), '--dcc', dcc, '--registry-dir', dir], 'DCC_MCP_PLUGIN_READY ', 15_000, env);
      return { child, id: (JSON.parse(line) as { instance_id: string }).instance_id };
    };
    let ours = [await plugin('maya'), await plugin('blender')];
    const expected = (): string[] => [...cores.map((c) => c.id), ...ours.map((p) => p.id)];
    await waitFor(() => expected().every((id) => hub.watcher.snapshot().some((e) => e.instance_id === id)), 'hub sees all four rows', 10_000);
    // Watch the hub's view while everyone writes; restart our plugins twice in the middle of it.
    // A row counts as lost when the hub stops seeing it after it saw it once, while its writer is still meant to run.
    const missing: string[] = [];
    const sighted = new Set<string>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const seen = new Set(hub.watcher.snapshot().map((e) => e.instance_id));
        for (const id of expected()) {
          if (seen.has(id)) sighted.add(id);
          else if (sighted.has(id)) missing.push(id);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    for (let round = 0; round < 2; round++) {
      const old = ours;
      // Start the replacements first (they must never fail to start while the registry is busy), then stop the old.
      ours = [await plugin('maya'), await plugin('blender')];
      for (const p of old) {
        p.child.kill('SIGTERM');
        expect(await exited(p.child)).toBe(0);
      }
      await waitFor(() => ours.every((p) => hub.watcher.snapshot().some((e) => e.instance_id === p.id)), 'restarted plugins seen', 10_000);
    }
    watching = false;
    await watch;
    for (const c of cores) c.child.kill('SIGTERM');
    const reports = await Promise.all(cores.map((c) => c.done));
    for (const r of reports) {
      expect(r[0]).toBe('CORE_DONE');
      expect(Number(r[2])).toBeGreaterThan(5); // heartbeats written (a count, not a speed: the machine may be busy)
      expect(r[3]).toBe('0'); // heartbeats that found their own row gone
    }
    // Rows of restarted plugins disappear only after they deregistered; every other row stayed visible throughout.
    expect(missing.filter((id) => ours.some((p) => p.id === id) || cores.some((c) => c.id === id))).toEqual([]);
    expect(statSync(join(dir, 'services.lock')).ino).toBe(inode);
    for (const p of ours) p.child.kill('SIGTERM');
    await hub.stop();
  }, 90_000);
});
