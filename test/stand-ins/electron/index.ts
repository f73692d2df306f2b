/**
 * STAND-IN for the `electron` module — not Electron. The Electron binary cannot be downloaded on the machines
 * this project is built on, so the main process (`src/main/index.ts`, `src/main/shell/**`) and the preload run
 * under Node/vitest against this small fake of the subset they use. It records every call (`standIn.calls`) and
 * lets a test drive the app (`app.emit('second-instance')`, `ipcMain.invoke(...)`, `standIn.markReady()`).
 * Behaviour is modelled on Electron 45's documented API; what it cannot prove (real rendering, OS menus, real
 * notifications, real login items) is listed in README.md under "What is verified how".
 *
 * Wired per test file with `vi.mock('electron', () => import('../../stand-ins/electron'))`, never globally.
 */
import { EventEmitter } from 'node:events';

export interface Call {
  api: string;
  args: unknown[];
}

const calls: Call[] = [];
const record = (api: string, ...args: unknown[]): void => void calls.push({ api, args });

class FakeApp extends EventEmitter {
  isPackaged = false;
  gotLock = true;
  platform: NodeJS.Platform = process.platform;
  exitCode: number | null = null;
  private loginItem = { openAtLogin: false };
  private readyResolve!: () => void;
  private readyPromise = new Promise<void>((r) => (this.readyResolve = r));
  paths: Record<string, string> = {};

  requestSingleInstanceLock(): boolean {
    record('app.requestSingleInstanceLock');
    return this.gotLock;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  markReady(): void {
    this.readyResolve();
    this.emit('ready');
  }
  quit(): void {
    record('app.quit');
    const e = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', e);
    if (!e.defaultPrevented) this.emit('will-quit', e);
  }
  exit(code = 0): void {
    record('app.exit', code);
    this.exitCode = code;
  }
  setAppUserModelId(id: string): void {
    record('app.setAppUserModelId', id);
  }
  setLoginItemSettings(s: { openAtLogin: boolean }): void {
    record('app.setLoginItemSettings', s);
    this.loginItem = { ...this.loginItem, ...s };
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { ...this.loginItem };
  }
  getPath(name: string): string {
    return this.paths[name] ?? `/stand-in/${name}`;
  }
  getVersion(): string {
    return '0.0.0-stand-in';
  }
  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.gotLock = true;
    this.exitCode = null;
    this.loginItem = { openAtLogin: false };
    this.readyPromise = new Promise<void>((r) => (this.readyResolve = r));
    this.paths = {};
  }
}

export const app = new FakeApp();

class FakeWebRequest {
  onHeadersReceived(...args: unknown[]): void {
    record('webRequest.onHeadersReceived', ...args);
  }
}

class FakeSession {
  permissionRequest: ((wc: FakeWebContents, permission: string, cb: (ok: boolean) => void, details?: unknown) => void) | null = null;
  permissionCheck: ((wc: unknown, permission: string, origin: string) => boolean) | null = null;
  readonly webRequest = new FakeWebRequest();
  setPermissionRequestHandler(fn: FakeSession['permissionRequest']): void {
    record('session.setPermissionRequestHandler');
    this.permissionRequest = fn;
  }
  setPermissionCheckHandler(fn: FakeSession['permissionCheck']): void {
    record('session.setPermissionCheckHandler');
    this.permissionCheck = fn;
  }
}

