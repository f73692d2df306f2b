/**
 * One timer for many deadlines: arming is O(1) and a single setTimeout tracks the earliest deadline, so
 * pipelined calls don't each pay for their own timer.
 */
export class DeadlineTimer {
  private handle: NodeJS.Timeout | null = null;
  private due = Infinity;

  /** @param fire runs when the earliest deadline passes; returns the next deadline (performance.now() ms), if any. */
  constructor(private readonly fire: () => number | undefined) {}

  /** Makes sure the timer fires no later than `deadline` (performance.now() ms). */
  arm(deadline: number): void {
    if (deadline >= this.due) return;
    this.schedule(deadline);
  }

  stop(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.due = Infinity;
  }

  private schedule(deadline: number): void {
    if (this.handle) clearTimeout(this.handle);
    this.due = deadline;
    this.handle = setTimeout(() => this.run(), Math.max(0, deadline - performance.now()) + 1);
    this.handle.unref();
  }

  private run(): void {
    this.handle = null;
    this.due = Infinity;
    const next = this.fire();
    if (next !== undefined) this.schedule(next);
  }
}
