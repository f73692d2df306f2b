/**
 * msgpack bodies with explicit size limits. One Encoder/Decoder pair per codec instance is reused on the hot path.
 */
import { Decoder, Encoder } from '@msgpack/msgpack';
import { HubError } from '../errors';
import { DEFAULT_MAX_FRAME_SIZE } from './frame';

export interface BodyCodecOptions {
  /** Largest string/binary accepted inside a body (default: the frame limit). */
  maxBytes?: number;
  /** Largest array or map length accepted (default 1,000,000): bounds what a tiny body can make us allocate. */
  maxContainerLength?: number;
}

const EMPTY = new Uint8Array(0);

/** Encodes and decodes msgpack bodies; values are plain JS (maps with string keys, Uint8Array for bin). */
export class BodyCodec {
  private readonly encoder: Encoder;
  private readonly decoder: Decoder;

  constructor(opts: BodyCodecOptions = {}) {
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FRAME_SIZE;
    const maxLen = opts.maxContainerLength ?? 1_000_000;
    this.encoder = new Encoder({ ignoreUndefined: true, initialBufferSize: 2048 });
    this.decoder = new Decoder({
      maxStrLength: maxBytes,
      maxBinLength: maxBytes,
      maxArrayLength: maxLen,
      maxMapLength: maxLen,
      maxExtLength: maxBytes,
      useBigInt64: false,
    });
  }

  /**
   * Encodes a body; `undefined` encodes to an empty body.
   * @returns a view into the encoder's shared buffer: copy it (e.g. into a frame) before the next call.
   * @throws HubError ENCODE_FAILED for values msgpack cannot carry.
   */
  encodeShared(value: unknown): Uint8Array {
    if (value === undefined) return EMPTY;
    try {
      return this.encoder.encodeSharedRef(value);
    } catch (err) {
      throw new HubError('ENCODE_FAILED', `cannot encode body: ${(err as Error).message}`);
    }
  }

  /** Like `encodeShared` but returns an owned copy. */
  encode(value: unknown): Uint8Array {
    return this.encodeShared(value).slice();
  }

  /**
   * Decodes a body; an empty body decodes to `undefined`.
   * @throws HubError DECODE_FAILED naming what was wrong.
   */
  decode(body: Uint8Array): unknown {
    if (body.length === 0) return undefined;
    try {
      return this.decoder.decode(body);
    } catch (err) {
      throw new HubError('DECODE_FAILED', `invalid msgpack body (${body.length} bytes): ${(err as Error).message}`);
    }
  }
}