export const session = { defaultSession: new FakeSession() };

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly session = session.defaultSession;
  readonly sent: unknown[][] = [];
  url = '';
  destroyed = false;
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  readonly mainFrame = { url: "", parent: null };
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }): void {
    this.windowOpenHandler = fn;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  closeDevTools(): void {
    record('webContents.closeDevTools');
  }
  getURL(): string {
    return this.url;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
    record('new BrowserWindow', options);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    record('win.loadURL', url);
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
  /** Mimics a user closing the window: `close` can be prevented. */
  close(): void {
    const e = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('close', e);
    if (!e.defaultPrevented) this.destroy();
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
  }
}

export class FakeImage {
  template = false;
  constructor(readonly path: string) {}
  setTemplateImage(v: boolean): void {
    this.template = v;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
}

export const nativeImage = {
  createFromPath(path: string): FakeImage {
    return new FakeImage(path);
  },
};

export interface MenuItemTemplate {
  label?: string;
  type?: string;
  role?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: (item: { checked?: boolean }) => void;
  submenu?: MenuItemTemplate[];
}

export class Menu {
  constructor(readonly template: MenuItemTemplate[]) {}
  static applicationMenu: Menu | null | undefined = undefined;
  static buildFromTemplate(template: MenuItemTemplate[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    record('Menu.setApplicationMenu', menu);
    Menu.applicationMenu = menu;
  }
}

export class Tray extends EventEmitter {
  static readonly instances: Tray[] = [];
  image: FakeImage;
  tooltip = '';
  menu: Menu | null = null;
  readonly updates: string[] = [];
  destroyed = false;
  constructor(image: FakeImage) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: FakeImage): void {
    this.updates.push('image');
    this.image = image;
  }
  setToolTip(t: string): void {
    this.updates.push('tooltip');
    this.tooltip = t;
  }
  setContextMenu(m: Menu): void {
    this.updates.push('menu');
    this.menu = m;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class Notification extends EventEmitter {
  static supported = true;
  static readonly instances: Notification[] = [];
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    Notification.instances.push(this);
  }
  static isSupported(): boolean {
    return Notification.supported;
  }
  show(): void {
    this.shown = true;
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, fn: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: what `ipcRenderer.invoke` from `sender` would get back. */
  async invoke(channel: string, sender: { sender?: unknown; senderFrame?: { url: string; parent: unknown } | null }, ...args: unknown[]): Promise<unknown> {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`No handler registered for '${channel}'`);
    return fn(sender, ...args);
  }
}

export const ipcMain = new FakeIpcMain();

export const shell = {
  async openExternal(url: string): Promise<void> {
    record('shell.openExternal', url);
  },
  showItemInFolder(path: string): void {
    record('shell.showItemInFolder', path);
  },
  async openPath(path: string): Promise<string> {
    record('shell.openPath', path);
    return '';
  },
};

/** `dialog.showMessageBox` answers with the queued responses (button index), 0 when the queue is empty. */
export const dialog = {
  responses: [] as number[],
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    record('dialog.showMessageBox', ...args);
    return { response: dialog.responses.shift() ?? 0, checkboxChecked: false };
  },
  showErrorBox(title: string, content: string): void {
    record('dialog.showErrorBox', title, content);
  },
};

/** Preload side. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(name: string, api: unknown): void {
    record('contextBridge.exposeInMainWorld', name);
    contextBridge.exposed.set(name, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  reply: (channel: string, ...args: unknown[]) => unknown = () => undefined;
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    record('ipcRenderer.invoke', channel, ...args);
    return this.reply(channel, ...args);
  }
}

export const ipcRenderer = new FakeIpcRenderer();

/** Control surface for tests. */
export const standIn = {
  calls,
  callsTo(api: string): unknown[][] {
    return calls.filter((c) => c.api === api).map((c) => c.args);
  },
  markReady(): void {
    app.markReady();
  },
  reset(): void {
    calls.length = 0;
    app.reset();
    BrowserWindow.instances.length = 0;
    Tray.instances.length = 0;
    Notification.instances.length = 0;
    Notification.supported = true;
    Menu.applicationMenu = undefined;
    ipcMain.handlers.clear();
    ipcMain.removeAllListeners();
    ipcRenderer.removeAllListeners();
    ipcRenderer.reply = () => undefined;
    dialog.responses.length = 0;
    contextBridge.exposed.clear();
    session.defaultSession.permissionRequest = null;
    session.defaultSession.permissionCheck = null;
  },
};

export default { app, BrowserWindow, Tray, Menu, ipcMain, Notification, shell, dialog, nativeImage, session, contextBridge, ipcRenderer };
