import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileRegistry } from '../../../src/main/core/registry/file-registry';
import { RegistryWatcher } from '../../../src/main/core/registry/registry-watcher';
import { ROOT } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

const watchers: RegistryWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.stop();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'watch-'));
  const reg = new FileRegistry({ dir, staleTimeoutMs: 60_000 });
  const w = new RegistryWatcher(reg);
  watchers.push(w);
  const events: string[] = [];
  w.on('added', (e) => events.push(`added ${e.dcc_type}`));
  w.on('changed', (e) => events.push(`changed ${e.dcc_type} ${e.status}`));
  w.on('heartbeat', (e) => events.push(`heartbeat ${e.dcc_type}`));
  w.on('removed', (e, why) => events.push(`removed ${e.dcc_type} ${why}`));
  w.start();
  return { dir, reg, w, events };
}

/** Writes through another process, like a DCC plugin would. */
function otherProcess(dir: string, code: string): void {
  const script = `import { FileRegistry } from '${join(ROOT, 'src/main/core/registry/file-registry.ts')}';\nconst reg = new FileRegistry({ dir: ${JSON.stringify(dir)} });\n${code}`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

describe('RegistryWatcher', () => {
  it('reports rows added, changed, heartbeating and removed by another process', async () => {
    const { dir, events } = setup();
    // The row names this (live) test process: the writer process itself exits at once.
    otherProcess(dir, `await reg.register({ dcc_type: 'maya', instance_id: 'i1', pid: ${process.pid} });`);
    await waitFor(() => events.includes('added maya'), 'added');
    otherProcess(dir, `await reg.heartbeat('maya', 'i1');`);
    await waitFor(() => events.includes('heartbeat maya'), 'heartbeat');
    otherProcess(dir, `await reg.updateStatus('maya', 'i1', 'busy');`);
    await waitFor(() => events.includes('changed maya busy'), 'changed');
    otherProcess(dir, `await reg.deregister('maya', 'i1');`);
    await waitFor(() => events.includes('removed maya deregistered'), 'removed');
  });

  it('reports a row whose heartbeat stops as removed (stale) without any file event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-'));
    let now = Date.now();
    const reg = new FileRegistry({ dir, now: () => now });
    await reg.register({ dcc_type: 'houdini' });
    const w = new RegistryWatcher(reg);
    watchers.push(w);
    const removed: string[] = [];
    w.on('removed', (_e, why) => removed.push(why));
    w.start();
    expect(w.snapshot()).toHaveLength(1);
    now += 20_000;
    await waitFor(() => removed.includes('stale'), 'stale removal', 3000);
  });

  it('keeps working when the directory is deleted and re-created', async () => {
    const { dir, events, reg } = setup();
    rmSync(dir, { recursive: true, force: true });
    await waitFor(async () => {
      try {
        await reg.register({ dcc_type: 'blender' });
        return true;
      } catch {
        return false;
      }
    }, 're-created dir');
    await waitFor(() => events.includes('added blender'), 'added after re-create', 4000);
  });

  it('emits nothing after stop()', async () => {
    const { dir, w, events } = setup();
    w.stop();
    // A second watcher on the same directory is the witness: a stopped watcher still watching would have seen
    // these two writes when the witness did.
    const witness = new RegistryWatcher(new FileRegistry({ dir, staleTimeoutMs: 60_000 }));
    watchers.push(witness);
    const seen: string[] = [];
    witness.on('added', (e) => seen.push(e.dcc_type));
    witness.start();
    otherProcess(dir, `await reg.register({ dcc_type: 'late', pid: ${process.pid} });`);
    await waitFor(() => seen.includes('late'), 'the witness saw the row');
    otherProcess(dir, `await reg.register({ dcc_type: 'later', pid: ${process.pid} });`);
    await waitFor(() => seen.includes('later'), 'the witness saw a second write');
    expect(events).toEqual([]);
  });
});
