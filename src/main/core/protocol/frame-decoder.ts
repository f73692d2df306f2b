/**
 * Streaming DccLink frame decoder: a state machine over arbitrarily chunked input. It rejects an oversize
 * frame as soon as the header is read (before buffering the body) and keeps "need more bytes" (no frame yet)
 * apart from "invalid bytes" (a thrown HubError, after which the decoder is poisoned).
 */
import { HubError } from '../errors';
import { DEFAULT_MAX_FRAME_SIZE, HEADER_SIZE, LEN_OVERHEAD, checkHeader, readSeq, readU32BE, type RawFrame } from './frame';

export interface FrameDecoderOptions {
  /** Largest accepted declared length (default 16 MiB). */
  maxFrameSize?: number;
}

/** Decodes plain DccLink frames; see `IpckitFrameDecoder` for the wrapped form. */
export class FrameDecoder {
  readonly maxFrameSize: number;
  private readonly header = Buffer.alloc(HEADER_SIZE);
  private headerFill = 0;
  private body: Buffer | null = null;
  private bodyFill = 0;
  private pendingType = 0;
  private pendingSeq = 0;
  private failure: HubError | null = null;

  constructor(opts: FrameDecoderOptions = {}) {
    this.maxFrameSize = opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  }

  /** Bytes received for a frame not yet complete (header included). */
  get buffered(): number {
    return this.body ? HEADER_SIZE + this.bodyFill : this.headerFill;
  }

  /**
   * Feeds a chunk; calls `onFrame` for every complete frame, in order.
   * @throws HubError (FRAME_TOO_LARGE / INVALID_FRAME) on invalid bytes; frames before them were delivered.
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
    const end = chunk.length;
    while (pos < end) {
      if (this.body) {
        pos = this.fillBody(chunk, pos, onFrame);
        continue;
      }
      // Fast path: a whole frame lies in the chunk and nothing is buffered, so hand out a view without copying.
      if (this.headerFill === 0 && end - pos >= HEADER_SIZE) {
        const len = readU32BE(chunk, pos);
        const type = chunk[pos + 4]!;
        checkHeader(len, type, this.maxFrameSize);
        const seq = readSeq(chunk, pos + 5);
        const frameEnd = pos + 4 + len;
        if (frameEnd <= end) {
          onFrame({ type, seq, body: chunk.subarray(pos + HEADER_SIZE, frameEnd) });
          pos = frameEnd;
          continue;
        }
        this.startBody(type, seq, len);
        pos += HEADER_SIZE;
        continue;
      }
      const take = Math.min(HEADER_SIZE - this.headerFill, end - pos);
      this.header.set(chunk.subarray(pos, pos + take), this.headerFill);
      this.headerFill += take;
      pos += take;
      if (this.headerFill === HEADER_SIZE) this.headerComplete(onFrame);
    }
  }

  private headerComplete(onFrame: (frame: RawFrame) => void): void {
    const len = readU32BE(this.header, 0);
    const type = this.header[4]!;
    checkHeader(len, type, this.maxFrameSize);
    const seq = readSeq(this.header, 5);
    this.headerFill = 0;
    if (len === LEN_OVERHEAD) onFrame({ type, seq, body: new Uint8Array(0) });
    else this.startBody(type, seq, len);
  }

  private startBody(type: number, seq: number, len: number): void {
    // Allocation happens only after checkHeader accepted len, so it is bounded by maxFrameSize.
    this.body = Buffer.allocUnsafe(len - LEN_OVERHEAD);
    this.bodyFill = 0;
    this.pendingType = type;
    this.pendingSeq = seq;
  }

  private fillBody(chunk: Uint8Array, pos: number, onFrame: (frame: RawFrame) => void): number {
    const body = this.body!;
    const take = Math.min(body.length - this.bodyFill, chunk.length - pos);
    body.set(chunk.subarray(pos, pos + take), this.bodyFill);
    this.bodyFill += take;
    if (this.bodyFill === body.length) {
      this.body = null;
      this.bodyFill = 0;
      onFrame({ type: this.pendingType as RawFrame['type'], seq: this.pendingSeq, body });
    }
    return pos + take;
  }
}
