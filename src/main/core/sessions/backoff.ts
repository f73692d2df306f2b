/** Reconnect backoff (SPEC §4): `base·2^(n-1)` capped at 30 s, with ±20 % jitter. */

export interface BackoffOptions {
  baseMs: number;
  capMs?: number;
  /** fraction, default 0.2 */
  jitter?: number;
  random?: () => number;
}

/** Delay before reconnect attempt `attempt` (1-based). */
export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const cap = opts.capMs ?? 30_000;
  const jitter = opts.jitter ?? 0.2;
  const raw = Math.min(cap, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const factor = 1 + jitter * (2 * (opts.random ?? Math.random)() - 1);
  return Math.round(Math.min(cap, raw * factor));
}
