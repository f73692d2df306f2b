/**
 * Issue 14 in Chromium: when the port kept for agents' configs is taken, the Settings page says so in words, lists
 * the config that no longer reaches the hub, and lets the artist keep the new port and rewrite that config (diff
 * first); afterwards nothing is flagged.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CLI, type ReadyLine } from '../helpers/hub';
import { ROOT, killAll, spawnUntil } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';
import { waitFor } from '../helpers/wait';

const dir = mkdtempSync(join(tmpdir(), 'e2e-port-'));
const home = join(dir, 'home');
const cursorFile = join(home, '.cursor', 'mcp.json');
let browser: Browser;
let page: Page;
let blocker: Server;
let kept: number;
let ready: ReadyLine;

describe.runIf(chromiumAvailable())('the panel when the kept port is taken', () => {
  beforeAll(async () => {
    // Another program holds the port this data dir's hub kept, and Cursor's config was written for it.
    blocker = await new Promise<Server>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    kept = (blocker.address() as { port: number }).port;
    mkdirSync(join(dir, 'data'), { recursive: true });
    mkdirSync(join(ROOT, 'test-results', 'screenshots'), { recursive: true });
    writeFileSync(join(dir, 'data', 'settings.json'), JSON.stringify({ servePort: kept }));
    mkdirSync(join(home, '.cursor'), { recursive: true });
    writeFileSync(cursorFile, JSON.stringify({ mcpServers: { 'dcc-mcp-hub': { url: `http://127.0.0.1:${kept}/mcp` } } }, null, 2));
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const { line } = await spawnUntil(process.execPath, [CLI, 'serve', '--port', '0', '--registry-dir', join(dir, 'reg'), '--data-dir', join(dir, 'data')], 'DCC_MCP_HUB_READY ', 20_000, env);
    ready = JSON.parse(line) as ReadyLine;
    browser = await launch();
    // bypassCSP only so the test can inject axe-core; the panel itself forbids inline scripts.
    page = await browser.newPage({ viewport: { width: 1024, height: 700 }, colorScheme: 'light', bypassCSP: true });
    await page.goto(ready.uiUrl);
    await page.click('[data-testid="nav-settings"]');
  }, 40_000);

  afterAll(async () => {
    await browser?.close();
    killAll();
    await new Promise((r) => blocker?.close(r));
  });

  it('says the port moved, lists the config that no longer reaches the hub, and fixes both on request', async () => {
    const serving = Number(new URL(ready.mcpUrl).port);
    expect(serving).not.toBe(kept);
    const notice = page.locator('[data-testid="port-notice"]');
    await notice.waitFor();
    expect(await notice.locator('[data-testid="port-fallback"]').innerText()).toContain(`port ${kept} is in use by another program, so the hub serves on ${serving} for now`);
    expect(await notice.locator('[data-testid="port-stale-cursor"]').innerText()).toContain(`http://127.0.0.1:${kept}/mcp`);
    await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'port-notice.png') });
    await page.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
    const violations = (await page.evaluate('axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] }).then((r) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")))')) as string[];
    expect(violations).toEqual([]);

    await notice.locator('[data-testid="port-keep"]').click();
    await notice.locator('[data-testid="port-fallback"]').waitFor({ state: 'detached' });
    await notice.locator('[data-testid="port-rewrite-cursor"]').click();
    const plan = notice.locator('[data-testid="port-rewrite-plan"]');
    // The plan comes from the hub: wait for its lines (allInnerTexts does not wait).
    await plan.locator('pre > div').first().waitFor();
    const lines = (await plan.locator('pre > div').allInnerTexts()).map((l) => l.trim());
    expect(lines.filter((l) => l.startsWith('-')).join('\n')).toContain(`:${kept}/mcp`);
    expect(lines.filter((l) => l.startsWith('+')).join('\n')).toContain(`:${serving}/mcp`);
    await notice.locator('[data-testid="port-rewrite-write"]').click();
    await notice.waitFor({ state: 'detached' });
    await waitFor(() => JSON.parse(readFileSync(cursorFile, 'utf8')).mcpServers['dcc-mcp-hub'].url === ready.mcpUrl, 'the rewritten config');
    expect(JSON.parse(readFileSync(join(dir, 'data', 'settings.json'), 'utf8')).servePort).toBe(serving);
  }, 30_000);
});
