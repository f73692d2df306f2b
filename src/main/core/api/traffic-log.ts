/**
 * The Traffic view's memory: a bounded ring of frames from the TrafficTap, with call ↔ reply pairing and
 * latency, flushed to listeners in batches (~10 per second) so 5,000 frames/s stay cheap. Previews of large
 * bodies are summarised rather than serialised, so one frame costs the same whatever it carries.
 */
import type { TrafficFrame } from '../../../shared/api';
import type { FrameEvent, TrafficTap } from '../transport/traffic-tap';
import type { AgentCallEvent } from './call-tracer';

const PREVIEW_MAX = 300;
/** Full bodies kept for agent-call rows (newest), and the most kept of one body. */
const BODIES_KEPT = 2_000;
const BODY_MAX = 4 * 1024 * 1024;

export class TrafficLog {
  private readonly ring: (TrafficFrame | undefined)[];
  private next = 0;
  private count = 0;
  private nextId = 1;
  private batch: TrafficFrame[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly callTimes = new Map<string, { ts: number; method?: string; callId?: number }>();
  private readonly bodies = new Map<number, string>();
  /** The agent call running now (set by the API from its CallTracer). */
  callOf: () => number | undefined = () => undefined;

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
    this.bodies.clear();
  }

  /** Adds an agent call's request or response as a row, keeping its full body for `body()`. */
  addAgent(e: AgentCallEvent): void {
    const request = e.phase === 'request';
    const f: TrafficFrame = { id: this.nextId++, ts: e.ts, dir: request ? 'in' : 'out', instanceId: e.target ?? '', dccType: 'agent', type: request ? 'Call' : e.isError ? 'Err' : 'Reply', seq: e.callId, size: Buffer.byteLength(e.body), method: e.method, preview: e.body.length > PREVIEW_MAX ? e.body.slice(0, PREVIEW_MAX - 1) + '…' : e.body, callId: e.callId, source: 'agent', agent: e.agent };
    if (e.tool) f.tool = e.tool;
    if (e.target) f.target = e.target;
    if (e.durationMs !== undefined) f.latencyMs = e.durationMs;
    this.bodies.set(f.id, e.body.slice(0, BODY_MAX));
    if (this.bodies.size > BODIES_KEPT) this.bodies.delete(this.bodies.keys().next().value!);
    this.push(f);
  }

  /** A page of a row's full body: agent rows keep theirs; DCC frames only their preview. */
  body(id: number, offset = 0, limit = 256 * 1024): { text: string; offset: number; total: number; full: boolean } {
    const full = this.bodies.get(id);
    const text = full ?? this.recent().find((f) => f.id === id)?.preview ?? '';
    return { text: text.slice(offset, offset + limit), offset, total: text.length, full: full !== undefined };
  }

  /** JSON lines of the buffered frames (no tokens ever reach the DCC traffic). */
  exportJsonl(): string {
    return this.recent().map((f) => JSON.stringify(f)).join('\n') + '\n';
  }

  private add(e: FrameEvent): void {
    this.push(this.toFrame(e));
  }

  private push(f: TrafficFrame): void {
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
      const callId = this.callOf();
      if (callId !== undefined) f.callId = callId;
      this.callTimes.set(key, { ts: e.ts, method, callId });
      if (this.callTimes.size > 10_000) this.callTimes.delete(this.callTimes.keys().next().value!);
    } else if (e.type === 'Reply' || e.type === 'Err') {
      // The reply travels the other way from its call.
      const callKey = `${e.label}\u0000${e.dir === 'out' ? 'in' : 'out'}\u0000${e.seq}`;
      const call = this.callTimes.get(callKey);
      if (call) {
        f.latencyMs = e.ts - call.ts;
        if (call.method) f.method = call.method;
        if (call.callId !== undefined) f.callId = call.callId;
        this.callTimes.delete(callKey);
      }
    } else if (e.type === 'Progress') {
      const call = this.callTimes.get(`${e.label}\u0000${e.dir === 'out' ? 'in' : 'out'}\u0000${e.seq}`);
      if (call?.callId !== undefined) f.callId = call.callId;
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
