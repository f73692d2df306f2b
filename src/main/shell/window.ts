/** The panel window: sandboxed, context-isolated, no Node; closing it hides it (the hub keeps running in the tray). */
import { BrowserWindow } from 'electron';

/** The panel window's inputs. */
export interface WindowOptions {
  preload: string;
  rendererUrl: string;
  icon: string;
  /** Packaged app: DevTools cannot be opened. */
  production: boolean;
  isQuitting(): boolean;
}

/** The BrowserWindow options (exported so tests check exactly what Electron gets). */
export function windowOptions(o: Pick<WindowOptions, 'preload' | 'icon' | 'production'>): Electron.BrowserWindowConstructorOptions {
  return {
    width: 1320,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'DCC MCP Hub',
    backgroundColor: '#1d1e21',
    icon: o.icon,
    webPreferences: {
      preload: o.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !o.production,
    },
  };
}

/** Creates and loads the window (navigation, new windows and permissions are locked down in `security.ts`). */
export function createWindow(o: WindowOptions): BrowserWindow {
  const win = new BrowserWindow(windowOptions(o));
  win.once('ready-to-show', () => win.show());
  win.on('close', (e) => {
    if (o.isQuitting()) return;
    e.preventDefault();
    win.hide();
  });
  void win.loadURL(o.rendererUrl);
  return win;
}
