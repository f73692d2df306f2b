/**
 * The one error type of the hub's own code. Wire errors (DccLink Err bodies, JSON-RPC errors) are separate:
 * see `DccRemoteError` in `transport/rpc.ts`.
 */
export type HubErrorCode =
  | 'FRAME_TOO_LARGE'
  | 'INVALID_FRAME'
  | 'UNSUPPORTED_VERSION'
  | 'DECODE_FAILED'
  | 'ENCODE_FAILED'
  | 'TRANSPORT_CLOSED'
  | 'CONNECTION_FAILED'
  | 'REQUEST_TIMEOUT'
  | 'CANCELLED'
  | 'INVALID_ARGS'
  | 'INVALID_ADDRESS'
  | 'NOT_FOUND'
  | 'POOL_EXHAUSTED'
  | 'LOCK_TIMEOUT'
  | 'REGISTRY_CORRUPT'
  | 'SHUT_DOWN'
  | 'AUDIT_UNAVAILABLE'
  | 'PERMISSION_DENIED'
  | 'INTERNAL';

/** An error with a stable string code; `data` carries structured details safe to show a user. */
export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** The only error shape that crosses IPC, HTTP or sockets. */
export interface ErrorShape {
  code: string;
  message: string;
  data?: unknown;
}

/** Maps any thrown value to `{code, message, data?}`. */
export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof HubError) return err.data === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, data: err.data };
  if (err && typeof err === 'object' && 'code' in err && 'message' in err && typeof (err as { code: unknown }).code === 'string') {
    return { code: (err as { code: string }).code, message: String((err as { message: unknown }).message) };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
