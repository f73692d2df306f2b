import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../../src/main/core/protocol/frame';
import { FrameDecoder } from '../../../src/main/core/protocol/frame-decoder';
import type { RawFrame } from '../../../src/main/core/protocol/frame';
import { HubError } from '../../../src/main/core/errors';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// The reference vectors of SPEC §2.
const VECTORS = [
  { name: 'Call seq=42 body=01020304', type: 1, seq: 42, body: '01020304', wire: '00 00 00 0d 01 00 00 00 00 00 00 00 2a 01 02 03 04' },
  { name: 'Ping seq=1 empty', type: 7, seq: 1, body: '', wire: '00 00 00 09 07 00 00 00 00 00 00 00 01' },
  { name: 'Reply seq=99 body=040506', type: 2, seq: 99, body: '040506', wire: '00 00 00 0c 02 00 00 00 00 00 00 00 63 04 05 06' },
] as const;

function decodeAll(dec: FrameDecoder, chunks: Uint8Array[]): RawFrame[] {
  const out: RawFrame[] = [];
  for (const c of chunks) dec.push(c, (f) => out.push({ ...f, body: Buffer.from(f.body) }));
  return out;
}

describe('DccLink frame (SPEC §2 vectors)', () => {
  for (const v of VECTORS) {
    it(`encodes ${v.name}`, () => {
      expect(encodeFrame(v.type, v.seq, hex(v.body)).toString('hex')).toBe(hex(v.wire).toString('hex'));
    });
    it(`decodes ${v.name}`, () => {
      const f = decodeFrame(hex(v.wire));
      expect(f.type).toBe(v.type);
      expect(f.seq).toBe(v.seq);
      expect(Buffer.from(f.body).toString('hex')).toBe(v.body);
    });
  }

  it('len 16 but 12 bytes follow: "length mismatch" for a single-buffer decode', () => {
    const buf = Buffer.concat([hex('00 00 00 10 01 00 00 00 00 00 00 00 01'), hex('aabbcc')]);
    expect(() => decodeFrame(buf)).toThrow(/length mismatch/);
  });

  it('len 16 but 12 bytes follow: incomplete on a stream (no frame, no error)', () => {
    const dec = new FrameDecoder();
    const frames = decodeAll(dec, [Buffer.concat([hex('00 00 00 10 01 00 00 00 00 00 00 00 01'), hex('aabbcc')])]);
    expect(frames).toEqual([]);
    expect(dec.buffered).toBe(13 + 3);
  });

  it('decodes the three vectors back-to-back split at every offset', () => {
    const all = Buffer.concat(VECTORS.map((v) => hex(v.wire)));
    for (let i = 0; i <= all.length; i++) {
      for (let j = i; j <= all.length; j++) {
        const frames = decodeAll(new FrameDecoder(), [all.subarray(0, i), all.subarray(i, j), all.subarray(j)]);
        expect(frames.map((f) => [f.type, f.seq, Buffer.from(f.body).toString('hex')])).toEqual(
          VECTORS.map((v) => [v.type, v.seq, v.body]),
        );
      }
    }
  });

  it('decodes byte by byte', () => {
    const all = Buffer.concat(VECTORS.map((v) => hex(v.wire)));
    const frames = decodeAll(new FrameDecoder(), [...all].map((b) => Uint8Array.of(b)));
    expect(frames).toHaveLength(3);
  });

  it('rejects an oversize declared length as soon as the header is read, before any body arrives', () => {
    const dec = new FrameDecoder({ maxFrameSize: 1024 });
    const header = hex('00 00 04 0a 01 00 00 00 00 00 00 00 01'); // len 1034 > 1024
    expect(() => dec.push(header, () => {})).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }));
    expect(dec.buffered).toBe(0);
  });

  it('rejects an oversize length split inside the header', () => {
    const dec = new FrameDecoder({ maxFrameSize: 1024 });
    dec.push(hex('00 00'), () => {});
    expect(() => dec.push(hex('04 0a 01 00 00 00 00 00 00 00 01'), () => {})).toThrow(/exceeds the limit of 1024/);
  });

  it('defaults the limit to 16 MiB', () => {
    expect(new FrameDecoder().maxFrameSize).toBe(16 * 1024 * 1024);
    const dec = new FrameDecoder();
    expect(() => dec.push(hex('01 00 00 0a 01 00 00 00 00 00 00 00 01'), () => {})).toThrow(HubError);
  });

  it.each([0x82, 200, 255])('rejects byte %i after len as an unsupported frame version (ADR 028)', (t) => {
    const buf = encodeFrame(1, 5, hex('00'));
    buf[4] = t;
    expect(() => new FrameDecoder().push(buf, () => {})).toThrow(/unsupported DccLink frame version/);
    expect(() => decodeFrame(buf)).toThrow(/unsupported DccLink frame version/);
  });

  it.each([0, 9, 127])('rejects unknown frame type %i', (t) => {
    const buf = encodeFrame(1, 5, hex('00'));
    buf[4] = t;
    expect(() => new FrameDecoder().push(buf, () => {})).toThrow(/unknown frame type/);
    expect(() => decodeFrame(buf)).toThrow(/unknown frame type/);
  });

  it('rejects a declared length below the header size', () => {
    expect(() => new FrameDecoder().push(hex('00 00 00 03 01 00 00 00 00 00 00 00 01'), () => {})).toThrow(/below the minimum/);
  });

  it('delivers frames before a bad one, then stays failed', () => {
    const good = encodeFrame(7, 1);
    const bad = encodeFrame(7, 2);
    bad[4] = 42;
    const seen: number[] = [];
    const dec = new FrameDecoder();
    expect(() => dec.push(Buffer.concat([good, bad]), (f) => seen.push(f.seq))).toThrow();
    expect(seen).toEqual([1]);
    expect(() => dec.push(good, () => {})).toThrow(/unknown frame type/);
  });

  it('round-trips seqs up to 2^53-1 and rejects larger ones', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(decodeFrame(encodeFrame(2, max)).seq).toBe(max);
    const buf = encodeFrame(2, 0);
    buf.writeUInt32BE(0x0020_0000, 5);
    expect(() => decodeFrame(buf)).toThrow(/exceeds 2\^53-1/);
    expect(() => encodeFrame(2, -1)).toThrow(/non-negative/);
  });

  it('reassembles a large body arriving in many chunks', () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 7);
    const wire = encodeFrame(2, 9, body);
    const chunks: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 65536) chunks.push(wire.subarray(i, i + 65536));
    const frames = decodeAll(new FrameDecoder(), chunks);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.body.length).toBe(body.length);
    expect(Buffer.compare(Buffer.from(frames[0]!.body), body)).toBe(0);
  });
});
