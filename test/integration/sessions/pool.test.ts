import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SessionManager } from '../../../src/main/core/sessions/session-manager';
import type { InstanceRow } from '../../../src/main/core/sessions/types';
import { killAll, startNodePeer } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

const dir = mkdtempSync(join(tmpdir(), 'pool-'));
const managers: SessionManager[] = [];
afterEach(() => {
  for (const m of managers.splice(0)) m.shutdown();
});
afterAll(() => killAll());

const row = (sock: string): InstanceRow => ({ dcc_type: 'maya', instance_id: randomUUID(), host: '127.0.0.1', port: 0, transport_address: { type: 'unix_socket', path: sock }, metadata: { dcclink: '1' }, lastHeartbeatMs: Date.now() });
async function peer(...flags: string[]) {
  const path = join(dir, `${randomUUID().slice(0, 8)}.sock`);
  await startNodePeer(`unix://${path}`, ...flags);
  return path;
}

describe('connection pool slots', () => {
  it('rows that never answer hello do not hold slots: a real instance of the same DCC connects at once', async () => {
    // Long connect timeout: if hung rows held the 2 slots, the real instance would wait 20 s for one.
    const m = new SessionManager({ config: { connectTimeoutMs: 20_000, reconnectBaseMs: 50, heartbeatIntervalMs: 1_000, maxConnectionsPerDcc: 2 }, hubVersion: 'test' });
    managers.push(m);
    const hung = await Promise.all([peer('--mute'), peer('--mute'), peer('--mute')]);
    for (const p of hung) m.upsert(row(p));
    await waitFor(() => m.list().filter((s) => s.address !== null).length === 3, 'the three hung rows connected (waiting for hello)');
    const real = row(await peer());
    m.upsert(real);
    await waitFor(() => m.list().find((s) => s.instanceId === real.instance_id)?.instanceState === 'ready', 'the real instance ready', 10_000);
    expect(m.list().filter((s) => s.instanceState === 'reachable')).toHaveLength(3);
    expect(await m.call(real.instance_id, 'echo', { ok: 1 })).toEqual({ ok: 1 });
  }, 30_000);
});
