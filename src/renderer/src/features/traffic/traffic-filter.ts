/** The Traffic filter: a frame matches on text/type/instance, and a match keeps its whole exchange. */
import type { TrafficFrame } from '../../../../shared/api';

export interface TrafficFilter {
  text: string;
  type: string;
  instance: string;
}

function matches(f: TrafficFrame, text: string, filter: TrafficFilter): boolean {
  if (filter.type && f.type !== filter.type) return false;
  if (filter.instance && f.instanceId !== filter.instance) return false;
  if (!text) return true;
  return (
    f.preview.toLowerCase().includes(text) ||
    (f.method ?? '').toLowerCase().includes(text) ||
    f.dccType.includes(text) ||
    (f.tool ?? '').toLowerCase().includes(text) ||
    (f.agent ?? '').toLowerCase().includes(text)
  );
}

const pairKey = (f: TrafficFrame): string => `${f.instanceId}\u0000${f.seq}`;

/**
 * The frames to show: those matching, plus every frame of the same agent call (`callId`) and the reply/progress
 * of a matching DccLink call (same instance and seq), so filtering by tool never hides the answers.
 */
export function filterTraffic(all: TrafficFrame[], filter: TrafficFilter): TrafficFrame[] {
  const text = filter.text.toLowerCase();
  if (!text && !filter.type && !filter.instance) return all;
  const calls = new Set<number>();
  const pairs = new Set<string>();
  for (const f of all) {
    if (!matches(f, text, filter)) continue;
    if (f.callId !== undefined) calls.add(f.callId);
    if (f.source === undefined && f.seq !== 0) pairs.add(pairKey(f));
  }
  return all.filter(
    (f) =>
      (f.callId !== undefined && calls.has(f.callId)) ||
      (f.source === undefined && f.seq !== 0 && pairs.has(pairKey(f))) ||
      matches(f, text, filter),
  );
}

/** JSON lines of exactly the frames shown. */
export function toJsonl(frames: TrafficFrame[]): string {
  return frames.map((f) => JSON.stringify(f)).join('\n') + '\n';
}
