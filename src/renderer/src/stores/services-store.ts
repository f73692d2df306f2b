import { create } from 'zustand';
import type { ServiceView } from '../../../shared/api';
import { hub } from '../lib/hub-client';

interface ServicesState {
  services: ServiceView[];
  results: { name?: string; ok: boolean; error?: string }[];
  add(json: string): Promise<boolean>;
  remove(name: string): Promise<void>;
  restart(name: string): Promise<void>;
}

export const useServicesStore = create<ServicesState>((set) => ({
  services: [],
  results: [],
  add: async (json) => {
    try {
      const { results } = await hub().invoke('services:add', { json });
      set({ results });
      return results.every((r) => r.ok);
    } catch (err) {
      set({ results: [{ ok: false, error: (err as Error).message }] });
      return false;
    }
  },
  remove: async (name) => void (await hub().invoke('services:remove', { name })),
  restart: async (name) => void (await hub().invoke('services:restart', { name })),
}));
