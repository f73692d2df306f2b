/**
 * DccLink frame layout (SPEC §2). Version 0 ("legacy"): `u32 BE len = 9 + body` · `u8 type` · `u64 BE seq` · body.
 * Version 1 (dcc-mcp-core ≥ 0.20.9, ADR 028): `u32 BE len = 10 + body` · `u8 0x80|1` · `u8 type` · `u64 BE seq` ·
 * body. Framing only; bodies are msgpack and handled by `body-codec.ts`.
 */
import { HubError } from '../errors';
import { FRAME_TYPE_NAMES, type FrameType } from '../../../shared/dcclink';

/** The frame layouts this hub reads and writes. */
export type FrameVersion = 0 | 1;
/** Frame versions this hub reads, for `dcc.hello` and error messages. */
export const SUPPORTED_FRAME_VERSIONS: readonly FrameVersion[] = [0, 1];
/** Bytes of a version-0 header before the body: len (4) + type (1) + seq (8). */
export const HEADER_SIZE = 13;
/** `len` of a version-0 frame counts type + seq + body, i.e. everything after the len field. */
export const LEN_OVERHEAD = 9;
/** Default cap on a frame's declared length. */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** The high bit of the byte after `len` marks a version tag; legacy types are 1..8 so they never have it. */
export const VERSION_TAG_FLAG = 0x80;

const TWO_32 = 0x1_0000_0000;
/** Largest seq a JS number holds exactly; seqs above it are a framing error rather than silently rounded. */
const MAX_SEQ_HI = 0x1f_ffff;

/** One raw frame; `body` is a view into the received bytes (not copied). */
export interface RawFrame {
  type: FrameType;
  seq: number;
  body: Uint8Array;
  /** The layout the peer used (absent = 0). */
  version?: FrameVersion;
}

/** @returns true for the tags 1..8. */
export function isFrameType(t: number): t is FrameType {
  return t >= 1 && t <= 8;
}

/** Header bytes before the body for a version: 13 (v0) or 14 (v1). */
export function headerSize(version: FrameVersion): number {
  return version === 0 ? HEADER_SIZE : HEADER_SIZE + 1;
}

/**
 * Encodes one frame.
 * @throws HubError INVALID_FRAME for a bad type, seq or version.
 */
export function encodeFrame(type: FrameType, seq: number, body: Uint8Array = EMPTY, version: FrameVersion = 0): Buffer {
  if (!isFrameType(type)) throw new HubError('INVALID_FRAME', `unknown frame type ${String(type)} (expected 1..8)`);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new HubError('INVALID_FRAME', `seq must be a non-negative safe integer, got ${seq}`);
  const head = headerSize(version);
  const out = Buffer.allocUnsafe(head + body.length);
  writeHeader(out, 0, type, seq, body.length, version);
  out.set(body, head);
  return out;
}

/**
 * Writes the header (13 bytes for v0, 14 for v1) at `offset`.
 * @throws HubError INVALID_FRAME for a version this hub cannot write.
 */
export function writeHeader(out: Buffer, offset: number, type: FrameType, seq: number, bodyLength: number, version: FrameVersion = 0): void {
  if (version !== 0 && version !== 1) throw new HubError('INVALID_FRAME', `cannot write DccLink frame version ${String(version)} (supported: 0, 1)`);
  const head = headerSize(version);
  out.writeUInt32BE(head - 4 + bodyLength, offset);
  let p = offset + 4;
  if (version === 1) out[p++] = VERSION_TAG_FLAG | 1;
  out[p] = type;
  out.writeUInt32BE(Math.floor(seq / TWO_32), p + 1);
  out.writeUInt32BE(seq >>> 0, p + 5);
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
 * The version announced by the byte after `len`, checking the declared length against it and the limit.
 * @throws HubError UNSUPPORTED_VERSION for a tagged version other than 1 (0x80, 0x82..0xFF), FRAME_TOO_LARGE,
 * INVALID_FRAME for a length below the header.
 */
export function checkLead(len: number, lead: number, maxFrameSize: number): FrameVersion {
  let version: FrameVersion = 0;
  if (lead & VERSION_TAG_FLAG) {
    const v = lead & ~VERSION_TAG_FLAG;
    // ADR 028: future versions must never be accepted by accident; a tagged 0 is not the legacy layout either.
    if (v !== 1) throw new HubError('UNSUPPORTED_VERSION', `unsupported DccLink frame version ${v} (tag 0x${lead.toString(16)}); this hub reads versions 0 and 1`, { version: v });
    version = 1;
  }
  const min = headerSize(version) - 4;
  if (len < min) throw new HubError('INVALID_FRAME', `declared frame length ${len} is below the minimum of ${min}`);
  if (len > maxFrameSize) {
    throw new HubError('FRAME_TOO_LARGE', `declared frame length ${len} exceeds the limit of ${maxFrameSize} bytes`, { len, limit: maxFrameSize });
  }
  if (version === 0) checkType(lead);
  return version;
}

/**
 * Validates a frame type byte.
 * @throws HubError INVALID_FRAME for anything but 1..8.
 */
export function checkType(type: number): asserts type is FrameType {
  if (!isFrameType(type)) throw new HubError('INVALID_FRAME', `unknown frame type ${type} (expected 1..8)`, { type });
}

/**
 * Decodes exactly one frame from a complete buffer (the counterpart of `DccLinkFrame.decode`), either version.
 * @throws HubError INVALID_FRAME "length mismatch" when the buffer is not exactly one frame; UNSUPPORTED_VERSION.
 */
export function decodeFrame(buf: Uint8Array, maxFrameSize = DEFAULT_MAX_FRAME_SIZE): RawFrame {
  if (buf.length < HEADER_SIZE) throw new HubError('INVALID_FRAME', `length mismatch: ${buf.length} bytes is shorter than a frame header`);
  const len = readU32BE(buf, 0);
  const version = checkLead(len, buf[4]!, maxFrameSize);
  const head = headerSize(version);
  if (buf.length < head) throw new HubError('INVALID_FRAME', `length mismatch: ${buf.length} bytes is shorter than a version ${version} frame header`);
  if (buf.length - 4 !== len) {
    throw new HubError('INVALID_FRAME', `length mismatch: header declares ${len} bytes but ${buf.length - 4} follow`);
  }
  const type = buf[head - 9]!;
  checkType(type);
  return { type, seq: readSeq(buf, head - 8), body: buf.subarray(head), version };
}

/** A readable name for logs and the traffic view. */
export function frameTypeName(type: FrameType): string {
  return FRAME_TYPE_NAMES[type];
}

const EMPTY = new Uint8Array(0);
