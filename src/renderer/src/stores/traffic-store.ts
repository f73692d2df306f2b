import { create } from 'zustand';
import type { TrafficFrame } from '../../../shared/api';
import { hub } from '../lib/hub-client';
import { RateMeter, RingBuffer } from '../lib/ring-buffer';

export const TRAFFIC_CAPACITY = 20_000;

interface TrafficState {
  /** Bumped when frames change; the list itself lives in the ring buffer (not copied per update). */
  version: number;
  paused: boolean;
  dropped: number;
  rate: number;
  rateHistory: number[];
  filter: { text: string; type: string; instance: string };
  highlightSeq: { instanceId: string; seq: number } | null;
  frames(): TrafficFrame[];
  receive(frames: TrafficFrame[], dropped: number): void;
  setPaused(p: boolean): void;
  setFilter(f: Partial<TrafficState['filter']>): void;
  highlight(h: TrafficState['highlightSeq']): void;
  clear(): Promise<void>;
  exportJsonl(): Promise<void>;
  tick(): void;
}

const ring = new RingBuffer<TrafficFrame>(TRAFFIC_CAPACITY);
const meter = new RateMeter();
// Frames arriving while the page paints are folded into one store update per animation frame.
let pending: TrafficFrame[] = [];
let scheduled = false;

export const useTrafficStore = create<TrafficState>((set, get) => ({
  version: 0,
  paused: false,
  dropped: 0,
  rate: 0,
  rateHistory: [],
  filter: { text: '', type: '', instance: '' },
  highlightSeq: null,
  frames: () => ring.toArray(),
  receive: (frames, dropped) => {
    meter.add(frames.length + dropped);
    if (get().paused) return;
    pending.push(...frames);
    if (dropped) set((s) => ({ dropped: s.dropped + dropped }));
    if (scheduled) return;
    scheduled = true;
    const flush = (): void => {
      scheduled = false;
      ring.pushMany(pending);
      pending = [];
      set((s) => ({ version: s.version + 1 }));
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    else setTimeout(flush, 16);
  },
  setPaused: (paused) => set({ paused }),
  setFilter: (f) => set((s) => ({ filter: { ...s.filter, ...f } })),
  highlight: (h) => set({ highlightSeq: h }),
  clear: async () => {
    await hub().invoke('traffic:clear', {});
    ring.clear();
    set((s) => ({ version: s.version + 1, dropped: 0 }));
  },
  exportJsonl: async () => {
    const text = await hub().invoke('traffic:export', {});
    const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `dcc-mcp-traffic-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    a.click();
    URL.revokeObjectURL(url);
  },
  tick: () => set((s) => ({ rate: meter.rate(), rateHistory: [...s.rateHistory.slice(-59), meter.rate()] })),
}));

/** Loads what the hub already buffered. */
export function seedTraffic(frames: TrafficFrame[]): void {
  ring.clear();
  ring.pushMany(frames);
  useTrafficStore.setState((s) => ({ version: s.version + 1 }));
}
