import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../src/main/core/hub';
import type { ScriptResult } from '../../../src/shared/dcclink';
import { mcpClient, PYTHON, startHub, startPlugin } from '../../helpers/hub';
import { killAll, ROOT, spawnUntil } from '../../helpers/processes';
import { RegistryWriter } from '../../helpers/registry-writer';
import { waitFor } from '../../helpers/wait';

let hub: Hub;
beforeAll(async () => {
  ({ hub } = await startHub({ sessionConfig: { reconnectBaseMs: 50 } }));
}, 30_000);
afterAll(async () => {
  await hub.stop();
  killAll();
});

async function plugin(dcc: string): Promise<string> {
  const p = await startPlugin(hub.registryDir, dcc);
  const id = (JSON.parse(p.line) as { instance_id: string }).instance_id;
  await waitFor(() => hub.sessions.list().find((s) => s.instanceId === id)?.instanceState === 'ready', `${dcc} ready`, 15_000);
  return id;
}

describe('registry faults never cut running work (issue 12)', () => {
  it('a torn services.json while a script runs in the real plugin: the call completes, the session is never dropped', async () => {
    const id = await plugin('maya');
    const session = hub.sessions.resolve(id);
    const problems: string[] = [];
    hub.watcher.on('problem', (p) => problems.push(p.kind));
    const removed: string[] = [];
    hub.watcher.on('removed', (e) => removed.push(e.instance_id));
    const running = hub.sessions.call<ScriptResult>(id, 'dcc.execute', { code: 'import time\ntime.sleep(1.0)\nreturn "finished"', timeout_ms: 20_000 });
    const path = join(hub.registryDir, 'services.json');
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, good.slice(0, Math.floor(good.length / 2)));
    await waitFor(() => problems.includes('corrupt_file'), 'the hub noticed the torn read');
    expect(hub.watcher.snapshot().some((e) => e.instance_id === id)).toBe(true);
    expect((await running).output).toBe('finished');
    writeFileSync(path, good);
    expect(removed).toEqual([]);
    expect(hub.sessions.resolve(id)).toBe(session);
    expect(session.state).not.toBe('closed');
  }, 30_000);

  it('a row removed from the registry lets its running call finish, then the instance goes', async () => {
    const id = await plugin('houdini');
    const running = hub.sessions.call<ScriptResult>(id, 'dcc.execute', { code: 'import time\ntime.sleep(0.8)\nreturn "kept"', timeout_ms: 20_000 });
    await waitFor(() => hub.sessions.resolve(id).inFlight === 1, 'call in flight');
    await new RegistryWriter(hub.registryDir).deregister('houdini', id);
    await waitFor(() => !hub.watcher.snapshot().some((e) => e.instance_id === id), 'row gone from the hub view');
    expect((await running).output).toBe('kept');
    expect(hub.sessions.list().some((s) => s.instanceId === id)).toBe(false);
  }, 30_000);

  for (const advertise of [true, false]) {
    it(`a peer that speaks only v1 frames is served end to end through MCP (${advertise ? 'row advertises v1' : 'learnt from its refusal'})`, async () => {
      const { line } = await spawnUntil(PYTHON, [join(ROOT, 'test/fixtures/dcclink/v1_only_peer.py'), hub.registryDir, ...(advertise ? ['--advertise'] : [])], 'V1_READY ');
      const id = line.split(' ')[0]!;
      await waitFor(() => hub.sessions.list().find((s) => s.instanceId === id)?.instanceState === 'ready', 'v1 peer ready', 15_000);
      const client = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
      try {
        await waitFor(async () => (await client.listTools()).tools.some((t) => t.name === 'v1dcc__shout'), 'v1dcc__shout listed');
        const r = await client.callTool({ name: 'v1dcc__shout', arguments: { text: 'frames' } });
        expect(JSON.stringify(r.content)).toContain('FRAMES');
      } finally {
        await client.close();
        await new RegistryWriter(hub.registryDir).deregister('v1dcc', id);
        await waitFor(() => !hub.sessions.list().some((s) => s.instanceId === id), 'v1 peer gone');
      }
    }, 30_000);
  }
});
