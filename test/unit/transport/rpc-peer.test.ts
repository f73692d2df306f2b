import { afterEach, describe, expect, it } from 'vitest';
import { FrameConnection } from '../../../src/main/core/transport/frame-connection';
import { createMemoryPair } from '../../../src/main/core/transport/memory-pair';
import { RpcPeer } from '../../../src/main/core/transport/rpc-peer';
import { DccRemoteError } from '../../../src/main/core/transport/remote-error';
import { TrafficTap, type FrameEvent } from '../../../src/main/core/transport/traffic-tap';
import { deferred, waitFor, within } from '../../helpers/wait';
import { FrameDecoder } from '../../../src/main/core/protocol/frame-decoder';
import { encodeFrame } from '../../../src/main/core/protocol/frame';
import { FrameType } from '../../../src/shared/dcclink';

const peers: RpcPeer[] = [];
function pair(opts: ConstructorParameters<typeof RpcPeer>[1] = {}): [RpcPeer, RpcPeer] {
  const [a, b] = createMemoryPair();
  const hub = new RpcPeer(new FrameConnection(a, { label: 'hub' }), opts);
  const dcc = new RpcPeer(new FrameConnection(b, { label: 'dcc' }));
  peers.push(hub, dcc);
  return [hub, dcc];
}

afterEach(() => {
  for (const p of peers.splice(0)) p.close();
});

