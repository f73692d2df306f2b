/**
 * The serving side of RpcPeer: runs handlers for incoming Calls, turns their results and errors into
 * Reply/Err frames, relays Progress, and aborts a handler when its Cancel arrives.
 */
import { FrameType, type CallBody } from '../../../shared/dcclink';
import { HubError } from '../errors';
import type { Logger } from '../log';
import { DccRemoteError } from './remote-error';

export interface CallContext {
  seq: number;
  signal: AbortSignal;
  timeoutMs?: number;
  progress(progress: number, total?: number, message?: string): void;
}

export type CallHandler = (params: unknown, ctx: CallContext) => unknown;

type Send = (type: FrameType, seq: number, body: unknown) => void;

export class IncomingCalls {
  private readonly handlers = new Map<string, CallHandler>();
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly send: Send,
    private readonly log: Logger,
  ) {}

  register(method: string, handler: CallHandler): void {
    this.handlers.set(method, handler);
  }

  start(seq: number, call: CallBody): void {
    const handler = this.handlers.get(call.method);
    if (!handler) {
      this.safeSend(FrameType.Err, seq, { code: 'UNSUPPORTED', message: `unknown method "${call.method}"`, recoverable: false });
      return;
    }
    const ac = new AbortController();
    this.running.set(seq, ac);
    const ctx: CallContext = {
      seq,
      signal: ac.signal,
      timeoutMs: call.timeout_ms,
      progress: (progress, total, message) => this.safeSend(FrameType.Progress, seq, { progress, total, message }),
    };
    let out: unknown;
    try {
      out = handler(call.params, ctx);
    } catch (err) {
      this.finish(seq, FrameType.Err, errBody(err));
      return;
    }
    // A synchronous handler is answered at once; only real promises pay for the extra turns.
    if (out instanceof Promise) {
      out.then(
        (result) => this.finish(seq, FrameType.Reply, { result }),
        (err: unknown) => this.finish(seq, FrameType.Err, errBody(err)),
      );
    } else this.finish(seq, FrameType.Reply, { result: out });
  }

  cancel(seq: number, reason?: string): void {
    this.running.get(seq)?.abort(new HubError('CANCELLED', reason ?? 'cancelled by the peer'));
  }

  abortAll(reason: string): void {
    for (const ac of this.running.values()) ac.abort(new HubError('CANCELLED', reason));
    this.running.clear();
  }

  private finish(seq: number, type: FrameType, body: unknown): void {
    const ac = this.running.get(seq);
    if (!ac) return;
    this.running.delete(seq);
    this.safeSend(type, seq, body);
  }

  private safeSend(type: FrameType, seq: number, body: unknown): void {
    try {
      this.send(type, seq, body);
    } catch (err) {
      this.log.debug(`could not send ${type} for seq ${seq}: ${(err as Error).message}`);
    }
  }
}

function errBody(err: unknown): unknown {
  if (err instanceof DccRemoteError) return err.toBody();
  if (err instanceof HubError) {
    const code = err.code === 'CANCELLED' ? 'INTERNAL' : err.code === 'INVALID_ARGS' ? 'INVALID_INPUT' : err.code === 'REQUEST_TIMEOUT' ? 'TIMEOUT' : 'INTERNAL';
    return { code, message: err.message, details: err.code, recoverable: err.code === 'CANCELLED' };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), recoverable: false };
}
