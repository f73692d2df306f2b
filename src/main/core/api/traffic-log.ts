/**
 * The Traffic view's memory: a bounded ring of frames from the TrafficTap, with call ↔ reply pairing and
 * latency, flushed to listeners in batches (~10 per second) so 5,000 frames/s stay cheap. Previews of large
 * bodies are summarised rather than serialised, so one frame costs the same whatever it carries.
 */
import type { TrafficFrame } from '../../../shared/api';
import type { FrameEvent, TrafficTap } from '../transport/traffic-tap';

const PREVIEW_MAX = 300;

export class TrafficLog {
  private readonly ring: (TrafficFrame | undefined)[];
  private next = 0;
  private count = 0;
  private nextId = 1;
  private batch: TrafficFrame[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly callTimes = new Map<string, { ts: number; method?: string }>();

  constructor(
    private readonly tap: TrafficTap,
    private readonly dccOf: (instanceId: string) => string,
    private readonly onBatch: (frames: TrafficFrame[], dropped: number) => void,
    readonly capacity = 20_000,
    private readonly flushMs = 100,
    private readonly maxBatch = 2_000,
  ) {
    this.ring = new Array<TrafficFrame | undefined>(capacity);
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.tap.subscribe((e) => this.add(e));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The most recent `limit` frames, oldest first. */
  recent(limit = this.capacity): TrafficFrame[] {
    const k = Math.min(limit, this.count);
    const out: TrafficFrame[] = [];
    for (let i = k; i > 0; i--) out.push(this.ring[(this.next - i + this.capacity) % this.capacity]!);
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = this.count = 0;
    this.callTimes.clear();
  }

  /** JSON lines of the buffered frames (no tokens ever reach the DCC traffic). */
  exportJsonl(): string {
    return this.recent().map((f) => JSON.stringify(f)).join('\n') + '\n';
  }

  private add(e: FrameEvent): void {
    const f = this.toFrame(e);
    this.ring[this.next] = f;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    // A UI that cannot keep up gets the newest frames and a count of what it missed, never an unbounded queue.
    if (this.batch.length >= this.maxBatch) {
      this.batch.shift();
      this.dropped++;
    }
    this.batch.push(f);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  private flush(): void {
    this.timer = null;
    const frames = this.batch;
    const dropped = this.dropped;
    this.batch = [];
    this.dropped = 0;
    if (frames.length) this.onBatch(frames, dropped);
  }

  private toFrame(e: FrameEvent): TrafficFrame {
    const body = e.body as Record<string, unknown> | undefined;
    const key = `${e.label}\u0000${e.dir === 'out' ? 'out' : 'in'}\u0000${e.seq}`;
    const f: TrafficFrame = { id: this.nextId++, ts: e.ts, dir: e.dir, instanceId: e.label, dccType: this.dccOf(e.label), type: e.type, seq: e.seq, size: e.size, preview: preview(e.body, e.size) };
    if (e.type === 'Call') {
      const method = typeof body?.method === 'string' ? body.method : undefined;
      if (method) f.method = method;
      this.callTimes.set(key, { ts: e.ts, method });
      if (this.callTimes.size > 10_000) this.callTimes.delete(this.callTimes.keys().next().value!);
    } else if (e.type === 'Reply' || e.type === 'Err') {
      // The reply travels the other way from its call.
      const callKey = `${e.label}\u0000${e.dir === 'out' ? 'in' : 'out'}\u0000${e.seq}`;
      const call = this.callTimes.get(callKey);
      if (call) {
        f.latencyMs = e.ts - call.ts;
        if (call.method) f.method = call.method;
        this.callTimes.delete(callKey);
      }
    }
    return f;
  }
}

function preview(body: unknown, size: number): string {
  if (body === undefined) return '';
  if (size > 4096) {
    const keys = body && typeof body === 'object' ? Object.keys(body).join(', ') : typeof body;
    return `<${size} bytes: ${keys}>`;
  }
  let s: string;
  try {
    s = JSON.stringify(body, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v)) ?? '';
  } catch {
    s = String(body);
  }
  return s.length > PREVIEW_MAX ? s.slice(0, PREVIEW_MAX - 1) + '…' : s;
}
