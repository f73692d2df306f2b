/**
 * Start at login. macOS and Windows: Electron's login items. Linux has none in Electron, so an XDG autostart
 * entry (`~/.config/autostart/dcc-mcp-hub.desktop`) — for an AppImage it must name the AppImage, not the
 * temporary mount it runs from. The app starts hidden (tray only) when launched this way.
 */
import { app } from 'electron';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Argument the login entry passes so the app starts in the tray without opening the window. */
export const HIDDEN_ARG = '--hidden';

/** Where and how the login entry is made. */
export interface LoginItemEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  home?: string;
}

/** The XDG autostart file path. */
export function autostartFile(e: LoginItemEnv): string {
  return join(e.env.XDG_CONFIG_HOME || join(e.home ?? homedir(), '.config'), 'autostart', 'dcc-mcp-hub.desktop');
}

/** The autostart entry's text. */
export function autostartEntry(e: LoginItemEnv): string {
  const exe = e.env.APPIMAGE || e.execPath;
  return ['[Desktop Entry]', 'Type=Application', 'Name=DCC MCP Hub', 'Comment=Connects AI agents to your DCC applications', `Exec="${exe.replace(/(["\\`$])/g, '\\$1')}" ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

/** Turns start-at-login on or off. */
export function setStartAtLogin(on: boolean, e: LoginItemEnv): void {
  if (e.platform === 'linux') {
    const file = autostartFile(e);
    if (on) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, autostartEntry(e));
    } else rmSync(file, { force: true });
    return;
  }
  app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_ARG] });
}

/** Whether the app will start at login (the OS's view, not only our setting). */
export function getStartAtLogin(e: LoginItemEnv): boolean {
  if (e.platform === 'linux') return existsSync(autostartFile(e));
  return app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin;
}
