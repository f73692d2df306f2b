/**
 * Truthful live state and approvals you cannot miss (issue 14), in Chromium against the real `serve` process:
 * a killed hub greys every live indicator "unknown since HH:MM", the same tab reconnects by itself after the hub
 * restarts, a DCC that leaves stays listed "gone", demo DCCs are marked simulated, and a waiting approval shows a
 * banner on every page plus a browser notification.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI, mcpClient, startPlugin } from '../helpers/hub';
import { exited, killAll, spawnUntil } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';
import { PanelClient, panelCookie } from '../helpers/panel';
import { waitFor } from '../helpers/wait';

/** A port free right now, so the restarted hub listens where the tab expects it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Records every notification the page shows (headless Chromium has no notification centre to look at). */
const RECORD_NOTIFICATIONS = `
  window.shownNotifications = [];
  const Real = window.Notification;
  class Recording extends Real {
    constructor(title, opts) { super(title, opts); window.shownNotifications.push(title); }
  }
  Object.defineProperty(window, 'Notification', { value: Recording });
`;
const shown = (page: Page): Promise<string[]> => page.evaluate('window.shownNotifications') as Promise<string[]>;

describe.runIf(chromiumAvailable())('truthful live state and approvals in Chromium against `serve`', () => {
  let dir: string;
  let port: number;
  let browser: Browser;
  let page: Page;
  let info: { uiUrl: string; mcpUrl: string };
  const serve = async () => {
    const r = await spawnUntil(process.execPath, [CLI, 'serve', '--port', String(port), '--registry-dir', join(dir, 'reg'), '--data-dir', join(dir, 'data'), '--approval', 'ask'], 'DCC_MCP_HUB_READY ', 20_000);
    info = JSON.parse(r.line) as typeof info;
    return r.child;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-live-'));
    port = await freePort();
    browser = await launch();
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' });
    await ctx.grantPermissions(['notifications']);
    // Records every notification the page shows (headless Chromium has no notification centre to look at).
    await ctx.addInitScript({ content: RECORD_NOTIFICATIONS });
    page = await ctx.newPage();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    killAll();
  });

  it('greys every live indicator when the hub dies, and the same tab recovers after a restart', async () => {
    let hub = await serve();
    const maya = await startPlugin(join(dir, 'reg'), 'maya');
    await page.goto(info.uiUrl);
    await page.waitForSelector('[data-testid="instance-row-maya"][data-state="ready"]', { timeout: 10_000 });
    expect(await page.textContent('[data-testid="simulated-chip"]')).toBe('simulated');
    await page.evaluate('window.sameTab = true');

    hub.kill('SIGKILL');
    await exited(hub);
    await page.waitForSelector('[data-testid="connection-lost"]', { timeout: 10_000 });
    const row = page.locator('[data-testid="instance-row-maya"]');
    await waitFor(async () => (await row.getAttribute('data-state')) === 'unknown', 'row unknown');
    expect(await row.locator('[data-testid="instance-state"]').textContent()).toMatch(/^unknown since \d\d:\d\d$/);
    expect(await page.textContent('[data-testid="agent-sessions-link"]')).toBe('agent sessions unknown');
    // No green dot survives anywhere on the page.
    const green = await page.evaluate("[...document.querySelectorAll('.dot')].filter((d) => getComputedStyle(d).backgroundColor === 'rgb(76, 195, 138)').length");
    expect(green).toBe(0);
    await page.click('[data-testid="nav-sessions"]');
    await page.waitForSelector('[data-testid="session-row-maya"][data-state="unknown"]');
    await page.click('[data-testid="nav-instances"]');

    hub = await serve();
    await page.waitForSelector('[data-testid="connection-lost"]', { state: 'detached', timeout: 15_000 });
    await page.waitForSelector('[data-testid="instance-row-maya"][data-state="ready"]', { timeout: 10_000 });
    expect(await page.evaluate('window.sameTab')).toBe(true);

    // A DCC that dies stays listed, greyed "gone, last seen …", and is not counted.
    maya.child.kill('SIGKILL');
    await exited(maya.child);
    await page.waitForSelector('[data-testid="instance-row-maya"][data-state="gone"]', { timeout: 20_000 });
    expect(await row.locator('[data-testid="instance-state"]').textContent()).toMatch(/^gone, last seen \d+[smh] ago$/);
    await waitFor(async () => (await page.textContent('.rail .foot'))?.includes('0 DCCs'), 'live count 0');
  }, 90_000);

  it('a waiting approval shows a banner on every page and a notification; it goes away when decided', async () => {
    await startPlugin(join(dir, 'reg'), 'blender');
    await page.waitForSelector('[data-testid="instance-row-blender"][data-state="ready"]', { timeout: 10_000 });
    const panel = await PanelClient.open(new URL(info.uiUrl).origin, await panelCookie(await panelLink()));
    const { key } = await panel.invoke('agents:createKey', { name: 'claude-code' });
    const agent = await mcpClient(info.mcpUrl, key, 'claude-code');
    await page.click('[data-testid="nav-traffic"]');
    const call = agent.callTool({ name: 'dcc_execute', arguments: { instance: 'blender', code: 'return 41 + 1' } }, undefined, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="approval-banner"]', { timeout: 10_000 });
    expect(await page.textContent('[data-testid="approval-banner"]')).toContain('claude-code → blender');
    await waitFor(async () => (await shown(page)).length > 0, 'notification shown');
    expect(await shown(page)).toEqual(['claude-code wants to run a script in blender']);
    await page.click('[data-testid="nav-settings"]');
    await page.waitForSelector('[data-testid="approval-banner"]');
    await page.click('[data-testid="approval-banner-link"]');
    await page.waitForSelector('[data-testid="page-approvals"]');
    const { pending } = await panel.invoke('approvals:list', {});
    await panel.invoke('approvals:decide', { id: pending[0]!.id, decision: 'approve' });
    const result = (await call) as CallToolResult;
    expect(result.isError).toBeFalsy();
    await page.waitForSelector('[data-testid="approval-banner"]', { state: 'detached', timeout: 5_000 });
    await agent.close();
    panel.close();
  }, 60_000);

  /** The tab's cookie is the browser's; the test's own panel client needs a fresh one-time link from `panel`. */
  async function panelLink(): Promise<string> {
    const r = await spawnUntil(process.execPath, [CLI, 'panel', '--data-dir', join(dir, 'data')], 'http', 10_000);
    return `http${r.line}`;
  }
});
