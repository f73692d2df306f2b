/**
 * The Electron shell: single-instance lock, window, tray, IPC. It only relays to the core it is handed.
 */
import { app, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HeadlessHub } from '../core/headless';
import { wireIpc } from './ipc';
import { createTray } from './tray';
import { createWindow } from './window';

export interface ShellPaths {
  preload: string;
  rendererHtml: string;
  iconsDir: string;
}

/** Runs the desktop app around an already started core. */
export function runShell(core: HeadlessHub, paths: ShellPaths): void {
  const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(paths.rendererHtml).href;
  let win: BrowserWindow | null = null;
  let quitting = false;
  const open = (): void => {
    if (!win || win.isDestroyed()) win = createWindow(paths.preload, rendererUrl, join(paths.iconsDir, '256x256.png'), () => quitting);
    else win.show();
    win.focus();
  };
  const unwire = wireIpc(core.api, () => win?.webContents ?? null, rendererUrl);
  createTray(core.hub, core.api, paths.iconsDir, { open, quit: () => app.quit() });
  app.on('second-instance', open);
  app.on('activate', open);
  // Closing the last window keeps the hub in the tray.
  app.on('window-all-closed', () => {});
  app.on('before-quit', (e) => {
    if (quitting) return;
    quitting = true;
    e.preventDefault();
    unwire();
    void core.stop().finally(() => app.exit(0));
  });
  open();
}
