/**
 * Where the app's files are, in development (`out/` next to `resources/`) and packaged (electron-builder:
 * code in `resources/app.asar`, `asarUnpack` files in `resources/app.asar.unpacked`, `extraResources` beside).
 */
import { join } from 'node:path';

export interface ShellPaths {
  preload: string;
  rendererHtml: string;
  iconsDir: string;
  /** The Python DCC plugin (extraResources → dcc-plugin). */
  pluginDir: string;
  /** The self-contained stdio bridge, outside app.asar so `ELECTRON_RUN_AS_NODE=1 <app exe>` can run it. */
  bridgeScript: string;
  /** bin/dcc-mcp-hub.js (development only: packaged apps have no system node to run it). */
  cliPath: string;
}

export interface PathInputs {
  isPackaged: boolean;
  /** The directory of the built main script (`out/main`). */
  mainDir: string;
  /** `process.resourcesPath` (packaged only). */
  resourcesPath: string;
}

/** Resolves every path the shell needs. */
export function resolveShellPaths(i: PathInputs): ShellPaths {
  const out = join(i.mainDir, '..');
  const appRoot = join(out, '..');
  const resources = i.isPackaged ? i.resourcesPath : join(appRoot, 'resources');
  const unpacked = i.isPackaged ? join(i.resourcesPath, 'app.asar.unpacked') : appRoot;
  return {
    preload: join(out, 'preload', 'index.cjs'),
    rendererHtml: join(out, 'renderer', 'index.html'),
    iconsDir: join(resources, 'icons'),
    pluginDir: join(resources, 'dcc-plugin'),
    bridgeScript: join(unpacked, 'out', 'bridge', 'dcc-mcp-hub.cjs'),
    cliPath: join(appRoot, 'bin', 'dcc-mcp-hub.js'),
  };
}
