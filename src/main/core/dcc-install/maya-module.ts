/**
 * "Install the DCC plugin" for Maya: a module file in the user's modules folder that puts the hub's plug-in on
 * MAYA_PLUG_IN_PATH and its Python package on PYTHONPATH (Maya reads it at start-up; then load the plug-in).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAYA_MODULE_FILE = 'dcc_mcp_hub.mod';

/** The per-user Maya modules folder: ~/maya/modules (Linux), ~/Library/Preferences/Autodesk/maya/modules, ~/Documents/maya/modules. */
export function mayaModulesDir(home: string, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return join(home, 'Library', 'Preferences', 'Autodesk', 'maya', 'modules');
  if (platform === 'win32') return join(home, 'Documents', 'maya', 'modules');
  return join(home, 'maya', 'modules');
}

/** The module file text for the plug-in folder `pluginDir` (resources/dcc-plugin). */
export function mayaModuleText(pluginDir: string): string {
  return `+ dcc_mcp_hub 0.2.0 ${pluginDir}\nMAYA_PLUG_IN_PATH +:= maya\nPYTHONPATH +:= .\n`;
}

/** Writes (or rewrites) the module file; returns its path and whether it replaced a different one. */
export function writeMayaModule(home: string, platform: NodeJS.Platform, pluginDir: string): { path: string; replaced: boolean } {
  const dir = mayaModulesDir(home, platform);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, MAYA_MODULE_FILE);
  const text = mayaModuleText(pluginDir);
  const replaced = existsSync(path) && readFileSync(path, 'utf8') !== text;
  writeFileSync(path, text);
  return { path, replaced };
}
