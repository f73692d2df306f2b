/**
 * The Electron carrier of the API: one `hub:invoke` handler (sender checked, args validated by the dispatcher)
 * and events forwarded to the window.
 */
import { ipcMain, type WebContents } from 'electron';
import type { HubApi } from '../core/api/hub-api';
import { samePage } from './security';

/** Only our own page may call the hub: the panel's exact URL (any #route), not another file in its folder. */
export function isTrustedSender(url: string, rendererUrl: string): boolean {
  return samePage(url, rendererUrl);
}

/** @returns a function removing the handler and the event forwarding. */
export function wireIpc(api: HubApi, target: () => WebContents | null, rendererUrl: string): () => void {
  ipcMain.handle('hub:invoke', async (event, channel: unknown, args: unknown) => {
    const url = event.senderFrame?.url ?? '';
    // The main frame of our own window: not an iframe, not another WebContents that loaded the same file.
    const ours = event.sender === target() && event.senderFrame?.parent === null;
    if (!ours || !isTrustedSender(url, rendererUrl)) return { ok: false, error: { code: 'PERMISSION_DENIED', message: `refused a call from ${url}` } };
    try {
      return { ok: true, result: await api.dispatch(String(channel), args) };
    } catch (error) {
      return { ok: false, error };
    }
  });
  const forward = (event: string, payload: unknown): void => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send('hub:event', event, payload);
  };
  api.on('event', forward);
  return () => {
    ipcMain.removeHandler('hub:invoke');
    api.off('event', forward);
  };
}
