/** Latency samples over a bounded window: avg / p50 / p95 / p99, and recent samples for a sparkline. */

export interface LatencySummary {
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export class LatencyStats {
  private readonly samples: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity = 1024) {
    this.samples = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** The most recent `n` samples, oldest first. */
  recent(n = 60): number[] {
    const k = Math.min(n, this.count);
    const out: number[] = [];
    for (let i = k; i > 0; i--) out.push(this.samples[(this.next - i + this.capacity) % this.capacity]!);
    return out;
  }

  summary(): LatencySummary {
    if (this.count === 0) return { avgMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 };
    const sorted = Float64Array.from(this.samples.subarray(0, this.count)).sort();
    const q = (p: number): number => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil(p * this.count) - 1))]!;
    let sum = 0;
    for (const v of sorted) sum += v;
    return { avgMs: sum / this.count, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99) };
  }
}
