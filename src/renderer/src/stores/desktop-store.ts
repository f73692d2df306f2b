import { create } from 'zustand';
import type { ApiResult } from '../../../shared/api';
import { hub } from '../lib/hub-client';

type PluginInfo = ApiResult<'plugin:info'>;
type Desktop = ApiResult<'desktop:get'>;

interface DesktopState {
  plugin: PluginInfo | null;
  desktop: Desktop | null;
  /** The last install / show-files outcome, shown under the buttons. */
  notice: { ok: boolean; text: string } | null;
  restartNeeded: boolean;
  load(): Promise<void>;
  install(dcc: 'blender' | 'maya'): Promise<void>;
  showFiles(dcc?: 'blender' | 'maya'): Promise<void>;
  setStartAtLogin(on: boolean): Promise<void>;
  setPort(port: number): Promise<void>;
}

/** The DCC plugin (install, show files) and the desktop app's own settings (start at login, port). */
export const useDesktopStore = create<DesktopState>((set, get) => ({
  plugin: null,
  desktop: null,
  notice: null,
  restartNeeded: false,
  load: async () => set({ plugin: await hub().invoke('plugin:info', {}), desktop: await hub().invoke('desktop:get', {}) }),
  install: async (dcc) => {
    try {
      const r = await hub().invoke('plugin:install', { dcc });
      set({ notice: { ok: true, text: r.message } });
    } catch (err) {
      set({ notice: { ok: false, text: (err as Error).message } });
    }
    await get().load();
  },
  showFiles: async (dcc) => {
    const r = await hub().invoke('plugin:showFiles', { dcc });
    if (!r.opened) set({ notice: { ok: true, text: `The plugin files are in ${r.path}` } });
  },
  setStartAtLogin: async (on) => {
    const r = await hub().invoke('desktop:set', { startAtLogin: on });
    set({ desktop: r });
  },
  setPort: async (port) => {
    const r = await hub().invoke('desktop:set', { port });
    set({ desktop: r, restartNeeded: r.restartNeeded });
  },
}));
