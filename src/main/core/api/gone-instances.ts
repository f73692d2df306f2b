/**
 * Remembers DCC instances that left (their registry row vanished or went stale) for a while, so the panel can
 * keep them listed greyed "gone, last seen …" instead of letting a killed DCC vanish without a trace.
 */
import type { InstanceView } from '../../../shared/api';

/** How long a gone instance stays listed (default). */
export const GONE_RETENTION_MS = 10 * 60_000;

export class GoneInstances {
  private last = new Map<string, InstanceView>();
  private readonly gone = new Map<string, InstanceView>();

  constructor(
    private readonly retentionMs = GONE_RETENTION_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Compares `live` with the previous call: instances missing now become gone (stamped `goneAtMs`), instances that
   * came back stop being gone. Returns the gone ones still within the retention, newest first.
   */
  track(live: InstanceView[]): InstanceView[] {
    const t = this.now();
    const next = new Map(live.map((v) => [v.id, v]));
    for (const [id, view] of this.last) if (!next.has(id)) this.gone.set(id, { ...view, goneAtMs: t });
    for (const id of next.keys()) this.gone.delete(id);
    this.last = next;
    for (const [id, v] of this.gone) if (t - (v.goneAtMs ?? t) >= this.retentionMs) this.gone.delete(id);
    return [...this.gone.values()].sort((a, b) => (b.goneAtMs ?? 0) - (a.goneAtMs ?? 0));
  }

  /** When the oldest gone instance expires (ms from now), or null when none is kept. */
  nextExpiryInMs(): number | null {
    let first: number | null = null;
    for (const v of this.gone.values()) {
      const left = (v.goneAtMs ?? 0) + this.retentionMs - this.now();
      first = first === null ? left : Math.min(first, left);
    }
    return first === null ? null : Math.max(0, first);
  }
}
