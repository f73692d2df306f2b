/**
 * Streaming DccLink frame decoder: a state machine over arbitrarily chunked input, for both frame versions. It
 * rejects an oversize frame (or an unsupported version tag) as soon as `len` and the byte after it are read
 * (before buffering the body) and keeps "need more bytes" (no frame yet) apart from "invalid bytes" (a thrown
 * HubError, after which the decoder is poisoned).
 */
import { HubError } from '../errors';
import { DEFAULT_MAX_FRAME_SIZE, HEADER_SIZE, checkLead, checkType, headerSize, readSeq, readU32BE, type FrameVersion, type RawFrame } from './frame';

export interface FrameDecoderOptions {
  /** Largest accepted declared length (default 16 MiB). */
  maxFrameSize?: number;
}

/** `len` + the version-or-type byte: enough to know the layout and validate the length. */
const LEAD_SIZE = 5;

/** Decodes plain DccLink frames; see `IpckitFrameDecoder` for the wrapped form. */
export class FrameDecoder {
  readonly maxFrameSize: number;
  private readonly header = Buffer.alloc(HEADER_SIZE + 1);
  private headerFill = 0;
  /** Header size of the frame being read; known once the lead bytes arrived. */
  private headerNeed = LEAD_SIZE;
  private version: FrameVersion = 0;
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
    return this.body ? headerSize(this.version) + this.bodyFill : this.headerFill;
  }

  /**
   * Feeds a chunk; calls `onFrame` for every complete frame, in order.
   * @throws HubError (FRAME_TOO_LARGE / INVALID_FRAME / UNSUPPORTED_VERSION) on invalid bytes; frames before them
   * were delivered.
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
      // Fast path: a whole header lies in the chunk and nothing is buffered, so hand out a view without copying.
      if (this.headerFill === 0 && end - pos >= LEAD_SIZE) {
        const len = readU32BE(chunk, pos);
        const version = checkLead(len, chunk[pos + 4]!, this.maxFrameSize);
        const head = headerSize(version);
        if (end - pos >= head) {
          const type = chunk[pos + head - 9]!;
          checkType(type);
          const seq = readSeq(chunk, pos + head - 8);
          const frameEnd = pos + 4 + len;
          if (frameEnd <= end) {
            onFrame({ type, seq, body: chunk.subarray(pos + head, frameEnd), version });
            pos = frameEnd;
            continue;
          }
          this.version = version;
          this.startBody(type, seq, len - (head - 4));
          pos += head;
          continue;
        }
      }
      const take = Math.min(this.headerNeed - this.headerFill, end - pos);
      this.header.set(chunk.subarray(pos, pos + take), this.headerFill);
      this.headerFill += take;
      pos += take;
      if (this.headerFill === LEAD_SIZE && this.headerNeed === LEAD_SIZE) {
        this.version = checkLead(readU32BE(this.header, 0), this.header[4]!, this.maxFrameSize);
        this.headerNeed = headerSize(this.version);
      } else if (this.headerFill === this.headerNeed) this.headerComplete(onFrame);
    }
  }

  private headerComplete(onFrame: (frame: RawFrame) => void): void {
    const head = this.headerNeed;
    const len = readU32BE(this.header, 0);
    const type = this.header[head - 9]!;
    checkType(type);
    const seq = readSeq(this.header, head - 8);
    this.headerFill = 0;
    this.headerNeed = LEAD_SIZE;
    const bodyLen = len - (head - 4);
    if (bodyLen === 0) onFrame({ type, seq, body: new Uint8Array(0), version: this.version });
    else this.startBody(type, seq, bodyLen);
  }

  private startBody(type: number, seq: number, bodyLen: number): void {
    // Allocation happens only after checkLead accepted len, so it is bounded by maxFrameSize.
    this.body = Buffer.allocUnsafe(bodyLen);
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
      onFrame({ type: this.pendingType as RawFrame['type'], seq: this.pendingSeq, body, version: this.version });
    }
    return pos + take;
  }
}
