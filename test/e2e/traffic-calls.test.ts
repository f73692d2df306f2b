/**
 * Traffic at the agent's level in Chromium: an SDK agent's tools/call is a row (agent, tool, target, duration,
 * size) that opens to the DccLink frames it caused and its full body; a filter by tool keeps the replies; the
 * export is exactly what the filter shows.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TrafficFrame } from '../../src/shared/api';
import { startHeadless, type HeadlessHub } from '../../src/main/core/headless';
import { silentLogger } from '../../src/main/core/log';
import { CLI, agentClient, startPlugin } from '../helpers/hub';
import { ROOT, killAll } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';
import { waitFor } from '../helpers/wait';

describe.runIf(chromiumAvailable())('Traffic: agent calls with their DCC frames, in Chromium', () => {
  let h: HeadlessHub;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-traffic-'));
    h = await startHeadless({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, uiDir: join(ROOT, 'out', 'renderer'), cliPath: CLI, approval: 'auto' });
    await startPlugin(h.hub.registryDir, 'maya');
    await waitFor(() => h.hub.sessions.list()[0]?.instanceState === 'ready', 'maya ready', 15_000);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1024, height: 700 }, acceptDownloads: true });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    killAll();
  });

  it('shows the call, opens it to its frames and full body, keeps replies when filtering, exports the filter', async () => {
    await page.goto(`${h.info.uiUrl.split('#')[0]}#/traffic`);
    await page.waitForSelector('[data-testid="page-traffic"]');
    const { client } = await agentClient(h.hub, 'claude-code');
    const long = 'y'.repeat(3000);
    await client.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: `return ${JSON.stringify(long)}` } });
    await client.callTool({ name: 'dcc_list_instances', arguments: {} });
    await page.fill('[data-testid="traffic-filter"]', 'dcc_execute');
    const call = page.locator('[data-testid="traffic-call-row"][data-type="Call"]');
    await call.first().waitFor();
    expect(await call.count()).toBe(1);
    expect(await call.textContent()).toMatch(/claude-code.*→ maya.*tools\/call dcc_execute/);
    const callId = await call.getAttribute('data-call-id');
    // The filter matched the request only; the reply and the DCC frames of the same call stay.
    await page.waitForSelector(`[data-testid="traffic-call-row"][data-type="Reply"][data-call-id="${callId}"]`);
    await page.waitForSelector(`[data-testid="traffic-row"][data-type="Call"][data-call-id="${callId}"]`);
    await page.waitForSelector(`[data-testid="traffic-row"][data-type="Reply"][data-call-id="${callId}"]`);
    expect(await page.locator('[data-testid="traffic-call-row"]:has-text("dcc_list_instances")').count()).toBe(0);

    // Keyboard: focus the reply row and open it.
    await page.focus(`[data-testid="traffic-call-row"][data-type="Reply"][data-call-id="${callId}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="traffic-details"]');
    expect(await page.textContent('[data-testid="traffic-related"]')).toContain('dcc.execute');
    await waitFor(async () => (await page.textContent('[data-testid="traffic-body"]'))?.includes(long), 'full body shown');
    await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'traffic-calls.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="traffic-details"]', { state: 'detached' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="traffic-export"]')]);
    const rows = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TrafficFrame);
    const shown = await page.locator('[data-testid="traffic-count"]').textContent();
    expect(`${rows.length} shown`).toBe(shown);
    expect(rows.every((r) => String(r.callId) === callId)).toBe(true);
    await client.close();
  }, 60_000);

  it("Services: the service's real error and stderr tail in its row, JSON errors with line:column, remove asks first", async () => {
    await page.click('[data-testid="nav-services"]');
    await page.fill('[data-testid="services-json"]', '{\n  "mcpServers": {\n    "x": { "command": "y", }\n  }\n}');
    await page.click('[data-testid="services-add"]');
    await page.waitForSelector('[data-testid="services-result"]');
    expect(await page.textContent('[data-testid="services-result"]')).toMatch(/line 3:28/);
    const json = JSON.stringify({ mcpServers: { licensed: { command: process.execPath, args: ['-e', 'console.error("FATAL: license server unreachable at 10.0.0.5"); process.exit(3)'] } } });
    await page.fill('[data-testid="services-json"]', json);
    await page.click('[data-testid="services-add"]');
    const err = page.locator('[data-testid="service-row-licensed"] [data-testid="service-error"]');
    await err.waitFor({ timeout: 20_000 });
    expect(await err.textContent()).toContain('the service said: FATAL: license server unreachable at 10.0.0.5');
    await page.focus('[data-testid="service-row-licensed"]');
    await page.keyboard.press('Enter');
    expect(await page.textContent('[data-testid="service-stderr"]')).toContain('FATAL: license server unreachable');
    // Disable keeps it listed (greyed) but stopped; Enable brings it back.
    await page.click('[data-testid="service-row-licensed"] [data-testid="service-toggle"]');
    await page.waitForSelector('[data-testid="service-row-licensed"]:has-text("disabled")');
    expect(h.hub.services.list().some((s) => s.config.name === 'licensed')).toBe(false);
    await page.click('[data-testid="service-row-licensed"] [data-testid="service-toggle"]');
    await waitFor(() => h.hub.services.list().some((s) => s.config.name === 'licensed'), 'enabled again');
    // Edit: the config comes back as JSON in the Add box; adding it under the same name replaces it.
    await page.click('[data-testid="service-row-licensed"] [data-testid="service-edit"]');
    await waitFor(async () => (await page.inputValue('[data-testid="services-json"]')).includes('"licensed"'), 'config in the box');
    const edited = (await page.inputValue('[data-testid="services-json"]')).replace('10.0.0.5', '10.0.0.6');
    await page.fill('[data-testid="services-json"]', edited);
    await page.click('[data-testid="services-add"]');
    await waitFor(() => h.hub.services.list().find((s) => s.config.name === 'licensed')?.config.args?.[1]?.includes('10.0.0.6'), 'config replaced');
    await page.click('[data-testid="service-row-licensed"] [data-testid="service-remove"]');
    expect(h.hub.services.list().some((s) => s.config.name === 'licensed')).toBe(true); // nothing removed yet
    await page.click('[data-testid="service-row-licensed"] [data-testid="service-remove-confirm"]');
    await page.waitForSelector('[data-testid="service-row-licensed"]', { state: 'detached' });
  }, 60_000);
});
