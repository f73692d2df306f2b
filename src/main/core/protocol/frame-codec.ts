/**
 * Frame + body in one step: what a connection uses to turn values into wire bytes and back.
 */
import type { FrameType } from '../../../shared/dcclink';
import { BodyCodec, type BodyCodecOptions } from './body-codec';
import { headerSize, writeHeader, type FrameVersion } from './frame';
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
   * @param version the frame layout (0 legacy, 1 tagged); see `FrameConnection` for how it is chosen.
   * @returns the wire bytes.
   * @throws HubError ENCODE_FAILED / INVALID_FRAME.
   */
  encode(type: FrameType, seq: number, value: unknown, version: FrameVersion = 0): Buffer {
    const body = this.body.encodeShared(value);
    const prefix = this.framing === 'ipckit' ? IPCKIT_PREFIX : 0;
    const head = headerSize(version);
    const out = Buffer.allocUnsafe(prefix + head + body.length);
    if (prefix) out.writeUInt32LE(head + body.length, 0);
    writeHeader(out, prefix, type, seq, body.length, version);
    out.set(body, prefix + head);
    return out;
  }
}
