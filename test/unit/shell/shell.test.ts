/**
 * The Electron main process under Node, against the documented `electron` STAND-IN (test/stand-ins/electron):
 * start-up order, window options, lockdown, IPC sender checks, quit, port conflict, packaged paths.
 * The core it starts is the real one (real HTTP server on a real port).
 */
import { createServer, connect, type Server } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, dialog, FakeWebContents, ipcMain, Menu, session, standIn, type Call } from '../../stand-ins/electron/index';
import { bootstrap, APP_ID } from '../../../src/main/shell/bootstrap';
import type { HeadlessHub } from '../../../src/main/core/headless';
import { startHeadless } from '../../../src/main/core/headless';
import { ROOT } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';
import { shellEnv } from './harness';

vi.mock('electron', () => import('../../stand-ins/electron/index'));

const MAIN_DIR = join(ROOT, 'out', 'main');
let cores: HeadlessHub[] = [];
const servers: Server[] = [];

async function boot(opts: { port?: number; argv?: string[]; platform?: NodeJS.Platform; packaged?: boolean; startCore?: typeof startHeadless } = {}) {
  const e = shellEnv(opts.port ?? 0);
  app.isPackaged = opts.packaged ?? false;
  const started = bootstrap({ mainDir: MAIN_DIR, env: e.env, argv: opts.argv ?? [], platform: opts.platform ?? 'linux', resourcesPath: '/opt/DCC MCP Hub/resources', startCore: opts.startCore });
  standIn.markReady();
  const r = await started;
  if (r) cores.push(r.core);
  return { r, e };
}

const portOf = (core: HeadlessHub): number => Number(new URL(core.info.mcpUrl).port);
const refused = (port: number): Promise<boolean> => new Promise((resolve) => connect(port, '127.0.0.1').once('connect', function (this: import('node:net').Socket) { this.destroy(); resolve(false); }).once('error', () => resolve(true)));

