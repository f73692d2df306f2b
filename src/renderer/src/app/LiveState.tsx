import { useStatusStore } from '../stores/status-store';
import { ago, hhmm } from '../lib/format';

/** Whether live data can be trusted now, and since when it cannot. */
export function useLive(): { connected: boolean; lostAtMs: number | null } {
  const connected = useStatusStore((s) => s.connected);
  const lostAtMs = useStatusStore((s) => s.lostAtMs);
  return { connected, lostAtMs };
}

/** The `data-state` a live row carries: its state, "unknown" while the hub is lost, "gone" when it left. */
export function liveStateAttr(state: string, connected: boolean, goneAtMs?: number): string {
  if (!connected) return 'unknown';
  return goneAtMs !== undefined ? 'gone' : state;
}

/**
 * A status dot and label that never lies: grey "unknown since HH:MM" while the panel has lost the hub, grey
 * "gone, last seen …" for an instance that left, else the live state.
 */
export function LiveState({ state, goneAtMs, lastSeenMs, now }: { state: string; goneAtMs?: number; lastSeenMs?: number | null; now?: number }) {
  const { connected, lostAtMs } = useLive();
  if (!connected) {
    return (
      <span className="live-state" data-testid="live-state" title={`last known: ${state}`}>
        <span className="dot unknown" />
        unknown since {hhmm(lostAtMs ?? Date.now())}
      </span>
    );
  }
  if (goneAtMs !== undefined) {
    const seen = lastSeenMs ?? goneAtMs;
    return (
      <span className="live-state" data-testid="live-state" title={`left at ${hhmm(goneAtMs)}`}>
        <span className="dot gone" />
        gone, last seen {ago(seen, now)}
      </span>
    );
  }
  return (
    <span className="live-state" data-testid="live-state">
      <span className={`dot ${state}`} />
      {state}
    </span>
  );
}
