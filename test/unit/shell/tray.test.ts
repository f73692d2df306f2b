/**
 * The tray model (plain data) and the tray itself against the `electron` STAND-IN: updates only on real changes,
 * at most once a second; waiting approvals with "Review…"; pause/resume, open, quit; notifications; macOS
 * template icon. The hub behind it is the real core.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, Notification, standIn, Tray, type MenuItemTemplate } from '../../stand-ins/electron/index';
import { bootstrap } from '../../../src/main/shell/bootstrap';
import { trayIcon } from '../../../src/main/shell/tray';
import { MAX_REVIEW_ITEMS, Throttle, trayModel } from '../../../src/main/shell/tray-model';
import type { HeadlessHub } from '../../../src/main/core/headless';
import { ROOT } from '../../helpers/processes';
import { shellEnv } from './harness';

vi.mock('electron', () => import('../../stand-ins/electron/index'));

const status = (over: Partial<{ instances: number; unreachable: number; paused: boolean }> = {}) => ({ paused: over.paused ?? false, counts: { instances: over.instances ?? 2, unreachable: over.unreachable ?? 0, pendingApprovals: 0, mcpSessions: 0 } });
const req = (i: number) => ({ id: `r${i}`, agent: { name: `agent${i}` }, dccType: 'maya', scene: 'shot.ma', tool: 'dcc_execute' }) as Parameters<typeof trayModel>[1][number];

describe('tray model', () => {
  it('lists waiting approvals with a Review… line each (capped), then open, pause/resume, quit', () => {
    const m = trayModel(status(), [req(1), req(2)]);
    expect(m.pending).toBe(true);
    expect(m.tooltip).toBe('DCC MCP Hub — 2 DCCs, 2 to approve');
    const labels = m.items.map((i) => (i.type === 'separator' ? '—' : i.label));
    expect(labels).toEqual(['2 DCCs connected', '—', '2 scripts waiting for approval', 'Review… agent1 → maya (shot.ma)', 'Review… agent2 → maya (shot.ma)', '—', 'Open DCC MCP Hub', 'Pause agent access', '—', 'Quit DCC MCP Hub']);
    const many = trayModel(status(), Array.from({ length: 9 }, (_, i) => req(i)));
    expect(many.items.filter((i) => i.type === 'action' && i.action.kind === 'review')).toHaveLength(MAX_REVIEW_ITEMS);
    expect(many.items.some((i) => i.type === 'action' && i.label === 'Review all 9…')).toBe(true);
    const paused = trayModel(status({ paused: true, instances: 1, unreachable: 1 }), []);
    expect(paused.tooltip).toBe('DCC MCP Hub — 1 DCC, 1 unreachable (agents paused)');
    expect(paused.items.some((i) => i.type === 'action' && i.label === 'Resume agent access' && i.action.kind === 'pause' && !i.action.paused)).toBe(true);
  });

  it('lists connection requests with Allow and Deny (badge on), after the approvals', () => {
    const m = trayModel(status(), [], [{ id: 'c1', clientName: 'Claude Desktop' }]);
    expect(m.pending).toBe(true);
    const labels = m.items.map((i) => (i.type === 'separator' ? '—' : i.label));
    expect(labels.slice(1, 5)).toEqual(['—', 'Claude Desktop asks to connect', 'Allow Claude Desktop', 'Deny Claude Desktop']);
    expect(m.items.filter((i) => i.type === 'action' && i.action.kind === 'consent').map((i) => i.type === 'action' && i.action)).toEqual([
      { kind: 'consent', id: 'c1', allow: true },
      { kind: 'consent', id: 'c1', allow: false },
    ]);
  });

  it('throttles to one update per interval, the last request winning', () => {
    vi.useFakeTimers();
    try {
      let runs = 0;
      const t = new Throttle(() => runs++, 1000);
      t.request();
      expect(runs).toBe(1);
      for (let i = 0; i < 10; i++) t.request(); // a 10 Hz burst
      expect(runs).toBe(1);
      vi.advanceTimersByTime(999);
      expect(runs).toBe(1);
      vi.advanceTimersByTime(1);
      expect(runs).toBe(2);
      vi.advanceTimersByTime(5000);
      expect(runs).toBe(2);
      t.request();
      expect(runs).toBe(3);
      t.request();
      t.stop();
      vi.advanceTimersByTime(5000);
      expect(runs).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('macOS gets template images (black + alpha files), other systems the coloured icons', () => {
    const dir = join(ROOT, 'resources', 'icons');
    const mac = trayIcon(dir, true, 'darwin') as unknown as { path: string; template: boolean };
    expect(mac).toMatchObject({ path: join(dir, 'tray-pendingTemplate.png'), template: true });
    expect(trayIcon(dir, false, 'linux')).toMatchObject({ path: join(dir, 'tray.png'), template: false });
  });
});

describe('tray in the app', () => {
  let core: HeadlessHub | null = null;
  beforeEach(async () => {
    standIn.reset();
    const e = shellEnv(0);
    const started = bootstrap({ mainDir: join(ROOT, 'out', 'main'), env: e.env, argv: [], platform: 'darwin' });
    standIn.markReady();
    core = (await started)!.core;
  });
  afterEach(async () => {
    vi.useRealTimers();
    await core?.stop();
  });

  const menu = (): MenuItemTemplate[] => Tray.instances[0]!.menu!.template;
  const item = (label: RegExp): MenuItemTemplate => menu().find((i) => i.label && label.test(i.label))!;

  it('updates only when something changed; approvals get Review…, a notification with an action, and open the panel there', async () => {
    const tray = Tray.instances[0]!;
    expect(tray.updates).toEqual(['image', 'tooltip', 'menu']);
    expect(tray.image).toMatchObject({ template: true });
    vi.useFakeTimers();
    for (let i = 0; i < 10; i++) core!.api.emit('event', 'hub:status', core!.api.status());
    vi.advanceTimersByTime(1000);
    expect(tray.updates).toHaveLength(3); // same status: no rebuild (an open menu would close)
    const pending = core!.hub.approvals.request({ tool: 'dcc_execute', code: 'print(1)', instanceId: 'i1', dccType: 'maya', scene: 'shot.ma', agent: { name: 'claude' } as never });
    core!.api.emit('event', 'approvals:changed', core!.hub.approvals.list());
    vi.advanceTimersByTime(1000);
    expect(tray.updates.slice(3)).toEqual(['image', 'tooltip', 'menu']);
    expect(tray.tooltip).toContain('1 to approve');
    const review = item(/^Review… claude → maya/);
    expect(review).toBeDefined();
    const n = Notification.instances.at(-1)!;
    expect(n.options).toMatchObject({ title: 'claude wants to run a script', actions: [{ type: 'button', text: 'Review' }] });
    const win = BrowserWindow.instances[0]!;
    win.hide();
    review.click!({});
    expect(win.visible).toBe(true);
    expect(win.webContents.sent.at(-1)).toEqual(['hub:event', 'app:navigate', { page: 'approvals', id: core!.hub.approvals.list().pending[0]!.id }]);
    n.emit('action', {}, 0);
    expect(win.webContents.sent.filter((s) => s[1] === 'app:navigate')).toHaveLength(2);
    // No window yet (closed and gone): the new one loads the Approvals page itself.
    win.destroy();
    n.emit('click');
    expect(BrowserWindow.instances.at(-1)!.webContents.url).toMatch(/index\.html#\/approvals$/);
    vi.useRealTimers();
    core!.hub.approvals.decide(core!.hub.approvals.list().pending[0]!.id, { decision: 'reject', reason: 'test' });
    await pending;
  });

  it('a client asking to connect shows in the tray with a notification; Allow there creates its agent', async () => {
    const client = await core!.hub.oauth.clientsStore.registerClient!({ client_name: 'Cursor', redirect_uris: ['http://127.0.0.1:9/cb'] } as never);
    const res = { redirect: vi.fn() };
    await core!.hub.oauth.authorize(client, { codeChallenge: 'x'.repeat(43), redirectUri: 'http://127.0.0.1:9/cb' }, res as never);
    expect(Notification.instances.at(-1)!.options).toMatchObject({ title: 'Cursor asks to connect' });
    vi.useFakeTimers();
    core!.api.emit('event', 'agents:changed', core!.api.agentsState());
    vi.advanceTimersByTime(1000);
    vi.useRealTimers();
    item(/^Allow Cursor$/).click!({});
    expect(core!.hub.oauth.consents()).toEqual([]);
    expect(core!.hub.agents.list().find((a) => a.method === 'oauth')).toMatchObject({ name: 'Cursor' });
  });

  it('pause/resume toggles agent access; quit quits', async () => {
    item(/^Pause agent access$/).click!({});
    expect(core!.hub.settings.get().paused).toBe(true);
    Tray.instances[0]!.menu = null;
    // Let the throttle's interval pass on a fake clock to see the new model.
    vi.useFakeTimers();
    core!.api.emit('event', 'hub:status', core!.api.status());
    vi.advanceTimersByTime(1000);
    item(/^Resume agent access$/).click!({});
    expect(core!.hub.settings.get().paused).toBe(false);
    vi.useRealTimers();
    const quit = vi.spyOn(app, 'quit').mockImplementation(() => {});
    item(/^Quit DCC MCP Hub$/).click!({});
    expect(quit).toHaveBeenCalledOnce();
  });
});
