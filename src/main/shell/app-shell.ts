/**
 * The Electron shell around a started core: window, tray, IPC, quit. It only relays to the core it is handed.
 */
import { app, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HeadlessHub } from '../core/headless';
import { wireIpc } from './ipc';
import { createTray, type ShellTray } from './tray';
import { createWindow } from './window';

/** What the shell needs besides the core. */
export interface ShellOptions {
  preload: string;
  rendererHtml: string;
  iconsDir: string;
  /** Packaged app: no DevTools. */
  production: boolean;
  /** Started at login: stay in the tray until the user opens the window. */
  hidden?: boolean;
  platform?: NodeJS.Platform;
}

/** The running shell. */
export interface ShellHandle {
  /** Shows, restores and focuses the window (creating it if needed). */
  open(): void;
  window(): BrowserWindow | null;
  tray: ShellTray;
}

/** The page the window loads (the dev server in `electron-vite dev`). */
export function rendererUrlOf(rendererHtml: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.ELECTRON_RENDERER_URL ?? pathToFileURL(rendererHtml).href;
}

/** Runs the desktop app around an already started core. */
export function runShell(core: HeadlessHub, o: ShellOptions): ShellHandle {
  const rendererUrl = rendererUrlOf(o.rendererHtml);
  let win: BrowserWindow | null = null;
  let quitting = false;
  /** `page`: a panel route; a window created now loads it directly (an event would arrive before the page). */
  const show = (page?: string): boolean => {
    if (!win || win.isDestroyed()) {
      win = createWindow({ preload: o.preload, rendererUrl: page ? `${rendererUrl}#/${page}` : rendererUrl, icon: join(o.iconsDir, '256x256.png'), production: o.production, isQuitting: () => quitting });
      win.focus();
      return true;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return false;
  };
  const open = (): void => void show();
  const review = (id: string): void => {
    if (!show('approvals')) core.api.emit('event', 'app:navigate', { page: 'approvals', id });
  };
  const unwire = wireIpc(core.api, () => win?.webContents ?? null, rendererUrl);
  const tray = createTray(core.hub, core.api, o.iconsDir, { open, review, quit: () => app.quit() }, o.platform);
  app.on('activate', open);
  // Closing the last window keeps the hub in the tray.
  app.on('window-all-closed', () => {});
  app.on('before-quit', (e) => {
    if (quitting) return;
    quitting = true;
    e.preventDefault();
    unwire();
    tray.destroy();
    // The hub's HTTP server, sessions, services' child processes and hub.json go before the process does.
    void core.stop().finally(() => app.exit(0));
  });
  if (!o.hidden) open();
  return { open, window: () => win, tray };
}