describe('RpcPeer', () => {
  it('correlates replies by seq even when they come back out of order', async () => {
    const [hub, dcc] = pair();
    dcc.handle('echo', async (params) => {
      const { v, delay } = params as { v: number; delay: number };
      await new Promise((r) => setTimeout(r, delay));
      return v;
    });
    const results = await Promise.all([30, 1, 15, 0].map((delay, v) => hub.call('echo', { v, delay })));
    expect(results).toEqual([0, 1, 2, 3]);
  });

  it('turns an Err frame into a DccRemoteError with code and message', async () => {
    const [hub, dcc] = pair();
    dcc.handle('boom', () => {
      throw new DccRemoteError({ code: 'SCRIPT_ERROR', message: 'NameError: foo', recoverable: false });
    });
    await expect(hub.call('boom')).rejects.toMatchObject({ name: 'DccRemoteError', code: 'SCRIPT_ERROR', message: 'NameError: foo' });
  });

  it('answers an unknown method with UNSUPPORTED', async () => {
    const [hub] = pair();
    await expect(hub.call('nope')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('times out a call, sends Cancel to the peer, and ignores the late reply', async () => {
    const [hub, dcc] = pair();
    const cancelled = deferred<string>();
    dcc.handle('slow', (_p, ctx) => new Promise((resolve) => {
      ctx.signal.addEventListener('abort', () => cancelled.resolve(String((ctx.signal.reason as Error).message)));
      setTimeout(() => resolve('late'), 300);
    }));
    await expect(hub.call('slow', undefined, { timeoutMs: 50 })).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT', message: 'slow timed out after 50 ms' });
    expect(await within(cancelled.promise, 1000, 'cancel at the peer')).toBe('timeout');
    expect(hub.pendingCount).toBe(0);
  });

  it('relays Progress frames to the caller', async () => {
    const [hub, dcc] = pair();
    dcc.handle('work', async (_p, ctx) => {
      for (let i = 1; i <= 3; i++) ctx.progress(i, 3, `step ${i}`);
      return 'done';
    });
    const seen: unknown[] = [];
    expect(await hub.call('work', undefined, { onProgress: (p) => seen.push(p) })).toBe('done');
    expect(seen).toEqual([
      { progress: 1, total: 3, message: 'step 1' },
      { progress: 2, total: 3, message: 'step 2' },
      { progress: 3, total: 3, message: 'step 3' },
    ]);
  });

  it('cancels through an AbortSignal: rejects at once and aborts the handler', async () => {
    const [hub, dcc] = pair();
    const aborted = deferred();
    dcc.handle('forever', (_p, ctx) => new Promise(() => ctx.signal.addEventListener('abort', () => aborted.resolve())));
    const ac = new AbortController();
    const call = hub.call('forever', undefined, { signal: ac.signal });
    ac.abort('user pressed stop');
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED', message: 'forever cancelled: user pressed stop' });
    await within(aborted.promise, 1000, 'handler abort');
  });

  it('delivers Push events', async () => {
    const [hub, dcc] = pair();
    const got = deferred<unknown>();
    hub.onpush = (p) => got.resolve(p);
    dcc.push('scene.changed', { scene: 'shot010.ma' });
    expect(await within(got.promise, 1000, 'push')).toEqual({ topic: 'scene.changed', data: { scene: 'shot010.ma' } });
  });

  it('measures Ping/Pong round trips', async () => {
    const [hub] = pair();
    const rtt = await hub.ping();
    expect(rtt).toBeGreaterThan(0);
    expect(hub.lastRttMs).toBe(rtt);
  });

  it('closing the connection rejects every pending call at once with CONNECTION_FAILED', async () => {
    const [hub, dcc] = pair();
    dcc.handle('hang', () => new Promise(() => {}));
    const calls = Array.from({ length: 5 }, () => hub.call('hang', undefined, { timeoutMs: 60_000 }));
    dcc.close();
    // "At once": settled before any of their 60 s timeouts could fire (timing goals live in bench/).
    const results = await within(Promise.allSettled(calls), 10_000, 'pending calls rejected');
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'CONNECTION_FAILED' } });
    await expect(hub.call('hang')).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });

  it('heartbeat closes a connection only after three Pings in a row went unanswered', async () => {
    const [a, b] = createMemoryPair();
    const hub = new RpcPeer(new FrameConnection(a, { label: 'hub' }));
    peers.push(hub);
    let pings = 0;
    const decoder = new FrameDecoder();
    b.on('data', (chunk: Buffer) => decoder.push(chunk, (f) => (pings += f.type === FrameType.Ping ? 1 : 0))); // reads, never answers
    const closed = deferred<string>();
    hub.onclose = (r) => closed.resolve(r.error?.message ?? '');
    hub.startHeartbeat(20, 3);
    expect(await within(closed.promise, 5000, 'heartbeat close')).toMatch(/no Pong for 3 heartbeats/);
    expect(pings).toBe(3);
    b.destroy();
  });

  it('heartbeat keeps a connection whose peer misses two Pings in a row but answers the third', async () => {
    const [a, b] = createMemoryPair();
    const hub = new RpcPeer(new FrameConnection(a, { label: 'hub' }));
    peers.push(hub);
    let pings = 0;
    const decoder = new FrameDecoder();
    b.on('data', (chunk: Buffer) =>
      decoder.push(chunk, (f) => {
        if (f.type !== FrameType.Ping) return;
        if (++pings % 3 === 0) b.write(encodeFrame(FrameType.Pong, f.seq, f.body));
      }),
    );
    let closed = false;
    hub.onclose = () => (closed = true);
    hub.startHeartbeat(20, 3);
    await waitFor(() => pings >= 12, 'twelve heartbeats');
    expect(closed).toBe(false);
    expect(hub.isOpen).toBe(true);
    hub.stopHeartbeat();
    b.destroy();
  });

  it('an undecodable Reply body fails only that call; the connection stays up', async () => {
    const [a, b] = createMemoryPair();
    const hub = new RpcPeer(new FrameConnection(a, { label: 'hub' }));
    peers.push(hub);
    const p = hub.call('x');
    // Reply seq 1 with the invalid msgpack byte 0xc1.
    b.write(Buffer.from('0000000a02000000000000000' + '1c1', 'hex'));
    await expect(p).rejects.toMatchObject({ code: 'DECODE_FAILED' });
    expect(hub.isOpen).toBe(true);
    b.destroy();
  });

  it('an undecodable Call body gets Err INVALID_INPUT for its seq', async () => {
    const [a, b] = createMemoryPair();
    const dcc = new RpcPeer(new FrameConnection(a, { label: 'dcc' }));
    peers.push(dcc);
    const got = deferred<Buffer>();
    b.on('data', (d: Buffer) => got.resolve(d));
    b.write(Buffer.from('0000000a010000000000000007c1', 'hex'));
    const reply = await within(got.promise, 1000, 'err reply');
    expect(reply[4]).toBe(3);
    expect(reply.readUInt32BE(9)).toBe(7);
    expect(reply.toString('latin1')).toContain('INVALID_INPUT');
    b.destroy();
  });

  it('shows every frame in and out on the traffic tap, and builds nothing when nobody listens', async () => {
    const tap = new TrafficTap();
    const [hub, dcc] = pair({ tap });
    dcc.handle('add', (p) => (p as number[]).reduce((a, b) => a + b, 0));
    await hub.call('add', [1, 2]);
    expect(tap.active).toBe(false);
    const seen: FrameEvent[] = [];
    const off = tap.subscribe((e) => seen.push(e));
    await hub.call('add', [2, 3]);
    off();
    expect(seen.map((e) => [e.dir, e.type, e.seq])).toEqual([
      ['out', 'Call', 2],
      ['in', 'Reply', 2],
    ]);
    expect(seen[0]!.body).toMatchObject({ method: 'add', params: [2, 3] });
    expect(seen[1]!.size).toBeGreaterThan(13);
    expect(tap.active).toBe(false);
  });
});
