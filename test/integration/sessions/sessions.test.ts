import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SessionManager } from '../../../src/main/core/sessions/session-manager';
import type { InstanceRow, SessionConfig } from '../../../src/main/core/sessions/types';
import { exited, killAll, startNodePeer } from '../../helpers/processes';
import { waitFor, within } from '../../helpers/wait';

const dir = mkdtempSync(join(tmpdir(), 'sessions-'));
const managers: SessionManager[] = [];
afterEach(() => {
  for (const m of managers.splice(0)) m.shutdown();
});
afterAll(() => killAll());

const FAST: Partial<SessionConfig> = { connectTimeoutMs: 500, reconnectBaseMs: 50, heartbeatIntervalMs: 100, reconnectMaxRetries: 3, callTimeoutMs: 5000 };

function manager(config: Partial<SessionConfig> = {}): SessionManager {
  const m = new SessionManager({ config: { ...FAST, ...config }, hubVersion: 'test' });
  managers.push(m);
  return m;
}

function row(dcc: string, sock: string, extra: Partial<InstanceRow> = {}): InstanceRow {
  return { dcc_type: dcc, instance_id: randomUUID(), host: '127.0.0.1', port: 0, transport_address: { type: 'unix_socket', path: sock }, metadata: { dcclink: '1' }, lastHeartbeatMs: Date.now(), ...extra };
}

async function peerAt(name: string, ...flags: string[]) {
  const path = join(dir, `${name}-${randomUUID().slice(0, 8)}.sock`);
  const p = await startNodePeer(`unix://${path}`, ...flags);
  return { ...p, path };
}

