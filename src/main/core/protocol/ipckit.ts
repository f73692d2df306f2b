/**
 * ipckit compatibility (SPEC §2): dcc-mcp-core's IpcChannelAdapter wraps every DccLink frame in an extra
 * little-endian u32 (`LE u32 = 4 + inner len`). A frame whose outer and inner lengths disagree is a framing error.
 */
import { HubError } from '../errors';
import { readU32BE, type RawFrame } from './frame';
import { FrameDecoder, type FrameDecoderOptions } from './frame-decoder';

/** Size of the ipckit prefix. */
export const IPCKIT_PREFIX = 4;

/** Wraps an encoded DccLink frame in the ipckit prefix. */
export function wrapIpckit(frame: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(IPCKIT_PREFIX + frame.length);
  // Outer length = the inner frame's own len field (4 bytes) + its declared len = the whole inner frame.
  out.writeUInt32LE(frame.length, 0);
  out.set(frame, IPCKIT_PREFIX);
  return out;
}

/** Streaming decoder for ipckit-wrapped frames; same contract as `FrameDecoder`. */
export class IpckitFrameDecoder {
  private readonly inner: FrameDecoder;
  private readonly prefix = Buffer.alloc(IPCKIT_PREFIX);
  private prefixFill = 0;
  /** Inner bytes still expected for the current outer frame. */
  private remaining = 0;
  private outerLen = 0;
  private innerStart = false;
  private readonly innerHeader = Buffer.alloc(4);
  private innerHeaderFill = 0;
  private failure: HubError | null = null;

  constructor(opts: FrameDecoderOptions = {}) {
    this.inner = new FrameDecoder(opts);
  }

  get maxFrameSize(): number {
    return this.inner.maxFrameSize;
  }

  /**
   * Feeds a chunk; calls `onFrame` for each complete inner frame.
   * @throws HubError INVALID_FRAME when outer and inner lengths disagree, or as `FrameDecoder.push`.
   */
  push(chunk: Uint8Array, onFrame: (frame: RawFrame) => void): void {
    if (this.failure) throw this.failure;
    try {
      this.consume(chunk, onFrame);
    } catch (err) {
      if (err instanceof HubError) this.failure = err;
      throw err;
    }
  }

  private consume(chunk: Uint8Array, onFrame: (frame: RawFrame) => void): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(IPCKIT_PREFIX - this.prefixFill, chunk.length - pos);
        this.prefix.set(chunk.subarray(pos, pos + take), this.prefixFill);
        this.prefixFill += take;
        pos += take;
        if (this.prefixFill < IPCKIT_PREFIX) return;
        this.prefixFill = 0;
        this.remaining = this.prefix.readUInt32LE(0);
        this.outerLen = this.remaining;
        if (this.remaining < 13 || this.remaining > this.maxFrameSize + 4) {
          throw new HubError('INVALID_FRAME', `ipckit length ${this.remaining} is out of range (13..${this.maxFrameSize + 4})`);
        }
        this.innerStart = true;
        this.innerHeaderFill = 0;
      }
      const take = Math.min(this.remaining, chunk.length - pos);
      const part = chunk.subarray(pos, pos + take);
      if (this.innerStart) this.checkInnerLength(part);
      this.remaining -= take;
      pos += take;
      this.inner.push(part, onFrame);
    }
  }

  /** Compares the inner big-endian len with the outer one once its 4 bytes have arrived. */
  private checkInnerLength(part: Uint8Array): void {
    const take = Math.min(4 - this.innerHeaderFill, part.length);
    this.innerHeader.set(part.subarray(0, take), this.innerHeaderFill);
    this.innerHeaderFill += take;
    if (this.innerHeaderFill < 4) return;
    this.innerStart = false;
    const innerLen = readU32BE(this.innerHeader, 0);
    const outer = this.outerLen;
    if (innerLen + 4 !== outer) {
      throw new HubError('INVALID_FRAME', `ipckit framing mismatch: outer length ${outer} but inner frame declares ${innerLen + 4}`);
    }
  }
}
