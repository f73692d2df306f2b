import { create } from 'zustand';
import type { HubStatus } from '../../../shared/api';
import { hub } from '../lib/hub-client';

interface StatusState {
  status: HubStatus | null;
  connected: boolean;
  /** When the panel lost the hub (null while connected): every live indicator shows "unknown since" this. */
  lostAtMs: number | null;
  setPaused(paused: boolean): Promise<void>;
}

export const useStatusStore = create<StatusState>(() => ({
  status: null,
  connected: true,
  lostAtMs: null,
  setPaused: async (paused) => {
    await hub().invoke('hub:setPaused', { paused });
  },
}));

/** Records a connection change; the first loss keeps its time until the hub is back. */
export function setConnected(connected: boolean): void {
  useStatusStore.setState((s) => ({ connected, lostAtMs: connected ? null : (s.lostAtMs ?? Date.now()) }));
}