beforeEach(() => standIn.reset());
afterEach(async () => {
  await Promise.all(cores.map((c) => c.stop()));
  cores = [];
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('start-up', () => {
  it('registers second-instance before the core starts, and a second launch during start-up focuses the window', async () => {
    let listenersAtCoreStart = -1;
    const { r } = await boot({
      argv: ['--hidden'],
      startCore: async (o) => {
        listenersAtCoreStart = app.listenerCount('second-instance');
        app.emit('second-instance', {}, ['DCC MCP Hub'], '/');
        return startHeadless(o);
      },
    });
    expect(listenersAtCoreStart).toBe(1);
    // Started hidden (login item), but the second launch asked for the window: it is there and focused.
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(BrowserWindow.instances[0]!.focused).toBe(true);
    BrowserWindow.instances[0]!.hide();
    BrowserWindow.instances[0]!.minimized = true;
    BrowserWindow.instances[0]!.focused = false;
    app.emit('second-instance', {}, [], '/');
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(BrowserWindow.instances[0]!).toMatchObject({ visible: true, minimized: false, focused: true });
    expect(r).not.toBeNull();
  });

  it('a second instance quits at once without starting a core', async () => {
    app.gotLock = false;
    const startCore = vi.fn(startHeadless);
    const { r } = await boot({ startCore });
    expect(r).toBeNull();
    expect(standIn.callsTo('app.quit')).toHaveLength(1);
    expect(startCore).not.toHaveBeenCalled();
  });

  it('sets the AppUserModelId (equal to electron-builder appId) on Windows only, before the lock', async () => {
    await boot({ platform: 'win32' });
    const names = standIn.calls.map((c: Call) => c.api);
    expect(standIn.callsTo('app.setAppUserModelId')).toEqual([[APP_ID]]);
    expect(names.indexOf('app.setAppUserModelId')).toBeLessThan(names.indexOf('app.requestSingleInstanceLock'));
    expect(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).toMatch(new RegExp(`^appId: ${APP_ID.replace(/\./g, '\\.')}$`, 'm'));
    standIn.reset();
    await boot({ platform: 'linux' });
    expect(standIn.callsTo('app.setAppUserModelId')).toEqual([]);
  });

  it('a core that fails to start is reported and the app exits (never a lock with no window or tray)', async () => {
    const { r } = await boot({ startCore: () => Promise.reject(new Error('registry dir is not private')) });
    expect(r).toBeNull();
    expect(standIn.callsTo('dialog.showErrorBox')).toEqual([['DCC MCP Hub could not start', 'registry dir is not private']]);
    expect(app.exitCode).toBe(1);
  });

  it('--hidden (start at login) keeps the window closed; the tray is there', async () => {
    const { r } = await boot({ argv: ['--hidden'] });
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(r!.shell.tray.tray).toBeDefined();
  });
});

describe('src/main/index.ts', () => {
  it('the composition root starts the app: window, tray, IPC; quitting stops the hub', async () => {
    const e = shellEnv(0);
    for (const k of ['DCC_MCP_HUB_DATA_DIR', 'DCC_MCP_REGISTRY_DIR', 'DCC_MCP_HUB_PORT', 'XDG_CONFIG_HOME'] as const) vi.stubEnv(k, e.env[k]!);
    try {
      await import('../../../src/main/index');
      expect(app.listenerCount('second-instance')).toBe(1);
      standIn.markReady();
      await waitFor(() => BrowserWindow.instances.length === 1 && ipcMain.handlers.has('hub:invoke'), 'the window and the IPC handler');
      expect(existsSync(join(e.dataDir, 'hub.json'))).toBe(true);
      app.quit();
      await waitFor(() => app.exitCode === 0, 'app.exit(0)');
      expect(existsSync(join(e.dataDir, 'hub.json'))).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('window and lockdown', () => {
  it('creates a sandboxed, context-isolated window without Node, and no DevTools when packaged', async () => {
    await boot({ packaged: true });
    const prefs = BrowserWindow.instances[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, devTools: false });
    expect(prefs.preload).toBe(join(ROOT, 'out', 'preload', 'index.cjs'));
    expect(standIn.callsTo('win.loadURL')[0]![0]).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html$/);
  });

  it('denies navigation, new windows, webviews and every permission request', async () => {
    await boot();
    const wc = BrowserWindow.instances[0]!.webContents;
    const nav = (event: string, url: string): boolean => {
      const e = { prevented: false, preventDefault() { this.prevented = true; } };
      wc.emit(event, e, url);
      return e.prevented;
    };
    expect(nav('will-navigate', 'https://evil.example/')).toBe(true);
    expect(nav('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(nav('will-redirect', 'https://evil.example/')).toBe(true);
    expect(nav('will-navigate', `${wc.url}#/approvals`)).toBe(false);
    expect(nav('will-attach-webview', 'about:blank')).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'file:///bin/sh' })).toEqual({ action: 'deny' });
    // Only the http(s) link went to the browser (the navigation to https too); never the file: ones.
    expect(standIn.callsTo('shell.openExternal').map((a) => a[0])).toEqual(['https://evil.example/', 'https://evil.example/', 'https://docs.example/']);
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) session.defaultSession.permissionRequest!(wc, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false, false]);
    expect(session.defaultSession.permissionCheck!(wc, 'media', 'file:///')).toBe(false);
    // The panel's Copy buttons: clipboard writes from our own page only.
    session.defaultSession.permissionRequest!(wc, 'clipboard-sanitized-write', (ok) => answers.push(ok));
    expect(answers.at(-1)).toBe(true);
    expect(session.defaultSession.permissionCheck!(wc, 'clipboard-sanitized-write', 'file:///')).toBe(true);
    expect(session.defaultSession.permissionCheck!(wc, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    const other = new FakeWebContents();
    other.url = 'https://evil.example/';
    session.defaultSession.permissionRequest!(other, 'clipboard-sanitized-write', (ok) => answers.push(ok));
    expect(answers.at(-1)).toBe(false);
  });

  it('production: no default menu (Linux/Windows), a menu without DevTools on macOS, DevTools closed if opened', async () => {
    await boot({ packaged: true, platform: 'linux' });
    expect(Menu.applicationMenu).toBeNull();
    const wc = BrowserWindow.instances[0]!.webContents;
    wc.emit('devtools-opened');
    expect(standIn.callsTo('webContents.closeDevTools')).toHaveLength(1);
    standIn.reset();
    await boot({ packaged: true, platform: 'darwin' });
    const text = JSON.stringify(Menu.applicationMenu);
    expect(text).toContain('editMenu');
    expect(text).not.toMatch(/toggleDevTools|viewMenu|reload/i);
    standIn.reset();
    await boot({ packaged: false });
    expect(Menu.applicationMenu).toBeUndefined();
  });
});

describe('IPC', () => {
  it('answers our own window main frame only', async () => {
    await boot();
    const wc = BrowserWindow.instances[0]!.webContents;
    const ok = (await ipcMain.invoke('hub:invoke', { sender: wc, senderFrame: { url: `${wc.url}#/settings`, parent: null } }, 'hub:status', {})) as { ok: boolean; result: { version: string } };
    expect(ok.ok).toBe(true);
    expect(ok.result.version).toMatch(/^\d/);
    const denied = async (sender: unknown, url: string, parent: unknown = null) => ((await ipcMain.invoke('hub:invoke', { sender, senderFrame: { url, parent } }, 'hub:status', {})) as { ok: boolean; error: { code: string } }).error?.code;
    expect(await denied(wc, wc.url.replace('index.html', 'other.html'))).toBe('PERMISSION_DENIED');
    expect(await denied(wc, 'https://evil.example/')).toBe('PERMISSION_DENIED');
    expect(await denied(wc, wc.url, { url: wc.url })).toBe('PERMISSION_DENIED');
    expect(await denied(new FakeWebContents(), wc.url)).toBe('PERMISSION_DENIED');
    const bad = (await ipcMain.invoke('hub:invoke', { sender: wc, senderFrame: { url: wc.url, parent: null } }, 'no:such', {})) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
  });
});

describe('quit', () => {
  it('stops the hub (port closed, hub.json gone) before the process exits', async () => {
    const { r, e } = await boot();
    const port = portOf(r!.core);
    expect(existsSync(join(e.dataDir, 'hub.json'))).toBe(true);
    const win = BrowserWindow.instances[0]!;
    win.close();
    expect(win.destroyed).toBe(false); // closing the window keeps the app in the tray
    app.quit();
    await waitFor(() => app.exitCode === 0, 'app.exit(0) after the core stopped');
    expect(await refused(port)).toBe(true);
    expect(existsSync(join(e.dataDir, 'hub.json'))).toBe(false);
    win.close();
    expect(win.destroyed).toBe(true); // quitting: the window really closes
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('port conflict', () => {
  async function occupy(): Promise<number> {
    const s = createServer();
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return (s.address() as { port: number }).port;
  }

  it('says which process holds the port, offers another, and keeps it in settings', async () => {
    const taken = await occupy();
    const e = shellEnv();
    mkdirSync(e.dataDir, { recursive: true });
    writeFileSync(join(e.dataDir, 'desktop.json'), JSON.stringify({ port: taken }));
    dialog.responses.push(0);
    const started = bootstrap({ mainDir: MAIN_DIR, env: e.env, argv: [], platform: 'linux' });
    standIn.markReady();
    const r = (await started)!;
    cores.push(r.core);
    const [box] = standIn.callsTo('dialog.showMessageBox') as [{ message: string; detail: string; buttons: string[] }][];
    expect(box![0].message).toBe(`Port ${taken} is already in use`);
    // This test process holds the port: the dialog names it.
    expect(box![0].detail).toContain(`(pid ${process.pid})`);
    const alt = Number(/Use port (\d+)/.exec(box![0].buttons[0]!)![1]);
    expect(alt).not.toBe(taken);
    expect(portOf(r.core)).toBe(alt);
    expect(JSON.parse(readFileSync(join(e.dataDir, 'desktop.json'), 'utf8')).port).toBe(alt);
    const configs = await r.core.api.dispatch('settings:clientConfigs', {});
    expect(JSON.stringify(configs)).toContain(`127.0.0.1:${alt}/mcp`);
  });

  it('a port taken between the check and the listen goes the same way (and the failed core is closed)', async () => {
    const blocker = createServer();
    servers.push(blocker);
    const port = await new Promise<number>((res) => blocker.listen(0, '127.0.0.1', () => res((blocker.address() as { port: number }).port)));
    await new Promise((res) => blocker.close(res));
    let attempts = 0;
    dialog.responses.push(0);
    const { r } = await boot({
      port,
      startCore: async (o) => {
        // Another program grabs the port after the free-port check: the real core's listen fails (EADDRINUSE).
        if (++attempts === 1) await new Promise<void>((res) => blocker.listen(port, '127.0.0.1', res));
        return startHeadless(o);
      },
    });
    expect(attempts).toBe(2);
    const [box] = standIn.callsTo('dialog.showMessageBox') as [{ message: string; detail: string }][];
    expect(box![0]).toMatchObject({ message: `Port ${port} is already in use`, detail: expect.stringContaining(`(pid ${process.pid})`) });
    expect(portOf(r!.core)).not.toBe(port);
  });

  it('the user can quit instead', async () => {
    const taken = await occupy();
    dialog.responses.push(1);
    const { r } = await boot({ port: taken });
    expect(r).toBeNull();
    expect(app.exitCode).toBe(0);
    expect(BrowserWindow.instances).toHaveLength(0);
  });
});

describe('packaged app', () => {
  it('stdio snippets run the bridge with the app executable in Node mode, never a system node', async () => {
    const { r } = await boot({ packaged: true });
    const configs = (await r!.core.api.dispatch('settings:clientConfigs', {})) as { client: string; snippet: string }[];
    const claude = JSON.parse(configs.find((c) => c.client === 'claude-desktop')!.snippet).mcpServers['dcc-mcp-hub'];
    expect(claude.command).toBe(process.execPath);
    expect(claude.args[0]).toBe('/opt/DCC MCP Hub/resources/app.asar.unpacked/out/bridge/dcc-mcp-hub.cjs');
    expect(claude.args.slice(1, 2)).toEqual(['stdio']);
    expect(claude.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(configs.find((c) => c.client === 'codex')!.snippet).toContain('env = { ELECTRON_RUN_AS_NODE = "1" }');
    const info = (await r!.core.api.dispatch('plugin:info', {})) as { pluginDir: string };
    expect(info.pluginDir).toBe('/opt/DCC MCP Hub/resources/dcc-plugin');
  });
});
