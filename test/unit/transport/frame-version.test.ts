import { afterEach, describe, expect, it } from 'vitest';
import type { Duplex } from 'node:stream';
import { BodyCodec } from '../../../src/main/core/protocol/body-codec';
import { FrameEncoder } from '../../../src/main/core/protocol/frame-codec';
import { FrameDecoder } from '../../../src/main/core/protocol/frame-decoder';
import type { RawFrame } from '../../../src/main/core/protocol/frame';
import { FrameConnection } from '../../../src/main/core/transport/frame-connection';
import { createMemoryPair } from '../../../src/main/core/transport/memory-pair';
import { RpcPeer } from '../../../src/main/core/transport/rpc-peer';
import { within } from '../../helpers/wait';

const enc = new FrameEncoder();
const codec = new BodyCodec();
const peers: RpcPeer[] = [];

/** An RpcPeer on one end and raw bytes on the other, so the test sees exactly which layout goes out. */
function rawPair(frameVersion?: 0 | 1): { peer: RpcPeer; raw: Duplex; frames: RawFrame[]; next: () => Promise<RawFrame> } {
  const [a, b] = createMemoryPair();
  const peer = new RpcPeer(new FrameConnection(a, { label: 'dut', frameVersion }));
  peers.push(peer);
  const frames: RawFrame[] = [];
  const waiters: ((f: RawFrame) => void)[] = [];
  const dec = new FrameDecoder();
  b.on('data', (c: Buffer) =>
    dec.push(c, (f) => {
      const copy = { ...f, body: Buffer.from(f.body) };
      const w = waiters.shift();
      if (w) w(copy);
      else frames.push(copy);
    }),
  );
  const next = (): Promise<RawFrame> => within(new Promise<RawFrame>((r) => (frames.length ? r(frames.shift()!) : waiters.push(r))), 2_000, 'next frame');
  return { peer, raw: b, frames, next };
}

afterEach(() => {
  for (const p of peers.splice(0)) p.close();
});

describe('frame versions on a connection (ADR 028)', () => {
  it('answers each Call, Ping and Progress in the version of the request, even when they alternate', async () => {
    const { peer, raw, next } = rawPair();
    peer.handle('echo', (p, ctx) => {
      ctx.progress(1, 2);
      return p;
    });
    raw.write(enc.encode(1, 10, { method: 'echo', params: 'a' }, 1));
    const p1 = await next();
    const r1 = await next();
    expect([p1.type, p1.version, r1.type, r1.seq, r1.version, codec.decode(r1.body)]).toEqual([4, 1, 2, 10, 1, { result: 'a' }]);
    raw.write(enc.encode(1, 11, { method: 'echo', params: 'b' }, 0));
    await next();
    const r2 = await next();
    expect([r2.seq, r2.version]).toEqual([11, 0]);
    raw.write(enc.encode(1, 12, { method: 'nope' }, 1));
    const e3 = await next();
    expect([e3.type, e3.seq, e3.version]).toEqual([3, 12, 1]);
    raw.write(enc.encode(7, 13, { ts_ms: 1 }, 1));
    const pong = await next();
    expect([pong.type, pong.seq, pong.version]).toEqual([8, 13, 1]);
  });

  it('writes its own Calls in v0 until the peer shows v1, then in v1', async () => {
    const { peer, raw, next } = rawPair();
    const first = peer.call('x', null, { timeoutMs: 1_000 }).catch(() => {});
    const c1 = await next();
    expect([c1.type, c1.version]).toEqual([1, 0]);
    raw.write(enc.encode(2, c1.seq, { result: 1 }, 1));
    await first;
    void peer.call('y', null, { timeoutMs: 1_000 }).catch(() => {});
    const c2 = await next();
    expect([c2.type, c2.version]).toEqual([1, 1]);
  });

  it('starts in v1 when told to (a row that advertises v1), and closes only this connection on a tagged version 2', async () => {
    const { peer, raw, next } = rawPair(1);
    void peer.call('x', null, { timeoutMs: 1_000 }).catch(() => {});
    expect((await next()).version).toBe(1);
    const closed = new Promise<string | undefined>((r) => (peer.onclose = (why) => r(why.error?.message)));
    const bad = enc.encode(2, 1, { result: 1 }, 1);
    bad[4] = 0x82;
    raw.write(bad);
    const err = await next();
    expect(err.type).toBe(3);
    expect(codec.decode(err.body)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/unsupported DccLink frame version 2/) });
    expect(await within(closed, 2_000, 'close')).toMatch(/unsupported DccLink frame version 2/);
  });
});
