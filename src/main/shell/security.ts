/**
 * Locks the renderer down (Electron's security checklist): no navigation away from the panel, no new windows,
 * no <webview>, every permission request denied, external links only http(s)/mailto in the user's browser,
 * and in production no DevTools and no default menu (which carries "Toggle Developer Tools").
 */
import { app, Menu, session, shell, type MenuItemConstructorOptions, type WebContents } from 'electron';

const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** True for URLs we hand to the OS: http(s) and mailto only (never file:, smb:, custom protocol handlers…). */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return EXTERNAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Opens `url` in the user's browser / mail client if its scheme is allowed; @returns whether it was opened. */
export function openExternalSafely(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  void shell.openExternal(url);
  return true;
}

/** The page itself, ignoring the #hash the panel uses for its routes. */
export function samePage(url: string, rendererUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(rendererUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/**
 * The one permission the panel uses: writing text to the clipboard (its Copy buttons), for its own page only.
 * Camera, microphone, geolocation, notifications, clipboard reading, … are all denied.
 */
export function isAllowedPermission(permission: string, url: string, rendererUrl: string): boolean {
  if (permission !== 'clipboard-sanitized-write') return false;
  try {
    const u = new URL(rendererUrl);
    // Permission checks pass only the requesting origin ("file:///" for file pages).
    const origin = u.protocol === 'file:' ? 'file://' : u.origin;
    return samePage(url, rendererUrl) || url.replace(/\/$/, '') === origin;
  } catch {
    return false;
  }
}

/** Hardens one WebContents (our window's, or any that appears). */
export function hardenWebContents(wc: WebContents, rendererUrl: string, production: boolean): void {
  // Links with target=_blank go to the browser; no Electron window is ever opened by the page.
  wc.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  const guard = (e: { preventDefault(): void }, url: string): void => {
    if (samePage(url, rendererUrl)) return;
    e.preventDefault();
    openExternalSafely(url);
  };
  wc.on('will-navigate', guard);
  wc.on('will-redirect', guard);
  wc.on('will-attach-webview', (e) => e.preventDefault());
  if (production) wc.on('devtools-opened', () => wc.closeDevTools());
}

/** Process-wide lockdown; call once when the app is ready, before the first window. */
export function lockDown(rendererUrl: string, production: boolean, platform: NodeJS.Platform = process.platform): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((wc, permission, callback) => callback(isAllowedPermission(permission, wc.getURL(), rendererUrl)));
  ses.setPermissionCheckHandler((_wc, permission, origin) => isAllowedPermission(permission, origin, rendererUrl));
  app.on('web-contents-created', (_e, wc) => hardenWebContents(wc, rendererUrl, production));
  if (production) Menu.setApplicationMenu(platform === 'darwin' ? Menu.buildFromTemplate(macMenu()) : null);
}

/** macOS needs an app menu for Cmd+C/V/Q to work; this one has no View menu (no reload, no DevTools). */
export function macMenu(): MenuItemConstructorOptions[] {
  return [
    { role: 'appMenu', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
}
