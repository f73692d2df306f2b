/**
 * The tray: status in the tooltip (DCCs, unreachable, pending approvals), a badge icon while approvals wait,
 * open panel, pause agent access, quit. A notification when an agent asks for approval.
 */
import { Menu, Notification, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { HubApi } from '../core/api/hub-api';
import type { Hub } from '../core/hub';

export interface TrayActions {
  open(): void;
  quit(): void;
}

export function createTray(hub: Hub, api: HubApi, iconsDir: string, actions: TrayActions): Tray {
  const icon = (pending: boolean) => nativeImage.createFromPath(join(iconsDir, pending ? 'tray-pending.png' : 'tray.png'));
  const tray = new Tray(icon(false));
  const refresh = (): void => {
    const s = api.status();
    const pending = s.counts.pendingApprovals;
    tray.setImage(icon(pending > 0));
    tray.setToolTip(`DCC MCP Hub — ${s.counts.instances} DCC${s.counts.instances === 1 ? '' : 's'}${s.counts.unreachable ? `, ${s.counts.unreachable} unreachable` : ''}${pending ? `, ${pending} to approve` : ''}${s.paused ? ' (agents paused)' : ''}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: `${s.counts.instances} DCC${s.counts.instances === 1 ? '' : 's'} connected · ${pending} pending approval${pending === 1 ? '' : 's'}`, enabled: false },
        { type: 'separator' },
        { label: 'Open panel', click: actions.open },
        { label: 'Pause agent access', type: 'checkbox', checked: s.paused, click: (item) => hub.settings.update((x) => (x.paused = item.checked)) },
        { type: 'separator' },
        { label: 'Quit DCC MCP Hub', click: actions.quit },
      ]),
    );
  };
  api.on('event', (event: string) => {
    if (event === 'hub:status') refresh();
  });
  hub.approvals.on('requested', (req) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: `${req.agent.name} wants to run a script`, body: `in ${req.dccType}${req.scene ? ` (${req.scene})` : ''} — open DCC MCP Hub to approve or reject` });
    n.on('click', actions.open);
    n.show();
  });
  tray.on('click', actions.open);
  refresh();
  return tray;
}
