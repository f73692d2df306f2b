/**
 * Idle expiry of MCP sessions and the requests they have open. A session is idle when none of its POSTs is in
 * flight and nothing arrived for `idleMs`; idle sessions are expired (an abandoned agent must not hold memory
 * forever). An open GET stream does not count as activity, so a client that only listens still expires. On
 * shutdown, `drain()` lets answers already on their way (e.g. "hub shutting down" to a call waiting for
 * approval) reach the agent before the transports close.
 */

/** Default idle lifetime of an MCP session: 30 minutes. */
export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;

interface Activity {
  lastMs: number;
  open: number;
}

export interface SessionReaperOptions {
  /** Idle lifetime (default 30 min). */
  idleMs?: number;
  /** Called with the id of each session that went idle for too long. */
  onExpire: (id: string) => void;
  /** Called after a sweep that expired `count` ≥ 1 sessions. */
  onSwept?: (count: number) => void;
  now?: () => number;
}

export class SessionReaper {
  readonly idleMs: number;
  private readonly sessions = new Map<string, Activity>();
  private readonly drained = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: SessionReaperOptions) {
    this.idleMs = opts.idleMs ?? DEFAULT_SESSION_IDLE_MS;
    this.now = opts.now ?? Date.now;
  }

  /** Notes activity on `id` (the session exists from now on). */
  touch(id: string): void {
    const a = this.sessions.get(id);
    if (a) a.lastMs = this.now();
    else this.sessions.set(id, { lastMs: this.now(), open: 0 });
    this.arm();
  }

  /** A request of `id` started; call the returned function once when its response has ended. */
  begin(id: string): () => void {
    this.touch(id);
    const a = this.sessions.get(id)!;
    a.open++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      a.open--;
      a.lastMs = this.now();
      if (this.openCount() === 0) for (const r of [...this.drained]) r();
    };
  }

  /** Stops tracking `id` (it was closed). */
  forget(id: string): void {
    this.sessions.delete(id);
  }

  /** Expires every session idle for `idleMs` or more; returns their ids. */
  sweep(): string[] {
    const cutoff = this.now() - this.idleMs;
    const expired = [...this.sessions].filter(([, a]) => a.open === 0 && a.lastMs <= cutoff).map(([id]) => id);
    for (const id of expired) {
      this.sessions.delete(id);
      this.opts.onExpire(id);
    }
    if (expired.length) this.opts.onSwept?.(expired.length);
    return expired;
  }

  /** Requests still in flight, across sessions. */
  openCount(): number {
    let n = 0;
    for (const a of this.sessions.values()) n += a.open;
    return n;
  }

  /** Resolves when no request is in flight any more, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void> {
    if (this.openCount() === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(t);
        this.drained.delete(finish);
        resolve();
      };
      const t = setTimeout(finish, timeoutMs);
      this.drained.add(finish);
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sessions.clear();
  }

  private arm(): void {
    if (this.timer) return;
    // Sweep at a quarter of the lifetime (at most once a minute): a session lives between idleMs and 1.25× idleMs.
    this.timer = setInterval(() => this.sweep(), Math.max(10, Math.min(60_000, Math.floor(this.idleMs / 4))));
    this.timer.unref();
  }
}
