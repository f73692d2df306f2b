/**
 * API channels for the plugin ("Install into Blender / Maya", "Show files") and the desktop app's own settings
 * (port, start at login). The Electron shell supplies the OS parts through `DesktopPort`; headless mode has none,
 * so it installs the plugin but reports the desktop settings as unavailable.
 */
import { join } from 'node:path';
import type { ApiArgs, ApiResult } from '../../../shared/api';
import { installPlugin, installTarget, isInstalled, type InstallEnv, type PluginDcc } from '../plugin/install';
import type { DesktopSettingsStore } from '../store/desktop-settings';

/** The desktop app's OS integration, implemented by the Electron shell (`shell/desktop-port.ts`). */
export interface DesktopPort {
  settings: DesktopSettingsStore;
  /** Reveals a file or folder in the OS file manager. */
  showFiles(path: string): void;
  startAtLogin: { get(): boolean; set(on: boolean): void };
}

type H<C extends 'plugin:info' | 'plugin:install' | 'plugin:showFiles' | 'desktop:get' | 'desktop:set'> = (args: ApiArgs<C>) => ApiResult<C>;

const TITLES: Record<PluginDcc, string> = { blender: 'Blender', maya: 'Maya' };
const HOW: Record<PluginDcc, string> = {
  blender: 'Copies the add-on into each Blender version you have run; then enable "DCC MCP Hub" in Preferences → Add-ons.',
  maya: 'Adds a Maya module file (dcc_mcp_hub.mod) to your Maya modules folder; Maya loads the plug-in at start-up.',
};

/** The handlers, for `HubApi` to merge into its own. */
export function desktopHandlers(pluginDir: string, servingPort: () => number, desktop: DesktopPort | undefined, env: InstallEnv) {
  const view = () => ({ available: desktop !== undefined, port: desktop?.settings.get().port ?? servingPort(), servingPort: servingPort(), startAtLogin: desktop?.startAtLogin.get() ?? false });
  const info: H<'plugin:info'> = () => ({ pluginDir, hosts: (['blender', 'maya'] as const).map((dcc) => ({ dcc, title: TITLES[dcc], target: installTarget(dcc, env), installed: isInstalled(dcc, env), how: HOW[dcc] })) });
  const install: H<'plugin:install'> = ({ dcc }) => ({ ok: true, ...installPlugin(dcc, pluginDir, env) });
  const showFiles: H<'plugin:showFiles'> = ({ dcc }) => {
    const path = dcc === 'blender' ? join(pluginDir, 'blender_addon') : dcc === 'maya' ? join(pluginDir, 'maya') : pluginDir;
    desktop?.showFiles(path);
    return { path, opened: desktop !== undefined };
  };
  const get: H<'desktop:get'> = () => view();
  const set: H<'desktop:set'> = ({ port, startAtLogin }) => {
    if (!desktop) return { ...view(), restartNeeded: false };
    if (startAtLogin !== undefined) desktop.startAtLogin.set(startAtLogin);
    if (port !== undefined) desktop.settings.update({ port });
    const v = view();
    return { ...v, restartNeeded: port !== undefined && port !== v.servingPort };
  };
  return { 'plugin:info': info, 'plugin:install': install, 'plugin:showFiles': showFiles, 'desktop:get': get, 'desktop:set': set };
}
