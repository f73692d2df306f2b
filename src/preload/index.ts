/**
 * The narrow bridge the renderer gets as `window.hub` (contextIsolation + sandbox): invoke a channel of the API
 * contract, subscribe to its events. The raw ipcRenderer never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiArgs, ApiChannel, ApiEvent, ApiResult, EventPayload, HubApi } from '../shared/api';

export const api: HubApi = {
  async invoke<C extends ApiChannel>(channel: C, args: ApiArgs<C>): Promise<ApiResult<C>> {
    const r = (await ipcRenderer.invoke('hub:invoke', channel, args)) as { ok: true; result: ApiResult<C> } | { ok: false; error: { code: string; message: string } };
    if (r.ok) return r.result;
    throw Object.assign(new Error(r.error.message), { code: r.error.code });
  },
  on<E extends ApiEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const fn = (_e: IpcRendererEvent, name: string, payload: unknown): void => {
      if (name === event) listener(payload as EventPayload<E>);
    };
    ipcRenderer.on('hub:event', fn);
    return () => ipcRenderer.removeListener('hub:event', fn);
  },
};

contextBridge.exposeInMainWorld('hub', api);
