import { create } from 'zustand';
import type { ApiResult } from '../../../shared/api';
import { expectSessionEnd, hub } from '../lib/hub-client';

interface ClientConfig {
  client: string;
  title: string;
  where: string;
  language: string;
  snippet: string;
}

interface SettingsState {
  settings: ApiResult<'settings:get'> | null;
  token: string | null;
  configs: ClientConfig[];
  load(): Promise<void>;
  /** Keeps the port served on now for later starts (after a fallback). */
  keepPort(): Promise<void>;
  reveal(): Promise<void>;
  regenerate(): Promise<void>;
  /** Ends every panel session (headless) and moves this page to the fresh link. */
  rotatePanel(): Promise<void>;
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  settings: null,
  token: null,
  configs: [],
  load: async () => set({ settings: await hub().invoke('settings:get', {}), configs: await hub().invoke('settings:clientConfigs', {}) }),
  keepPort: async () => set({ settings: await hub().invoke('settings:keepPort', {}) }),
  reveal: async () => set({ token: (await hub().invoke('settings:revealToken', {})).token }),
  regenerate: async () => {
    set({ token: (await hub().invoke('settings:regenerateToken', {})).token });
    await get().load();
  },
  rotatePanel: async () => {
    const { uiUrl } = await hub().invoke('settings:rotatePanelCredential', {});
    expectSessionEnd(uiUrl);
  },
}));
