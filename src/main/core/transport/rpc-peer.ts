/**
 * RPC over a DccLink connection: Call → Reply/Err correlated by seq, per-call timeouts, Progress, Cancel,
 * Push, Ping/Pong heartbeat with RTT. Losing the connection rejects every pending call at once with
 * CONNECTION_FAILED — nothing waits for its timeout.
 */
import {
  BODY_SCHEMAS,
  CallBodySchema,
  ErrBodySchema,
  FRAME_TYPE_NAMES,
  FrameType,
  ProgressBodySchema,
  PushBodySchema,
  type CallBody,
  type ProgressBody,
  type PushBody,
} from '../../../shared/dcclink';
import { HubError } from '../errors';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { BodyCodec } from '../protocol/body-codec';
import { headerSize, type FrameVersion, type RawFrame } from '../protocol/frame';
import { DeadlineTimer } from './deadline-timer';
import type { CloseReason, FrameConnection } from './frame-connection';
import { DccRemoteError } from './remote-error';
import type { TrafficTap } from './traffic-tap';
import { IncomingCalls, type CallHandler } from './incoming-calls';

export interface CallOptions {
  /** Per-call timeout (default: the peer's `defaultTimeoutMs`). */
  timeoutMs?: number;
  onProgress?: (p: ProgressBody) => void;
  /** Aborting sends a Cancel frame and rejects with CANCELLED. */
  signal?: AbortSignal;
}

export interface RpcPeerOptions {
  defaultTimeoutMs?: number;
  logger?: Logger;
  tap?: TrafficTap;
  /** Called for every successful or failed call with its latency (metrics). */
  onCallDone?: (latencyMs: number, error?: Error) => void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: ProgressBody) => void;
  deadline: number;
  started: number;
  method: string;
  cleanup?: () => void;
}

/** One side of an RPC conversation. Both the hub (client) and test peers (server) use it. */
export class RpcPeer {
  onpush: (push: PushBody) => void = () => {};
  onclose: (reason: CloseReason) => void = () => {};
  /** Most recent Ping round trip in ms (NaN before the first Pong). */
  lastRttMs = NaN;
  private readonly pending = new Map<number, Pending>();
  /** Version of each incoming Call still being served: its Progress, Reply or Err answers in it (ADR 028). */
  private readonly callVersions = new Map<number, FrameVersion>();
  private readonly pings = new Map<number, { resolve: (rtt: number) => void; reject: (e: Error) => void; sent: number }>();
  private readonly codec = new BodyCodec();
  private readonly timer: DeadlineTimer;
  private readonly incoming: IncomingCalls;
  private readonly log: Logger;
  private nextSeq = 1;
  private closedWith: HubError | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private missedPongs = 0;

  constructor(
    readonly conn: FrameConnection,
    private readonly opts: RpcPeerOptions = {},
  ) {
    this.log = opts.logger ?? silentLogger;
    this.timer = new DeadlineTimer(() => this.expire());
    this.incoming = new IncomingCalls((type, seq, body) => this.send(type, seq, body), this.log);
    conn.onframe = (f) => this.onFrame(f);
    conn.onclose = (r) => this.onConnClose(r);
  }

