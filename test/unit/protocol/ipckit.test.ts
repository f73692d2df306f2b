import { describe, expect, it } from 'vitest';
import { encodeFrame, type RawFrame } from '../../../src/main/core/protocol/frame';
import { IpckitFrameDecoder, wrapIpckit } from '../../../src/main/core/protocol/ipckit';
import { FrameEncoder } from '../../../src/main/core/protocol/frame-codec';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function decode(chunks: Uint8Array[]): RawFrame[] {
  const dec = new IpckitFrameDecoder();
  const out: RawFrame[] = [];
  for (const c of chunks) dec.push(c, (f) => out.push({ ...f, body: Buffer.from(f.body) }));
  return out;
}

describe('ipckit framing (SPEC §2)', () => {
  it('wraps a frame in a little-endian u32 of 4 + inner len', () => {
    const wrapped = wrapIpckit(encodeFrame(1, 42, hex('01020304')));
    expect(wrapped.toString('hex')).toBe(hex('11 00 00 00 00 00 00 0d 01 00 00 00 00 00 00 00 2a 01 02 03 04').toString('hex'));
  });

  it('FrameEncoder with ipckit framing writes the same bytes as wrapIpckit', () => {
    const enc = new FrameEncoder('ipckit');
    const viaEncoder = enc.encode(2, 7, { result: 'ok' });
    const viaPlain = new FrameEncoder('dcclink').encode(2, 7, { result: 'ok' });
    expect(viaEncoder.toString('hex')).toBe(wrapIpckit(viaPlain).toString('hex'));
  });

  it('unwraps frames split at every offset', () => {
    const all = Buffer.concat([
      wrapIpckit(encodeFrame(1, 42, hex('01020304'))),
      wrapIpckit(encodeFrame(7, 1)),
      wrapIpckit(encodeFrame(2, 99, hex('040506'))),
    ]);
    for (let i = 0; i <= all.length; i++) {
      const frames = decode([all.subarray(0, i), all.subarray(i)]);
      expect(frames.map((f) => f.seq)).toEqual([42, 1, 99]);
    }
  });

  it('rejects a frame whose outer and inner lengths disagree', () => {
    const wrapped = wrapIpckit(encodeFrame(1, 42, hex('01020304')));
    wrapped.writeUInt32LE(18, 0);
    expect(() => decode([Buffer.concat([wrapped, Buffer.alloc(1)])])).toThrow(/ipckit framing mismatch/);
    for (let i = 1; i < 8; i++) {
      expect(() => decode([wrapped.subarray(0, i), wrapped.subarray(i), Buffer.alloc(1)])).toThrow(/mismatch/);
    }
  });

  it('rejects an absurd outer length at once', () => {
    expect(() => decode([hex('ff ff ff 7f')])).toThrow(/out of range/);
  });
});
