import { create } from 'zustand';
import type { ToolView } from '../../../shared/api';
import { hub } from '../lib/hub-client';

interface ToolsState {
  tools: ToolView[];
  error?: string;
  setEnabled(name: string, enabled: boolean): Promise<void>;
  setAgentVisibility(agent: string, name: string, visible: boolean): Promise<void>;
}

export const useToolsStore = create<ToolsState>((set) => ({
  tools: [],
  setEnabled: async (name, enabled) => {
    set((s) => ({ tools: s.tools.map((t) => (t.name === name ? { ...t, enabled } : t)) }));
    try {
      await hub().invoke('tools:setEnabled', { name, enabled });
    } catch (err) {
      set({ error: (err as Error).message });
    }
  },
  setAgentVisibility: async (agent, name, visible) => {
    await hub().invoke('tools:setAgentVisibility', { agent, name, visible });
  },
}));
