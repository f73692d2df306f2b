/**
 * What the tray shows, as plain data (no electron): tooltip, icon state and menu items computed from the hub's
 * status, its waiting approvals and the clients asking to connect. The tray applies a model only when it differs
 * from the last one.
 */
import type { ConsentRequest } from '../../shared/agents';
import type { HubStatus } from '../../shared/api';
import type { ApprovalRequest } from '../../shared/approvals';

export type TrayAction = { kind: 'open' } | { kind: 'quit' } | { kind: 'pause'; paused: boolean } | { kind: 'review'; id: string } | { kind: 'consent'; id: string; allow: boolean };

export type TrayItem = { type: 'label'; label: string } | { type: 'separator' } | { type: 'action'; label: string; action: TrayAction };

export interface TrayModel {
  tooltip: string;
  pending: boolean;
  items: TrayItem[];
}

/** How many waiting approvals get their own "Review…" line; the rest are summed up. */
export const MAX_REVIEW_ITEMS = 5;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The tray for a status, the pending approvals (oldest first) and the connection requests. */
export function trayModel(status: Pick<HubStatus, 'counts' | 'paused'>, pending: Pick<ApprovalRequest, 'id' | 'agent' | 'dccType' | 'scene' | 'tool'>[], consents: Pick<ConsentRequest, 'id' | 'clientName'>[] = []): TrayModel {
  const c = status.counts;
  const tooltip = `DCC MCP Hub — ${plural(c.instances, 'DCC')}${c.unreachable ? `, ${c.unreachable} unreachable` : ''}${pending.length ? `, ${pending.length} to approve` : ''}${status.paused ? ' (agents paused)' : ''}`;
  const items: TrayItem[] = [{ type: 'label', label: `${plural(c.instances, 'DCC')} connected${status.paused ? ' · agents paused' : ''}` }];
  if (pending.length) {
    items.push({ type: 'separator' }, { type: 'label', label: `${plural(pending.length, 'script')} waiting for approval` });
    for (const p of pending.slice(0, MAX_REVIEW_ITEMS)) {
      items.push({ type: 'action', label: `Review… ${p.agent.name} → ${p.dccType}${p.scene ? ` (${p.scene})` : ''}`, action: { kind: 'review', id: p.id } });
    }
    if (pending.length > MAX_REVIEW_ITEMS) items.push({ type: 'action', label: `Review all ${pending.length}…`, action: { kind: 'open' } });
  }
  for (const c of consents.slice(0, MAX_REVIEW_ITEMS)) {
    // The artist's answer to an OAuth connection request, from the tray as from the Agents page.
    items.push({ type: 'separator' }, { type: 'label', label: `${c.clientName} asks to connect` }, { type: 'action', label: `Allow ${c.clientName}`, action: { kind: 'consent', id: c.id, allow: true } }, { type: 'action', label: `Deny ${c.clientName}`, action: { kind: 'consent', id: c.id, allow: false } });
  }
  items.push(
    { type: 'separator' },
    { type: 'action', label: 'Open DCC MCP Hub', action: { kind: 'open' } },
    status.paused ? { type: 'action', label: 'Resume agent access', action: { kind: 'pause', paused: false } } : { type: 'action', label: 'Pause agent access', action: { kind: 'pause', paused: true } },
    { type: 'separator' },
    { type: 'action', label: 'Quit DCC MCP Hub', action: { kind: 'quit' } },
  );
  return { tooltip, pending: pending.length > 0 || consents.length > 0, items };
}

/** Same model → same key: the tray skips the update (rebuilding a menu closes it if it is open). */
export function modelKey(m: TrayModel): string {
  return JSON.stringify(m);
}

/**
 * Runs `apply` at most once per `intervalMs`: a call inside the interval is deferred to its end (the latest
 * value wins), so a 10 Hz burst of status events becomes one update per second.
 */
export class Throttle {
  private last = -Infinity;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly apply: () => void,
    private readonly intervalMs = 1000,
  ) {}

  request(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) return this.run();
    this.timer = setTimeout(() => this.run(), wait);
  }

  private run(): void {
    this.timer = null;
    this.last = Date.now();
    this.apply();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
