import { describe, expect, it } from 'vitest';
import { HubError } from '../../../src/main/core/errors';
import { BodyCodec } from '../../../src/main/core/protocol/body-codec';
import { FrameEncoder } from '../../../src/main/core/protocol/frame-codec';
import { FrameDecoder } from '../../../src/main/core/protocol/frame-decoder';
import { IpckitFrameDecoder } from '../../../src/main/core/protocol/ipckit';

/** Deterministic xorshift32 so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

const LIMIT = 64 * 1024;
const ITERATIONS = 100_000;

function validStream(rand: () => number, enc: FrameEncoder): Buffer {
  const parts: Buffer[] = [];
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const type = (1 + Math.floor(rand() * 8)) as 1;
    const body = rand() < 0.3 ? undefined : { method: 'm', params: { x: Math.floor(rand() * 1e6), s: 'y'.repeat(Math.floor(rand() * 40)) } };
    // Both frame versions (ADR 028), mixed within one stream as a responder answering each request in kind would.
    parts.push(enc.encode(type, Math.floor(rand() * 2 ** 40), body, rand() < 0.5 ? 0 : 1));
  }
  return Buffer.concat(parts);
}

function mutate(rand: () => number, buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits && out.length > 0; i++) out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
  return rand() < 0.2 ? out.subarray(0, Math.floor(rand() * out.length)) : out;
}

function randomBytes(rand: () => number): Buffer {
  const out = Buffer.allocUnsafe(Math.floor(rand() * 64));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/** Feeds `buf` in random chunks; returns false once the decoder has rejected the stream. */
function feed(rand: () => number, dec: FrameDecoder | IpckitFrameDecoder, buf: Buffer, body: BodyCodec): void {
  let pos = 0;
  while (pos < buf.length) {
    const n = 1 + Math.floor(rand() * 32);
    try {
      dec.push(buf.subarray(pos, pos + n), (f) => {
        expect(f.body.length).toBeLessThanOrEqual(LIMIT);
        try {
          body.decode(f.body);
        } catch (err) {
          expect(err).toBeInstanceOf(HubError);
        }
      });
    } catch (err) {
      expect(err).toBeInstanceOf(HubError);
      return;
    }
    if (dec instanceof FrameDecoder) expect(dec.buffered).toBeLessThanOrEqual(LIMIT + 14);
    pos += n;
  }
}

describe('decoder fuzz: 100k random and mutated buffers', () => {
  it('never lets a non-HubError escape, never buffers beyond the limit, always terminates', () => {
    const rand = rng(0xdcc11);
    const enc = new FrameEncoder();
    const body = new BodyCodec({ maxBytes: LIMIT, maxContainerLength: 4096 });
    let rejected = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const kind = i % 3;
      const buf = kind === 0 ? randomBytes(rand) : kind === 1 ? mutate(rand, validStream(rand, enc)) : validStream(rand, enc);
      const dec = new FrameDecoder({ maxFrameSize: LIMIT });
      try {
        feed(rand, dec, buf, body);
      } catch (err) {
        throw new Error(`iteration ${i} (kind ${kind}) input ${buf.toString('hex')}: ${String(err)}`);
      }
      if (kind !== 2) rejected++;
    }
    expect(rejected).toBeGreaterThan(60_000);
  });

  it('ipckit decoder holds up under the same treatment', () => {
    const rand = rng(0xbeef);
    const enc = new FrameEncoder('ipckit');
    const body = new BodyCodec({ maxBytes: LIMIT });
    for (let i = 0; i < 20_000; i++) {
      const buf = i % 2 ? mutate(rand, validStream(rand, enc)) : randomBytes(rand);
      feed(rand, new IpckitFrameDecoder({ maxFrameSize: LIMIT }), buf, body);
    }
  });

  it('valid streams decode to exactly what was encoded under random chunking', () => {
    const rand = rng(7);
    const enc = new FrameEncoder();
    const codec = new BodyCodec();
    for (let i = 0; i < 2_000; i++) {
      const values = Array.from({ length: 3 }, (_, k) => ({ method: 'x', params: { i, k, r: rand() } }));
      const versions = values.map(() => (rand() < 0.5 ? 0 : 1) as 0 | 1);
      const wire = Buffer.concat(values.map((v, k) => enc.encode(1, i * 3 + k, v, versions[k])));
      const got: unknown[] = [];
      const gotVersions: unknown[] = [];
      const dec = new FrameDecoder();
      let pos = 0;
      while (pos < wire.length) {
        const n = 1 + Math.floor(rand() * 50);
        dec.push(wire.subarray(pos, pos + n), (f) => (got.push(codec.decode(f.body)), gotVersions.push(f.version)));
        pos += n;
      }
      expect(got).toEqual(values);
      expect(gotVersions).toEqual(versions);
    }
  });
});
