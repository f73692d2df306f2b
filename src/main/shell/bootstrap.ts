/**
 * The desktop app's start-up, in the order first launch needs: Windows app id (notifications), the
 * single-instance lock with `second-instance` registered before anything slow, the lockdown, the port (with the
 * conflict dialog), the core, then the shell. A core that fails to start is reported and the app exits — it
 * never sits holding the lock with no window and no tray.
 */
import { app, dialog } from 'electron';
import { join } from 'node:path';
import type { HeadlessHub } from '../core/headless';
import { startHeadless } from '../core/headless';
import { createLogger } from '../core/log';
import { DesktopSettingsStore } from '../core/store/desktop-settings';
import { resolveDataDir } from '../core/store/data-dir';
import { rendererUrlOf, runShell, type ShellHandle } from './app-shell';
import { desktopPort } from './desktop-port';
import { HIDDEN_ARG } from './login-item';
import { resolveShellPaths } from './paths';
import { startOnFreePort } from './port-conflict';
import { lockDown } from './security';

/** Must equal electron-builder.yml's appId: Windows shows notifications only for a registered AppUserModelID. */
export const APP_ID = 'io.dccmcp.hub';

/** Inputs of `bootstrap` (tests override the platform, environment and core start). */
export interface BootstrapOptions {
  /** Directory of the built main script (`out/main`). */
  mainDir: string;
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  resourcesPath?: string;
  /** Starts the core (tests may wrap it). */
  startCore?: typeof startHeadless;
}

/** Starts the app. @returns the shell, or null when this is a second instance, the user quit, or start failed */
export async function bootstrap(o: BootstrapOptions): Promise<{ shell: ShellHandle; core: HeadlessHub } | null> {
  const platform = o.platform ?? process.platform;
  const env = o.env ?? process.env;
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // Registered now, not after the core started: a second launch during start-up must not be lost.
  let focus: (() => void) | null = null;
  let wantOpen = false;
  app.on('second-instance', () => (focus ? focus() : (wantOpen = true)));
  await app.whenReady();
  const log = createLogger('hub');
  const paths = resolveShellPaths({ isPackaged: app.isPackaged, mainDir: o.mainDir, resourcesPath: o.resourcesPath ?? process.resourcesPath });
  const production = app.isPackaged;
  lockDown(rendererUrlOf(paths.rendererHtml, env), production, platform);
  try {
    const dataDir = resolveDataDir(undefined, platform, env);
    const desktop = new DesktopSettingsStore(dataDir, (m) => log.warn(m));
    const host = '127.0.0.1';
    const envPort = env.DCC_MCP_HUB_PORT ? Number(env.DCC_MCP_HUB_PORT) : null;
    const bridge = production ? { kind: 'electron' as const, execPath: process.execPath, script: paths.bridgeScript } : { kind: 'node' as const, cliPath: paths.cliPath };
    const start = o.startCore ?? startHeadless;
    const core = await startOnFreePort({
      port: envPort ?? desktop.get().port,
      host,
      settings: desktop,
      platform,
      start: (port) => start({ host, port, dataDir, registryDir: env.DCC_MCP_REGISTRY_DIR, uiDir: join(o.mainDir, '..', 'renderer'), logger: log, cliPath: paths.cliPath, bridge, pluginDir: paths.pluginDir, desktop: desktopPort(desktop, { platform, env, execPath: process.execPath }) }),
    });
    if (!core) {
      app.exit(0);
      return null;
    }
    const shell = runShell(core, { ...paths, production, hidden: (o.argv ?? process.argv).includes(HIDDEN_ARG) && !wantOpen, platform });
    focus = shell.open;
    if (wantOpen) shell.open();
    return { shell, core };
  } catch (err) {
    const e = err as Error;
    log.error(`could not start: ${e.stack ?? e.message}`);
    dialog.showErrorBox('DCC MCP Hub could not start', e.message);
    app.exit(1);
    return null;
  }
}
