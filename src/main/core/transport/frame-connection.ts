/**
 * A DccLink connection over any byte stream (net.Socket or an in-memory duplex): framing in and out, write
 * coalescing, counters, and the framing-error rule of SPEC §2 (reply Err seq 0 INVALID_INPUT, then close).
 * Frame versions (ADR 028): frames we start are written in the version the peer last used, else `frameVersion`.
 */
import type { Duplex } from 'node:stream';
import { FrameType } from '../../../shared/dcclink';
import { HubError } from '../errors';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { FrameEncoder, type Framing } from '../protocol/frame-codec';
import { FrameDecoder } from '../protocol/frame-decoder';
import type { FrameVersion, RawFrame } from '../protocol/frame';
import { IpckitFrameDecoder } from '../protocol/ipckit';

export interface FrameConnectionOptions {
  framing?: Framing;
  maxFrameSize?: number;
  /** A name for log lines, e.g. the instance id. */
  label?: string;
  /** Version of our frames until the peer has shown its own (default 0: every DccLink reader accepts it). */
  frameVersion?: FrameVersion;
  logger?: Logger;
}

export interface ConnectionCounters {
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
}

export type CloseReason = { error?: HubError };

/** Frames in and out of one stream. Handlers are plain properties, like the MCP SDK transports. */
export class FrameConnection {
  onframe: (frame: RawFrame) => void = () => {};
  onclose: (reason: CloseReason) => void = () => {};
  readonly counters: ConnectionCounters = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0 };
  readonly label: string;
  private readonly decoder: FrameDecoder | IpckitFrameDecoder;
  private readonly encoder: FrameEncoder;
  private readonly log: Logger;
  private closed = false;
  private corked = false;
  private closeError: HubError | undefined;
  private readonly initialVersion: FrameVersion;
  /** The version of the last frame the peer sent (null before its first frame). */
  peerVersion: FrameVersion | null = null;

  constructor(
    private readonly stream: Duplex,
    opts: FrameConnectionOptions = {},
  ) {
    const framing = opts.framing ?? 'dcclink';
    this.label = opts.label ?? 'conn';
    this.log = opts.logger ?? silentLogger;
    this.initialVersion = opts.frameVersion ?? 0;
    this.encoder = new FrameEncoder(framing, { maxBytes: opts.maxFrameSize });
    this.decoder = framing === 'ipckit' ? new IpckitFrameDecoder(opts) : new FrameDecoder(opts);
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('error', (err: Error) => {
      this.closeError ??= new HubError('CONNECTION_FAILED', `${this.label}: ${err.message}`);
    });
    stream.on('close', () => this.finish());
    stream.on('end', () => stream.end());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** The version our own (non-reply) frames use now: what the peer has shown, else the configured one. */
  get outVersion(): FrameVersion {
    return this.peerVersion ?? this.initialVersion;
  }

  /**
   * Encodes and queues one frame; consecutive sends in one tick go out in one write.
   * @returns the number of bytes written.
   * @throws HubError TRANSPORT_CLOSED after close, ENCODE_FAILED for values msgpack cannot carry.
   */
  send(type: FrameType, seq: number, value?: unknown, version: FrameVersion = this.outVersion): number {
    if (this.closed) throw new HubError('TRANSPORT_CLOSED', `${this.label}: connection is closed`);
    const bytes = this.encoder.encode(type, seq, value, version);
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(() => {
        this.corked = false;
        this.stream.uncork();
      });
    }
    this.stream.write(bytes);
    this.counters.framesOut++;
    this.counters.bytesOut += bytes.length;
    return bytes.length;
  }

  /** Closes the stream; `onclose` fires once. */
  close(error?: HubError): void {
    if (error) this.closeError ??= error;
    if (this.closed) return;
    this.stream.end();
    this.stream.destroy();
    this.finish();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    this.counters.bytesIn += chunk.length;
    try {
      this.decoder.push(chunk, (frame) => {
        this.counters.framesIn++;
        this.peerVersion = frame.version ?? 0;
        this.onframe(frame);
      });
    } catch (err) {
      if (!(err instanceof HubError)) throw err;
      this.framingError(err);
    }
  }

  /** A peer that breaks framing is told why (Err seq 0) and dropped; other connections are untouched. */
  private framingError(err: HubError): void {
    this.log.warn(`closing ${this.label}: framing error: ${err.message}`, { code: err.code });
    try {
      this.send(FrameType.Err, 0, { code: 'INVALID_INPUT', message: `framing error: ${err.message}`, recoverable: false });
    } catch {
      // The stream may already be unwritable; closing below is what matters.
    }
    this.closeError = new HubError('CONNECTION_FAILED', `${this.label}: framing error: ${err.message}`);
    this.closed = true;
    this.stream.end();
    setTimeout(() => this.stream.destroy(), 100).unref();
    this.onclose({ error: this.closeError });
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose({ error: this.closeError });
  }
}
