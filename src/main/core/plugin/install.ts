/**
 * Putting the shipped Python plugin where a DCC finds it ("Install into Blender / Maya" in the panel).
 * Maya: a module file (`dcc_mcp_hub.mod`) in the user's modules folder pointing at the shipped plugin, whose
 * `scripts/userSetup.py` loads the plug-in at start-up. Blender: the add-on copied into every Blender version's
 * user add-ons folder (then enabled by the user in Preferences → Add-ons).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { HubError } from '../errors';

/** The DCCs the panel can install the plugin into. */
export type PluginDcc = 'blender' | 'maya';

/** The OS, environment and home folder install targets are computed from. */
export interface InstallEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home?: string;
}

const home = (e: InstallEnv): string => e.home ?? homedir();

/** The folder Maya reads user module files from (`$MAYA_APP_DIR/modules` when set). */
export function mayaModulesDir(e: InstallEnv): string {
  if (e.env.MAYA_APP_DIR) return join(e.env.MAYA_APP_DIR, 'modules');
  if (e.platform === 'darwin') return join(home(e), 'Library', 'Preferences', 'Autodesk', 'maya', 'modules');
  if (e.platform === 'win32') return join(e.env.USERPROFILE ?? home(e), 'Documents', 'maya', 'modules');
  return join(home(e), 'maya', 'modules');
}

/** The folder holding one sub-folder per Blender version (`3.4`, `4.2`…) of user settings. */
export function blenderConfigRoot(e: InstallEnv): string {
  if (e.platform === 'darwin') return join(home(e), 'Library', 'Application Support', 'Blender');
  if (e.platform === 'win32') return join(e.env.APPDATA ?? join(home(e), 'AppData', 'Roaming'), 'Blender Foundation', 'Blender');
  return join(e.env.XDG_CONFIG_HOME || join(home(e), '.config'), 'blender');
}

/** `<root>/<version>/scripts/addons` for every Blender version that has run for this user. */
export function blenderAddonDirs(e: InstallEnv): string[] {
  const root = blenderConfigRoot(e);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+\.\d+$/.test(v))
    .sort((a, b) => Number(b.split('.')[0]) - Number(a.split('.')[0]) || Number(b.split('.')[1]) - Number(a.split('.')[1]))
    .map((v) => join(root, v, 'scripts', 'addons'));
}

/** The module file's text, with the module root made absolute (the shipped one is relative to itself). */
export function mayaModuleText(pluginDir: string): string {
  const shipped = readFileSync(join(pluginDir, 'dcc_mcp_hub.mod'), 'utf8');
  return shipped.replace(/^(\+\s+\S+\s+\S+\s+)(\S+)\s*$/m, (_m, head: string) => `${head}${join(pluginDir, 'maya')}`);
}

/** Where install would put the plugin for `dcc` (null: no target folder found). */
export function installTarget(dcc: PluginDcc, e: InstallEnv): string | null {
  if (dcc === 'maya') return join(mayaModulesDir(e), 'dcc_mcp_hub.mod');
  const dirs = blenderAddonDirs(e);
  return dirs.length ? join(dirs[0]!, 'dcc_mcp_hub') : null;
}

/**
 * Installs the plugin for `dcc`.
 * @returns where it went and what the user still has to do
 * @throws HubError NOT_FOUND when no Blender settings folder exists yet
 */
export function installPlugin(dcc: PluginDcc, pluginDir: string, e: InstallEnv): { path: string; message: string } {
  if (dcc === 'maya') {
    const file = join(mayaModulesDir(e), 'dcc_mcp_hub.mod');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, mayaModuleText(pluginDir));
    return { path: file, message: `Installed ${file}. Restart Maya: the plug-in loads at start-up (Windows → Settings/Preferences → Plug-in Manager shows "dcc_mcp_hub_maya").` };
  }
  const dirs = blenderAddonDirs(e);
  if (!dirs.length) throw new HubError('NOT_FOUND', `No Blender settings folder found in ${blenderConfigRoot(e)}. Start Blender once, then install again — or use "Show files" and install the add-on from Blender's Preferences → Add-ons → Install…`);
  for (const dir of dirs) copyAddon(pluginDir, join(dir, 'dcc_mcp_hub'));
  const first = join(dirs[0]!, 'dcc_mcp_hub');
  return { path: first, message: `Installed into ${dirs.length} Blender version${dirs.length === 1 ? '' : 's'} (${first}${dirs.length > 1 ? ', …' : ''}). In Blender: Edit → Preferences → Add-ons → search "DCC MCP Hub" → tick it.` };
}

/** The add-on's layout: dcc_mcp_hub/__init__.py plus the dcc_mcp_plugin package inside it (as the zip has it). */
function copyAddon(pluginDir: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  copyFileSync(join(pluginDir, 'blender_addon', '__init__.py'), join(dest, '__init__.py'));
  const src = join(pluginDir, 'dcc_mcp_plugin');
  for (const file of walk(src).filter((f) => f.endsWith('.py'))) {
    const to = join(dest, 'dcc_mcp_plugin', relative(src, file));
    mkdirSync(join(to, '..'), { recursive: true });
    copyFileSync(file, to);
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (n === '__pycache__' ? [] : statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/** Whether the plugin is installed for `dcc`. */
export function isInstalled(dcc: PluginDcc, e: InstallEnv): boolean {
  const t = installTarget(dcc, e);
  return t !== null && existsSync(dcc === 'maya' ? t : join(t, '__init__.py'));
}
