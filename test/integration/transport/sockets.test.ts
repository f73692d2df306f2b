import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { formatAddress, parseAddress, type TransportAddress } from '../../../src/main/core/transport/address';
import { connectAddress, connectFirst } from '../../../src/main/core/transport/client';
import { FrameConnection } from '../../../src/main/core/transport/frame-connection';
import { RpcPeer } from '../../../src/main/core/transport/rpc-peer';
import { DccLinkServer } from '../../../src/main/core/transport/server';
import { candidates } from '../../../src/main/core/transport/scheme';
import { deferred, waitFor, within } from '../../helpers/wait';
import { connectAuthenticated } from '../../helpers/dcclink';
import { exited, killAll, startNodePeer } from '../../helpers/processes';

const dir = mkdtempSync(join(tmpdir(), 'dcclink-'));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => killAll());

async function serve(addr: TransportAddress, opts: ConstructorParameters<typeof DccLinkServer>[1] = {}): Promise<DccLinkServer> {
  const server = new DccLinkServer((conn) => {
    const peer = new RpcPeer(conn);
    peer.handle('echo', (p) => p);
  }, opts);
  await server.listen(addr);
  cleanups.push(() => server.close());
  return server;
}

async function client(addr: TransportAddress): Promise<RpcPeer> {
  const peer = new RpcPeer(new FrameConnection(await connectAddress(addr, { timeoutMs: 2000 }), { label: 'client' }));
  cleanups.push(() => peer.close());
  return peer;
}

describe('DccLink over real sockets', () => {
  it('round-trips calls over a Unix socket and removes the socket file on close', async () => {
    const path = join(dir, 'a.sock');
    const server = await serve({ kind: 'unix', path });
    const c = await client(server.address);
    expect(await c.call('echo', { hello: 'unix' })).toEqual({ hello: 'unix' });
    await server.close();
    expect(existsSync(path)).toBe(false);
  });

  it('round-trips calls over TCP with port 0', async () => {
    const server = await serve({ kind: 'tcp', host: '127.0.0.1', port: 0 });
    expect(server.address).toMatchObject({ kind: 'tcp', port: expect.any(Number) });
    const c = await client(server.address);
    expect(await c.call('echo', [1, 'two'])).toEqual([1, 'two']);
  });

  it('removes a stale socket file left by a crashed run, but never a live one', async () => {
    const path = join(dir, 'stale.sock');
    // A real crash: the peer process is killed and leaves its socket file behind.
    const { child } = await startNodePeer(`unix://${path}`);
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(path)).toBe(true);
    const server = await serve({ kind: 'unix', path });
    await expect(new DccLinkServer(() => {}).listen({ kind: 'unix', path })).rejects.toThrow(/in use by a live server/);
    expect(await (await client(server.address)).call('echo', 'alive')).toBe('alive');
    const plain = join(dir, 'not-a-socket');
    writeFileSync(plain, 'data');
    await expect(new DccLinkServer(() => {}).listen({ kind: 'unix', path: plain })).rejects.toThrow(/not a socket/);
  });

  it('a client told the endpoint is dead removes its stale socket file, and only then', async () => {
    const path = join(dir, 'client-stale.sock');
    const { child } = await startNodePeer(`unix://${path}`);
    child.kill('SIGKILL');
    await exited(child);
    await expect(connectAddress({ kind: 'unix', path }, { timeoutMs: 500 })).rejects.toThrow(/connection refused/);
    expect(existsSync(path)).toBe(true);
    await expect(connectAddress({ kind: 'unix', path }, { timeoutMs: 500, removeStale: true })).rejects.toThrow(/removed the stale socket file/);
    expect(existsSync(path)).toBe(false);
  });

  it('enforces max_connections, telling the extra client why', async () => {
    const server = await serve({ kind: 'tcp', host: '127.0.0.1', port: 0 }, { maxConnections: 2 });
    await client(server.address);
    await client(server.address);
    const third = await client(server.address);
    await expect(third.call('echo', 1)).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(server.connectionCount).toBe(2);
  });

  it('closes an idle connection after the connection timeout', async () => {
    const server = await serve({ kind: 'tcp', host: '127.0.0.1', port: 0 }, { connectionTimeoutMs: 100 });
    const c = await client(server.address);
    const closed = deferred();
    c.onclose = () => closed.resolve();
    await within(closed.promise, 2000, 'idle close');
    await waitFor(() => server.connectionCount === 0, 'server to drop the idle connection');
  });

  it('falls back to TCP when the IPC endpoint does not answer', async () => {
    const tcp = await serve({ kind: 'tcp', host: '127.0.0.1', port: 0 });
    const port = (tcp.address as { port: number }).port;
    const list = candidates('auto', { ipc: { kind: 'unix', path: join(dir, 'nobody-home.sock') }, host: '127.0.0.1', port }, 'linux');
    const { socket, address } = await connectFirst(list, { timeoutMs: 1000 });
    socket.destroy();
    expect(formatAddress(address)).toBe(`tcp://127.0.0.1:${port}`);
    await expect(connectFirst([{ kind: 'unix', path: join(dir, 'none.sock') }], { timeoutMs: 500 })).rejects.toThrow(/no such socket/);
  });

  it('a peer that breaks framing gets Err seq 0 INVALID_INPUT and is dropped; other clients are untouched', async () => {
    const server = await serve({ kind: 'tcp', host: '127.0.0.1', port: 0 });
    const good = await client(server.address);
    const bad: Socket = await connectAddress(server.address);
    cleanups.push(() => void bad.destroy());
    const got: Buffer[] = [];
    const closed = deferred();
    bad.on('data', (d: Buffer) => got.push(d));
    bad.on('close', () => closed.resolve());
    bad.write(Buffer.from('0000000963000000000000000000', 'hex')); // type 0x63 is not a frame type
    await within(closed.promise, 2000, 'server closing the bad peer');
    const reply = Buffer.concat(got);
    expect(reply[4]).toBe(3);
    expect(reply.readUInt32BE(9)).toBe(0);
    expect(reply.toString('latin1')).toMatch(/INVALID_INPUT.*unknown frame type 99/);
    expect(await good.call('echo', 'still here')).toBe('still here');
  });

  it('a peer process killed with -9 mid-call fails the call at once with CONNECTION_FAILED', async () => {
    const { child, line } = await startNodePeer(`unix://${join(dir, 'kill.sock')}`);
    const c = await connectAuthenticated(line);
    cleanups.push(() => c.close());
    expect(await c.call('pid')).toBe(child.pid);
    const hanging = c.call('hang', undefined, { timeoutMs: 60_000 });
    child.kill('SIGKILL');
    // "At once": long before the call's 60 s timeout (latency goals live in bench/).
    await expect(within(hanging, 20_000, 'the call failing')).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    await exited(child);
  });

  it('a peer that accepts but never answers times out cleanly', async () => {
    const { line } = await startNodePeer(`tcp://127.0.0.1:0`, '--mute');
    const c = await client(parseAddress(line));
    await expect(c.call('echo', 1, { timeoutMs: 150 })).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
    await expect(c.ping(150)).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
    await waitFor(() => c.pendingCount === 0, 'no pending calls');
  });
});
