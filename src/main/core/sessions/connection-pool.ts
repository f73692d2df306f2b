/**
 * At most `maxPerDcc` open connections per dcc_type (SPEC §4). `acquire` waits up to a bound for a slot and
 * then fails with a clear error.
 */
import { HubError } from '../errors';

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class ConnectionPool {
  private readonly open = new Map<string, number>();
  private readonly waiters = new Map<string, Waiter[]>();
  private closed = false;

  constructor(readonly maxPerDcc = 10) {}

  /** Open connections for `dcc`. */
  size(dcc?: string): number {
    if (dcc !== undefined) return this.open.get(dcc) ?? 0;
    let n = 0;
    for (const v of this.open.values()) n += v;
    return n;
  }

  /**
   * Takes a slot for `dcc`; resolves with its release function.
   * @throws HubError POOL_EXHAUSTED after `waitMs`, SHUT_DOWN after close().
   */
  acquire(dcc: string, waitMs: number): Promise<() => void> {
    if (this.closed) return Promise.reject(new HubError('SHUT_DOWN', 'connection pool is shut down'));
    if (this.size(dcc) < this.maxPerDcc) return Promise.resolve(this.take(dcc));
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(dcc) ?? [];
      this.waiters.set(dcc, list);
      const w: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          list.splice(list.indexOf(w), 1);
          reject(new HubError('POOL_EXHAUSTED', `all ${this.maxPerDcc} ${dcc} connections are in use; waited ${waitMs} ms (raise max_connections_per_dcc or close an instance)`, { dcc, max: this.maxPerDcc }));
        }, waitMs),
      };
      list.push(w);
    });
  }

  /** Rejects every waiter; later acquires fail. */
  close(): void {
    this.closed = true;
    for (const list of this.waiters.values()) {
      for (const w of list.splice(0)) {
        clearTimeout(w.timer);
        w.reject(new HubError('SHUT_DOWN', 'connection pool is shut down'));
      }
    }
  }

  private take(dcc: string): () => void {
    this.open.set(dcc, this.size(dcc) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open.set(dcc, this.size(dcc) - 1);
      const w = this.waiters.get(dcc)?.shift();
      if (w) {
        clearTimeout(w.timer);
        w.resolve(this.take(dcc));
      }
    };
  }
}
