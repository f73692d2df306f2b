import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubApi } from '../../../src/main/core/api/hub-api';
import type { Hub } from '../../../src/main/core/hub';
import type { ScriptResult } from '../../../src/shared/dcclink';
import { ROOT, killAll, spawnUntil } from '../../helpers/processes';
import { PYTHON, startHub } from '../../helpers/hub';
import { waitFor } from '../../helpers/wait';
import { join } from 'node:path';

let hub: Hub;
let api: HubApi;
let id: string;
beforeAll(async () => {
  ({ hub } = await startHub());
  api = new HubApi(hub, { cliPath: '' });
  // A short "stuck" grace so the test sees the report quickly.
  const plugin = await spawnUntil(PYTHON, [join(ROOT, 'resources/dcc-plugin/run_standalone.py'), '--dcc', 'maya', '--registry-dir', hub.registryDir], 'DCC_MCP_PLUGIN_READY ', 15_000, { ...process.env, DCC_MCP_STUCK_AFTER_S: '0.3' });
  id = (JSON.parse(plugin.line) as { instance_id: string }).instance_id;
  await waitFor(() => hub.sessions.list().find((s) => s.instanceId === id)?.instanceState === 'ready', 'ready', 15_000);
}, 30_000);
afterAll(async () => {
  api.close();
  await hub.stop();
  killAll();
});

const call = <T>(method: string, params?: unknown) => hub.sessions.call<T>(id, method, params);
const view = () => api.instances().find((i) => i.id === id);

describe('the Python plugin under faults, through the hub', () => {
  it('turns a result over the frame limit into RESULT_TOO_LARGE and keeps the connection', async () => {
    const session = hub.sessions.resolve(id);
    const connectedAt = session.connectedAtMs;
    await expect(call('dcc.execute', { code: 'return "x" * (20 * 1024 * 1024)', timeout_ms: 20_000 })).rejects.toMatchObject({ code: 'RESULT_TOO_LARGE', message: expect.stringContaining('over the 16777207-byte limit') });
    expect((await call<ScriptResult>('dcc.execute', { code: 'return "same connection"' })).output).toBe('same connection');
    expect(session.connectedAtMs).toBe(connectedAt);
  }, 30_000);

  it('shows a main thread stuck in a stopped script in InstanceView and refuses work until it returns', async () => {
    // Blocking the interrupt signal makes time.sleep() uninterruptible, as a native call in a GUI host would be.
    const code = 'import signal, time\nsignal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])\ntry:\n    time.sleep(2)\nfinally:\n    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])';
    const stuckCall = call('dcc.execute', { code, timeout_ms: 100 }).catch((e: unknown) => e);
    await waitFor(() => view()?.stuck !== undefined, 'instance shown stuck', 10_000);
    expect(view()?.stuck?.message).toMatch(/main thread is stuck/);
    await expect(call('dcc.execute', { code: 'return 1' })).rejects.toMatchObject({ code: 'NOT_RESPONDING' });
    await waitFor(() => view()?.stuck === undefined, 'instance no longer stuck', 10_000);
    expect(await stuckCall).toMatchObject({ code: 'TIMEOUT' });
    expect((await call<ScriptResult>('dcc.execute', { code: 'return "back"' })).output).toBe('back');
  }, 30_000);
});
