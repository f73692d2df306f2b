/**
 * DccLink frame layout (SPEC §2): `u32 BE len = 9 + body` · `u8 type` · `u64 BE seq` · body.
 * Framing only; bodies are msgpack and handled by `body-codec.ts`.
 */
import { HubError } from '../errors';
import { FRAME_TYPE_NAMES, type FrameType } from '../../../shared/dcclink';

/** Bytes of header before the body: len (4) + type (1) + seq (8). */
export const HEADER_SIZE = 13;
/** `len` counts type + seq + body, i.e. everything after the len field. */
export const LEN_OVERHEAD = 9;
/** Default cap on a frame's declared length. */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

const TWO_32 = 0x1_0000_0000;
/** Largest seq a JS number holds exactly; seqs above it are a framing error rather than silently rounded. */
const MAX_SEQ_HI = 0x1f_ffff;

/** One raw frame; `body` is a view into the received bytes (not copied). */
export interface RawFrame {
  type: FrameType;
  seq: number;
  body: Uint8Array;
}

/** @returns true for the tags 1..8. */
export function isFrameType(t: number): t is FrameType {
  return t >= 1 && t <= 8;
}

/**
 * Encodes one frame.
 * @throws HubError INVALID_FRAME for a bad type or seq.
 */
export function encodeFrame(type: FrameType, seq: number, body: Uint8Array = EMPTY): Buffer {
  if (!isFrameType(type)) throw new HubError('INVALID_FRAME', `unknown frame type ${String(type)} (expected 1..8)`);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new HubError('INVALID_FRAME', `seq must be a non-negative safe integer, got ${seq}`);
  const out = Buffer.allocUnsafe(HEADER_SIZE + body.length);
  writeHeader(out, 0, type, seq, body.length);
  out.set(body, HEADER_SIZE);
  return out;
}

/** Writes the 13-byte header at `offset`. */
export function writeHeader(out: Buffer, offset: number, type: FrameType, seq: number, bodyLength: number): void {
  out.writeUInt32BE(LEN_OVERHEAD + bodyLength, offset);
  out[offset + 4] = type;
  out.writeUInt32BE(Math.floor(seq / TWO_32), offset + 5);
  out.writeUInt32BE(seq >>> 0, offset + 9);
}

/**
 * Reads the seq at `offset`.
 * @throws HubError INVALID_FRAME when it does not fit in 2^53 - 1.
 */
export function readSeq(buf: Uint8Array, offset: number): number {
  const hi = ((buf[offset]! << 24) | (buf[offset + 1]! << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!) >>> 0;
  const lo = ((buf[offset + 4]! << 24) | (buf[offset + 5]! << 16) | (buf[offset + 6]! << 8) | buf[offset + 7]!) >>> 0;
  if (hi > MAX_SEQ_HI) throw new HubError('INVALID_FRAME', `seq ${hi}·2^32+${lo} exceeds 2^53-1`);
  return hi * TWO_32 + lo;
}

/** Reads a big-endian u32. */
export function readU32BE(buf: Uint8Array, offset: number): number {
  return ((buf[offset]! << 24) | (buf[offset + 1]! << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!) >>> 0;
}

/**
 * Validates a frame header's declared length and type.
 * @throws HubError FRAME_TOO_LARGE or INVALID_FRAME.
 */
export function checkHeader(len: number, type: number, maxFrameSize: number): asserts type is FrameType {
  if (len < LEN_OVERHEAD) throw new HubError('INVALID_FRAME', `declared frame length ${len} is below the minimum of ${LEN_OVERHEAD}`);
  if (len > maxFrameSize) {
    throw new HubError('FRAME_TOO_LARGE', `declared frame length ${len} exceeds the limit of ${maxFrameSize} bytes`, { len, limit: maxFrameSize });
  }
  if (!isFrameType(type)) throw new HubError('INVALID_FRAME', `unknown frame type ${type} (expected 1..8)`, { type });
}

/**
 * Decodes exactly one frame from a complete buffer (the counterpart of `DccLinkFrame.decode`).
 * @throws HubError INVALID_FRAME "length mismatch" when the buffer is not exactly one frame.
 */
export function decodeFrame(buf: Uint8Array, maxFrameSize = DEFAULT_MAX_FRAME_SIZE): RawFrame {
  if (buf.length < HEADER_SIZE) throw new HubError('INVALID_FRAME', `length mismatch: ${buf.length} bytes is shorter than a frame header`);
  const len = readU32BE(buf, 0);
  const type = buf[4]!;
  checkHeader(len, type, maxFrameSize);
  if (buf.length - 4 !== len) {
    throw new HubError('INVALID_FRAME', `length mismatch: header declares ${len} bytes but ${buf.length - 4} follow`);
  }
  return { type, seq: readSeq(buf, 5), body: buf.subarray(HEADER_SIZE) };
}

/** A readable name for logs and the traffic view. */
export function frameTypeName(type: FrameType): string {
  return FRAME_TYPE_NAMES[type];
}

const EMPTY = new Uint8Array(0);