describe('sessions against real peer processes', () => {
  it('creates a session when an instance appears, says hello, and keeps its info and tools', async () => {
    const { path } = await peerAt('a');
    const m = manager();
    const r = row('maya', path);
    m.upsert(r);
    const s = await waitFor(() => m.list().find((x) => x.instanceState === 'ready'), 'ready');
    expect(s.state).toBe('connected');
    expect(s.hello?.info.dcc_type).toBe('nodepeer');
    expect(s.hello?.tools.map((t) => t.name)).toEqual(['noop']);
    expect(await m.call('maya', 'echo', { a: 1 })).toEqual({ a: 1 });
    expect(s.requests).toBe(1);
    expect(s.latency.summary().p50Ms).toBeGreaterThan(0);
    expect(s.counters.framesOut).toBeGreaterThanOrEqual(2);
    expect(s.counters.bytesIn).toBeGreaterThan(0);
  });

  it('ignores rows without metadata.dcclink (dcc-mcp-core MCP servers are services)', () => {
    const m = manager();
    m.upsert({ ...row('maya', '/nope'), metadata: {} });
    expect(m.list()).toEqual([]);
  });

  it('kill -9 mid-call: the call fails at once, the session reconnects to the restarted peer, others are unaffected', async () => {
    const a = await peerAt('kill');
    const b = await peerAt('other');
    const m = manager({ reconnectMaxRetries: 10 });
    const ra = row('maya', a.path);
    m.upsert(ra);
    m.upsert(row('blender', b.path));
    await waitFor(() => m.list().filter((x) => x.instanceState === 'ready').length === 2, 'two ready sessions');
    const hanging = m.call(ra.instance_id, 'hang', undefined, { timeoutMs: 60_000 });
    a.child.kill('SIGKILL');
    // "At once": long before the call's 60 s timeout (latency goals live in bench/).
    await expect(within(hanging, 20_000, 'the call failing')).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    const sa = m.resolve(ra.instance_id);
    await waitFor(() => sa.state === 'reconnecting', 'reconnecting');
    expect(sa.instanceState).toBe('unreachable');
    expect(await m.call('blender', 'echo', 'fine')).toBe('fine');
    await exited(a.child);
    // The DCC comes back on the same socket path: reconnected without user action.
    await startNodePeer(`unix://${a.path}`);
    await waitFor(() => sa.state === 'connected' && sa.instanceState === 'ready', 'reconnected', 10_000);
    expect(await m.call(ra.instance_id, 'echo', 'back')).toBe('back');
  });

  it('a peer that accepts but never answers ends up closed after the retries, and re-opens on a new heartbeat', async () => {
    const mute = await peerAt('mute', '--mute');
    const m = manager({ connectTimeoutMs: 150, reconnectMaxRetries: 2 });
    const r = row('houdini', mute.path);
    m.upsert(r);
    const s = m.resolve(r.instance_id);
    await waitFor(() => s.state === 'closed', 'closed after retries', 10_000);
    expect(s.instanceState).toBe('unreachable');
    expect(s.lastError).toMatch(/dcc.auth_challenge timed out/); // the handshake is the first call on a connection
    await expect(m.call(r.instance_id, 'echo', 1)).rejects.toThrow(/unreachable \(gave up after 2 reconnect attempts/);
    // The instance restarts properly on the same path and heartbeats again.
    mute.child.kill('SIGKILL');
    await exited(mute.child);
    await startNodePeer(`unix://${mute.path}`);
    m.upsert({ ...r, lastHeartbeatMs: Date.now() + 1 });
    await waitFor(() => m.resolve(r.instance_id).instanceState === 'ready', 're-opened session', 10_000);
  });

  it('goes idle without traffic and back to connected on a call', async () => {
    const { path } = await peerAt('idle');
    const m = manager({ idleTimeoutMs: 100 });
    const r = row('max', path);
    m.upsert(r);
    const s = m.resolve(r.instance_id);
    await waitFor(() => s.state === 'idle', 'idle');
    const call = m.call('max', 'echo', 1);
    expect(s.state).toBe('connected');
    expect(await call).toBe(1);
    await waitFor(() => s.state === 'idle', 'idle again');
    expect(m.cleanup(undefined)).toEqual({ stale: 0, sessions: 0, evicted: 1 });
    expect(s.state).toBe('closed');
    expect(m.list()).toEqual([]);
  });

  it('limits connections per dcc_type through the pool', async () => {
    const a = await peerAt('p1');
    const b = await peerAt('p2');
    const m = manager({ maxConnectionsPerDcc: 1, connectTimeoutMs: 200, reconnectMaxRetries: 0 });
    const r1 = row('maya', a.path);
    const r2 = row('maya', b.path);
    m.upsert(r1);
    await waitFor(() => m.resolve(r1.instance_id).instanceState === 'ready', 'first ready');
    m.upsert(r2);
    const s2 = m.resolve(r2.instance_id);
    await waitFor(() => s2.state === 'closed', 'second refused');
    expect(s2.lastError).toMatch(/all 1 maya connections are in use/);
    expect(m.poolSize('maya')).toBe(1);
  });

  it('resolves instances by dcc_type or id prefix, with clear errors', async () => {
    const a = await peerAt('r1');
    const m = manager();
    const r1 = row('maya', a.path);
    const r2 = row('maya', a.path);
    m.upsert(r1);
    m.upsert(r2);
    expect(() => m.resolve('maya')).toThrow(/matches 2 instances; use an instance-id prefix/);
    expect(m.resolve(r1.instance_id.slice(0, 8)).instanceId).toBe(r1.instance_id);
    expect(() => m.resolve('blender')).toThrow(/no DCC instance matches "blender"; live instances: maya/);
  });

  it('sync removes sessions whose rows went away; shutdown is final', async () => {
    const a = await peerAt('s');
    const m = manager();
    const r = row('maya', a.path);
    m.sync([r]);
    await waitFor(() => m.list()[0]?.instanceState === 'ready', 'ready');
    m.sync([]);
    expect(m.list()).toEqual([]);
    await waitFor(() => m.poolSize() === 0, 'pool drained');
    m.shutdown();
    m.upsert(r);
    expect(m.list()).toEqual([]);
    await expect(m.call('maya', 'echo')).rejects.toMatchObject({ code: 'SHUT_DOWN' });
  });
});