  get isOpen(): boolean {
    return this.closedWith === null;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Serves incoming Calls of `method` (test peers, or a hub-side method a DCC may call). */
  handle(method: string, handler: CallHandler): void {
    this.incoming.register(method, handler);
  }

  /**
   * Calls `method` on the peer.
   * @throws DccRemoteError for an Err reply; HubError REQUEST_TIMEOUT, CANCELLED, CONNECTION_FAILED, DECODE_FAILED.
   */
  call<T = unknown>(method: string, params?: unknown, opts: CallOptions = {}): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (opts.signal?.aborted) return Promise.reject(new HubError('CANCELLED', `${method} cancelled before it was sent`));
    const timeoutMs = opts.timeoutMs ?? this.opts.defaultTimeoutMs ?? 30_000;
    const seq = this.nextSeq++;
    const body: CallBody = params === undefined ? { method, timeout_ms: timeoutMs } : { method, params, timeout_ms: timeoutMs };
    return new Promise<T>((resolve, reject) => {
      const started = performance.now();
      const p: Pending = { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress, deadline: started + timeoutMs, started, method };
      if (opts.signal) {
        const signal = opts.signal;
        const onAbort = (): void => {
          this.cancel(seq, reasonText(signal.reason));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        p.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.pending.set(seq, p);
      this.timer.arm(p.deadline);
      try {
        this.send(FrameType.Call, seq, body);
      } catch (err) {
        this.settle(seq, err as Error);
      }
    });
  }

  /**
   * Sends Cancel for a pending call and rejects it with CANCELLED at once.
   * @returns false when no such call is pending.
   */
  cancel(seq: number, reason = 'cancelled'): boolean {
    if (!this.pending.has(seq)) return false;
    if (this.isOpen) {
      try {
        this.send(FrameType.Cancel, seq, { reason });
      } catch {
        // Connection is going away; the call is settled below either way.
      }
    }
    this.settle(seq, new HubError('CANCELLED', `${this.pending.get(seq)!.method} cancelled: ${reason}`));
    return true;
  }

  /** Sends a Push event. */
  push(topic: string, data?: unknown): void {
    this.send(FrameType.Push, 0, { topic, data });
  }

  /**
   * Sends a Ping and resolves with the round trip in ms.
   * @throws HubError REQUEST_TIMEOUT / CONNECTION_FAILED.
   */
  ping(timeoutMs = 5_000): Promise<number> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const seq = this.nextSeq++;
    return new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => {
        this.pings.delete(seq);
        reject(new HubError('REQUEST_TIMEOUT', `no Pong within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pings.set(seq, {
        resolve: (rtt) => (clearTimeout(t), resolve(rtt)),
        reject: (e) => (clearTimeout(t), reject(e)),
        sent: performance.now(),
      });
      this.send(FrameType.Ping, seq, { ts_ms: Date.now() });
    });
  }

  /**
   * Pings every `intervalMs`; after `maxMissed` Pings without a Pong the connection is closed as dead.
   */
  startHeartbeat(intervalMs: number, maxMissed = 3): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      if (this.missedPongs >= maxMissed) {
        this.close(new HubError('CONNECTION_FAILED', `${this.conn.label}: no Pong for ${maxMissed} heartbeats`));
        return;
      }
      this.missedPongs++;
      this.ping(intervalMs * maxMissed).then(
        () => (this.missedPongs = 0),
        () => {},
      );
    }, intervalMs);
    this.heartbeat.unref();
  }

  stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Closes the connection; every pending call is rejected at once with CONNECTION_FAILED. */
  close(error?: HubError): void {
    this.conn.close(error ?? new HubError('CONNECTION_FAILED', `${this.conn.label}: connection closed by the hub`));
  }

  private send(type: FrameType, seq: number, body: unknown, version?: FrameVersion): void {
    if (version === undefined && (type === FrameType.Reply || type === FrameType.Err || type === FrameType.Progress)) {
      version = this.callVersions.get(seq);
      if (type !== FrameType.Progress) this.callVersions.delete(seq);
    }
    const size = this.conn.send(type, seq, body, version);
    const tap = this.opts.tap;
    if (tap?.active) tap.emit({ ts: Date.now(), dir: 'out', label: this.conn.label, type: FRAME_TYPE_NAMES[type], seq, size, body });
  }

  private onFrame(f: RawFrame): void {
    let body: unknown;
    let decodeError: HubError | null = null;
    try {
      body = this.codec.decode(f.body);
    } catch (err) {
      decodeError = err as HubError;
    }
    const tap = this.opts.tap;
    if (tap?.active) tap.emit({ ts: Date.now(), dir: 'in', label: this.conn.label, type: FRAME_TYPE_NAMES[f.type], seq: f.seq, size: f.body.length + headerSize(f.version ?? 0), body });
    if (f.type === FrameType.Call) this.callVersions.set(f.seq, f.version ?? 0);
    if (decodeError) return this.onBadBody(f, decodeError);
    this.dispatch(f.type, f.seq, body, f.version ?? 0);
  }

  private dispatch(type: FrameType, seq: number, body: unknown, version: FrameVersion): void {
    switch (type) {
      case FrameType.Reply:
        return this.onReply(seq, body);
      case FrameType.Err:
        return this.onErr(seq, body);
      case FrameType.Progress:
        return this.onProgress(seq, body);
      case FrameType.Ping:
        return this.send(FrameType.Pong, seq, body, version);
      case FrameType.Pong:
        return this.onPong(seq);
      case FrameType.Push: {
        const push = PushBodySchema.safeParse(body);
        if (push.success) this.onpush(push.data);
        else this.log.warn(`${this.conn.label}: ignoring Push without a topic`);
        return;
      }
      case FrameType.Call: {
        // A hand check instead of zod: this is the serving hot path.
        const call = body as CallBody | undefined;
        if (!call || typeof call !== 'object' || typeof call.method !== 'string' || !call.method) {
          const why = CallBodySchema.safeParse(body);
          return this.sendErr(seq, 'INVALID_INPUT', `Call body must be {method, params?, timeout_ms?}: ${why.success ? 'method missing' : (why.error.issues[0]?.message ?? '')}`);
        }
        return this.incoming.start(seq, call);
      }
      case FrameType.Cancel: {
        const c = BODY_SCHEMAS[FrameType.Cancel].safeParse(body);
        return this.incoming.cancel(seq, c.success ? (c.data.reason ?? undefined) : undefined);
      }
    }
  }

  private onReply(seq: number, body: unknown): void {
    const p = this.pending.get(seq);
    if (!p) return this.log.debug(`${this.conn.label}: Reply for unknown seq ${seq} (late or cancelled)`);
    const result = body && typeof body === 'object' && 'result' in body ? (body as { result: unknown }).result : undefined;
    this.settle(seq, null, result);
  }

  private onErr(seq: number, body: unknown): void {
    const parsed = ErrBodySchema.safeParse(body);
    const err = new DccRemoteError(parsed.success ? parsed.data : { code: 'INTERNAL', message: `malformed Err body: ${JSON.stringify(body)?.slice(0, 200)}`, recoverable: false });
    if (seq === 0) {
      this.log.warn(`${this.conn.label}: peer reported a connection-level error: ${err.code}: ${err.message}`);
      return;
    }
    if (!this.pending.has(seq)) return this.log.debug(`${this.conn.label}: Err for unknown seq ${seq}`);
    this.settle(seq, err);
  }

  private onProgress(seq: number, body: unknown): void {
    const p = this.pending.get(seq);
    const parsed = ProgressBodySchema.safeParse(body);
    if (p?.onProgress && parsed.success) p.onProgress(parsed.data);
  }

  private onPong(seq: number): void {
    const w = this.pings.get(seq);
    if (!w) return;
    this.pings.delete(seq);
    this.lastRttMs = performance.now() - w.sent;
    this.missedPongs = 0;
    w.resolve(this.lastRttMs);
  }

  /** An undecodable body fails only that frame's call; the connection stays up. */
  private onBadBody(f: RawFrame, err: HubError): void {
    this.log.warn(`${this.conn.label}: ${FRAME_TYPE_NAMES[f.type]} seq ${f.seq}: ${err.message}`);
    if (f.type === FrameType.Call) this.sendErr(f.seq, 'INVALID_INPUT', err.message);
    else if ((f.type === FrameType.Reply || f.type === FrameType.Err) && this.pending.has(f.seq)) this.settle(f.seq, err);
  }

  private sendErr(seq: number, code: string, message: string): void {
    this.send(FrameType.Err, seq, { code, message, recoverable: false });
  }

  private settle(seq: number, error: Error | null, result?: unknown): void {
    const p = this.pending.get(seq);
    if (!p) return;
    this.pending.delete(seq);
    p.cleanup?.();
    this.opts.onCallDone?.(performance.now() - p.started, error ?? undefined);
    if (error) p.reject(error);
    else p.resolve(result);
  }

  private expire(): number | undefined {
    const now = performance.now();
    let next: number | undefined;
    for (const [seq, p] of this.pending) {
      if (p.deadline <= now) {
        const ms = Math.round(p.deadline - p.started);
        if (this.isOpen) {
          try {
            this.send(FrameType.Cancel, seq, { reason: 'timeout' });
          } catch {
            // Settled below regardless.
          }
        }
        this.settle(seq, new HubError('REQUEST_TIMEOUT', `${p.method} timed out after ${ms} ms`, { method: p.method, timeoutMs: ms }));
      } else if (next === undefined || p.deadline < next) next = p.deadline;
    }
    return next;
  }

  private onConnClose(reason: CloseReason): void {
    if (this.closedWith) return;
    this.closedWith = reason.error?.code === 'CONNECTION_FAILED' ? reason.error : new HubError('CONNECTION_FAILED', reason.error?.message ?? `${this.conn.label}: connection closed`);
    this.stopHeartbeat();
    this.timer.stop();
    this.incoming.abortAll('connection closed');
    this.callVersions.clear();
    for (const seq of [...this.pending.keys()]) this.settle(seq, this.closedWith);
    for (const w of this.pings.values()) w.reject(this.closedWith);
    this.pings.clear();
    this.onclose(reason);
  }
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? 'cancelled by the caller' : String(reason);
}
