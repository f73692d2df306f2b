/**
 * The composition root of the desktop app: builds the core (plain Node) and hands it to the Electron shell.
 */
import { app } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHeadless } from './core/headless';
import { createLogger } from './core/log';
import { runShell } from './shell/app-shell';

const here = dirname(fileURLToPath(import.meta.url));
const resources = app.isPackaged ? process.resourcesPath : join(here, '..', '..', 'resources');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(async () => {
    const core = await startHeadless({
      port: Number(process.env.DCC_MCP_HUB_PORT ?? 8765),
      uiDir: join(here, '..', 'renderer'),
      logger: createLogger('hub'),
      cliPath: join(here, '..', '..', 'bin', 'dcc-mcp-hub.js'),
    });
    runShell(core, { preload: join(here, '..', 'preload', 'index.cjs'), rendererHtml: join(here, '..', 'renderer', 'index.html'), iconsDir: join(resources, 'icons') });
  });
}
