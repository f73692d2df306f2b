/**
 * Frame + body in one step: what a connection uses to turn values into wire bytes and back.
 */
import type { FrameType } from '../../../shared/dcclink';
import { BodyCodec, type BodyCodecOptions } from './body-codec';
import { HEADER_SIZE, writeHeader } from './frame';
import { IPCKIT_PREFIX } from './ipckit';

export type Framing = 'dcclink' | 'ipckit';

/** Encodes `{type, seq, value}` into one wire buffer with a single allocation. */
export class FrameEncoder {
  private readonly body: BodyCodec;
  constructor(
    readonly framing: Framing = 'dcclink',
    opts: BodyCodecOptions = {},
  ) {
    this.body = new BodyCodec(opts);
  }

  /**
   * @returns the wire bytes and the body length (for metrics).
   * @throws HubError ENCODE_FAILED / INVALID_FRAME.
   */
  encode(type: FrameType, seq: number, value: unknown): Buffer {
    const body = this.body.encodeShared(value);
    const prefix = this.framing === 'ipckit' ? IPCKIT_PREFIX : 0;
    const out = Buffer.allocUnsafe(prefix + HEADER_SIZE + body.length);
    if (prefix) out.writeUInt32LE(HEADER_SIZE + body.length, 0);
    writeHeader(out, prefix, type, seq, body.length);
    out.set(body, prefix + HEADER_SIZE);
    return out;
  }
}
