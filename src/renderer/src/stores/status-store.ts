import { create } from 'zustand';
import type { HubStatus } from '../../../shared/api';
import { hub } from '../lib/hub-client';

interface StatusState {
  status: HubStatus | null;
  connected: boolean;
  setPaused(paused: boolean): Promise<void>;
}

export const useStatusStore = create<StatusState>(() => ({
  status: null,
  connected: true,
  setPaused: async (paused) => {
    await hub().invoke('hub:setPaused', { paused });
  },
}));
