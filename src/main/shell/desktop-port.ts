/** What the core's desktop API channels need from Electron: start at login and "Show files" in the OS file manager. */
import { shell } from 'electron';
import type { DesktopPort } from '../core/api/desktop-handlers';
import type { DesktopSettingsStore } from '../core/store/desktop-settings';
import { getStartAtLogin, setStartAtLogin, type LoginItemEnv } from './login-item';

/** The desktop port of the Electron app. */
export function desktopPort(settings: DesktopSettingsStore, login: LoginItemEnv): DesktopPort {
  return {
    settings,
    showFiles: (path) => shell.showItemInFolder(path),
    startAtLogin: {
      get: () => getStartAtLogin(login),
      set: (on) => {
        setStartAtLogin(on, login);
        settings.update({ startAtLogin: on });
      },
    },
  };
}
