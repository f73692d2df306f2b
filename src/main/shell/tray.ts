/**
 * The tray: status in the tooltip, a badge icon while approvals wait, one "Review…" line per waiting script,
 * pause/resume, open, quit; a notification (with a "Review" action where the OS has them) when an agent asks.
 * Updates only when the model changed, at most once a second (menus close and flicker when rebuilt).
 */
import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { join } from 'node:path';
import type { HubApi } from '../core/api/hub-api';
import type { Hub } from '../core/hub';
import { modelKey, Throttle, trayModel, type TrayAction, type TrayModel } from './tray-model';

/** What the tray's menu items and notifications do. */
export interface TrayActions {
  open(): void;
  /** Opens the panel on the approval `id`. */
  review(id: string): void;
  quit(): void;
}

/** The tray and its lifecycle. */
export interface ShellTray {
  tray: Tray;
  /** Recomputes now (bypassing the throttle), e.g. in tests or after a settings change. */
  refresh(): void;
  destroy(): void;
}

/** The tray icon for a state; on macOS a template image (black + alpha) the menu bar tints itself. */
export function trayIcon(iconsDir: string, pending: boolean, platform: NodeJS.Platform = process.platform): NativeImage {
  const base = pending ? 'tray-pending' : 'tray';
  if (platform !== 'darwin') return nativeImage.createFromPath(join(iconsDir, `${base}.png`));
  const img = nativeImage.createFromPath(join(iconsDir, `${base}Template.png`));
  img.setTemplateImage(true);
  return img;
}

/** Builds the tray and keeps it in step with the hub. */
export function createTray(hub: Hub, api: HubApi, iconsDir: string, actions: TrayActions, platform: NodeJS.Platform = process.platform): ShellTray {
  const tray = new Tray(trayIcon(iconsDir, false, platform));
  let shown: TrayModel | null = null;
  const run = (a: TrayAction): void => {
    if (a.kind === 'open') actions.open();
    else if (a.kind === 'quit') actions.quit();
    else if (a.kind === 'review') actions.review(a.id);
    else if (a.kind === 'consent') hub.oauth.decide(a.id, a.allow);
    else hub.settings.update((s) => (s.paused = a.paused));
  };
  const apply = (): void => {
    const model = trayModel(api.status(), hub.approvals.list().pending, hub.oauth.consents());
    if (shown && modelKey(shown) === modelKey(model)) return;
    if (!shown || shown.pending !== model.pending) tray.setImage(trayIcon(iconsDir, model.pending, platform));
    if (!shown || shown.tooltip !== model.tooltip) tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(model.items.map((i): MenuItemConstructorOptions => (i.type === 'separator' ? { type: 'separator' } : i.type === 'label' ? { label: i.label, enabled: false } : { label: i.label, click: () => run(i.action) }))));
    shown = model;
  };
  const throttle = new Throttle(apply, 1000);
  const onEvent = (event: string): void => {
    if (event === 'hub:status' || event === 'approvals:changed' || event === 'agents:changed') throttle.request();
  };
  const onRequested = (req: { agent: { name: string }; dccType: string; scene?: string; id: string }): void => {
    if (!Notification.isSupported()) return;
    // Action buttons exist on macOS only; elsewhere a click on the notification does the same.
    const n = new Notification({ title: `${req.agent.name} wants to run a script`, body: `in ${req.dccType}${req.scene ? ` (${req.scene})` : ''} — review it in DCC MCP Hub`, ...(platform === 'darwin' ? { actions: [{ type: 'button', text: 'Review' }] } : {}) });
    n.on('click', () => actions.review(req.id));
    n.on('action', () => actions.review(req.id));
    n.show();
  };
  const onConsent = (c: { clientName: string }): void => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: `${c.clientName} asks to connect`, body: 'Allow or deny it in DCC MCP Hub (Agents, or this tray menu)' });
    n.on('click', actions.open);
    n.show();
  };
  api.on('event', onEvent);
  hub.approvals.on('requested', onRequested);
  hub.oauth.on('requested', onConsent);
  tray.on('click', actions.open);
  apply();
  return {
    tray,
    refresh: apply,
    destroy: () => {
      throttle.stop();
      api.off('event', onEvent);
      hub.approvals.off('requested', onRequested);
      hub.oauth.off('requested', onConsent);
      tray.destroy();
    },
  };
}
