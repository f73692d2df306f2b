import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, type RawFrame } from '../../../src/main/core/protocol/frame';
import { FrameEncoder } from '../../../src/main/core/protocol/frame-codec';
import { FrameDecoder } from '../../../src/main/core/protocol/frame-decoder';
import { IpckitFrameDecoder } from '../../../src/main/core/protocol/ipckit';
import { HubError } from '../../../src/main/core/errors';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// SPEC §2's v1 reference vector and our own; dcc-mcp-core's ADR 028 / dcc_link.rs layout:
// [u32 len = 10 + body][u8 0x80|1][u8 type][u64 seq][body].
const V1 = [
  { name: 'v1 Call seq=42 body=01020304 (SPEC)', type: 1, seq: 42, body: '01020304', wire: '00 00 00 0e 81 01 00 00 00 00 00 00 00 2a 01 02 03 04' },
  { name: 'v1 Ping seq=1 empty', type: 7, seq: 1, body: '', wire: '00 00 00 0a 81 07 00 00 00 00 00 00 00 01' },
  { name: 'v1 Reply seq=2^40+7 body=c0', type: 2, seq: 2 ** 40 + 7, body: 'c0', wire: '00 00 00 0b 81 02 00 00 01 00 00 00 00 07 c0' },
  { name: 'v1 Pong seq=0xffffffff body=8100', type: 8, seq: 0xffffffff, body: '8100', wire: '00 00 00 0c 81 08 00 00 00 00 ff ff ff ff 81 00' },
] as const;
// A legacy (v0) frame between them: one connection may carry both.
const V0 = { name: 'v0 Reply seq=99 body=040506', type: 2, seq: 99, body: '040506', wire: '00 00 00 0c 02 00 00 00 00 00 00 00 63 04 05 06' } as const;

function collect(dec: FrameDecoder | IpckitFrameDecoder, chunks: Uint8Array[]): [number, number, string, number | undefined][] {
  const out: [number, number, string, number | undefined][] = [];
  for (const c of chunks) dec.push(c, (f: RawFrame) => out.push([f.type, f.seq, Buffer.from(f.body).toString('hex'), f.version]));
  return out;
}

describe('versioned DccLink frames (ADR 028)', () => {
  for (const v of V1) {
    it(`encodes ${v.name}`, () => {
      expect(encodeFrame(v.type, v.seq, hex(v.body), 1).toString('hex')).toBe(hex(v.wire).toString('hex'));
      expect(new FrameEncoder().encode(v.type, v.seq, undefined, 1).subarray(0, 14).toString('hex')).toBe(
        Buffer.concat([hex('0000000a'), hex(v.wire).subarray(4, 14)]).toString('hex'),
      );
    });
    it(`decodes ${v.name}`, () => {
      const f = decodeFrame(hex(v.wire));
      expect([f.type, f.seq, Buffer.from(f.body).toString('hex'), f.version]).toEqual([v.type, v.seq, v.body, 1]);
    });
  }

  it('a v0 frame decodes as version 0', () => {
    expect(decodeFrame(hex(V0.wire)).version).toBe(0);
  });

  it('decodes v1, v0 and v1 frames back-to-back split at every pair of offsets', () => {
    const seq = [V1[0], V0, V1[1], V1[2], V1[3]];
    const all = Buffer.concat(seq.map((v) => hex(v.wire)));
    const want = seq.map((v) => [v.type, v.seq, v.body, v.wire.startsWith('00 00 00 0c 02') ? 0 : 1]);
    for (let i = 0; i <= all.length; i++) {
      for (let j = i; j <= all.length; j++) {
        expect(collect(new FrameDecoder(), [all.subarray(0, i), all.subarray(i, j), all.subarray(j)])).toEqual(want);
      }
    }
  });

  it('decodes v1 byte by byte and inside ipckit framing', () => {
    const all = Buffer.concat(V1.map((v) => hex(v.wire)));
    expect(collect(new FrameDecoder(), [...all].map((b) => Uint8Array.of(b))).map((f) => f[3])).toEqual([1, 1, 1, 1]);
    const wrapped = Buffer.concat([new FrameEncoder('ipckit').encode(1, 5, { a: 1 }, 1), new FrameEncoder('ipckit').encode(2, 6, null, 0)]);
    for (let i = 0; i <= wrapped.length; i++) {
      expect(collect(new IpckitFrameDecoder(), [wrapped.subarray(0, i), wrapped.subarray(i)]).map((f) => [f[0], f[1], f[3]])).toEqual([
        [1, 5, 1],
        [2, 6, 0],
      ]);
    }
  });

  for (const tag of [0x80, 0x82, 0x90, 0xff]) {
    it(`rejects tagged version byte 0x${tag.toString(16)} as unsupported, on a stream and single-buffer`, () => {
      const wire = hex('00 00 00 0a 00 01 00 00 00 00 00 00 00 01');
      wire[4] = tag;
      expect(() => decodeFrame(wire)).toThrow(/unsupported DccLink frame version/);
      // The stream decoder rejects once len and the tag are in, before the rest of the header arrives.
      const dec = new FrameDecoder();
      let err: unknown;
      try {
        dec.push(wire.subarray(0, 5), () => {});
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(HubError);
      expect((err as HubError).code).toBe('UNSUPPORTED_VERSION');
      expect(() => dec.push(hex('00'), () => {})).toThrow(/unsupported/);
    });
  }

  it('rejects a v1 frame whose len is below its 10-byte header, and an oversize v1 len at the tag byte', () => {
    expect(() => decodeFrame(hex('00 00 00 09 81 01 00 00 00 00 00 00 00'))).toThrow(/below the minimum of 10/);
    const dec = new FrameDecoder({ maxFrameSize: 100 });
    expect(() => dec.push(hex('00 00 00 65 81'), () => {})).toThrow(/exceeds the limit of 100/);
  });

  it('rejects an unknown type inside a v1 frame', () => {
    expect(() => decodeFrame(hex('00 00 00 0a 81 09 00 00 00 00 00 00 00 01'))).toThrow(/unknown frame type 9/);
    expect(() => new FrameDecoder().push(hex('00 00 00 0a 81 00 00 00 00 00 00 00 00 01'), () => {})).toThrow(/unknown frame type 0/);
  });

  it('refuses to write a version it cannot read', () => {
    expect(() => encodeFrame(1, 1, new Uint8Array(0), 2 as 1)).toThrow(/cannot write DccLink frame version 2/);
  });
});
