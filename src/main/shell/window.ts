/** The panel window: sandboxed, context-isolated, closing it hides it (the hub keeps running in the tray). */
import { BrowserWindow, shell } from 'electron';

export function createWindow(preload: string, rendererUrl: string, icon: string, isQuitting: () => boolean): BrowserWindow {
  const win = new BrowserWindow({
    width: 1320,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'DCC MCP Hub',
    backgroundColor: '#1d1e21',
    icon,
    webPreferences: { preload, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
  });
  win.once('ready-to-show', () => win.show());
  win.on('close', (e) => {
    if (isQuitting()) return;
    e.preventDefault();
    win.hide();
  });
  // Links open in the user's browser; the panel never navigates away from itself.
  win.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(rendererUrl.replace(/index\.html.*$/, ''))) e.preventDefault();
  });
  void win.loadURL(rendererUrl);
  return win;
}
