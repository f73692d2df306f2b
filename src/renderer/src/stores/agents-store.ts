import { create } from 'zustand';
import type { AgentsState } from '../../../shared/api';
import { hub } from '../lib/hub-client';

interface AgentsStore extends AgentsState {
  error?: string;
  /** The key just created, shown once (it is not kept anywhere the panel can read again). */
  created: { name: string; key: string; keyFile: string } | null;
  createKey(name: string): Promise<void>;
  revoke(id: string): Promise<void>;
  revokeTrust(agentId: string, instanceId: string): Promise<void>;
  decideConsent(id: string, allow: boolean): Promise<void>;
  dismissCreated(): void;
}

export const useAgentsStore = create<AgentsStore>((set) => {
  const run = async (fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
      set({ error: undefined });
    } catch (err) {
      set({ error: (err as Error).message });
    }
  };
  return {
    agents: [],
    trust: [],
    consents: [],
    created: null,
    createKey: (name) =>
      run(async () => {
        const r = await hub().invoke('agents:createKey', { name });
        set({ created: { name: r.agent.name, key: r.key, keyFile: r.keyFile } });
      }),
    revoke: (id) => run(() => hub().invoke('agents:revoke', { id })),
    revokeTrust: (agentId, instanceId) => run(() => hub().invoke('agents:revokeTrust', { agentId, instanceId })),
    decideConsent: (id, allow) => run(() => hub().invoke('agents:decideConsent', { id, allow })),
    dismissCreated: () => set({ created: null }),
  };
});

/** An agent's display name by id (ids are what policies and scopes are keyed by). */
export function agentName(agents: AgentsState['agents'], id: string): string {
  return agents.find((a) => a.id === id)?.name ?? `removed agent ${id.slice(0, 8)}`;
}
