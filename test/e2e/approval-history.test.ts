/**
 * Issue 14, approvals history in Chromium: the artist edits an agent's script on the card, the agent (SDK client)
 * is told with the diff, and the history row opens by keyboard to the script as sent (hidden characters marked),
 * the edit as a diff, who decided, and the whole result — said plainly when the hub kept only part of it. After a
 * restart of the hub the same row still opens to all of it (restored from the audit log).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHeadless, type HeadlessHub } from '../../src/main/core/headless';
import { silentLogger } from '../../src/main/core/log';
import { CLI, mcpClient, startPlugin } from '../helpers/hub';
import { ROOT, killAll } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';
import { waitFor } from '../helpers/wait';

let h: HeadlessHub;
let dir: string;
let browser: Browser;
let page: Page;
let agent: Client;

async function start(): Promise<void> {
  h = await startHeadless({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, uiDir: join(ROOT, 'out', 'renderer'), cliPath: CLI });
  await waitFor(() => h.hub.sessions.list().some((s) => s.row.dcc_type === 'maya' && s.instanceState === 'ready'), 'maya ready', 15_000);
  agent = await mcpClient(h.info.mcpUrl, h.info.token, 'claude-code');
  await page.goto(h.info.uiUrl);
  await page.click('[data-testid="nav-approvals"]');
  await page.waitForSelector('[data-testid="page-approvals"]');
}

const SENT = '# scale the selection\u200b\nfactor = 2\nreturn "x" * 70000 if factor == 3 else factor';
const EDITED = '# scale the selection\u200b\nfactor = 3\nreturn "x" * 70000 if factor == 3 else factor';

describe.runIf(chromiumAvailable())('approvals history in Chromium', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-history-'));
    mkdirSync(join(ROOT, 'test-results', 'screenshots'), { recursive: true });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' });
    await startPlugin(join(dir, 'reg'), 'maya');
    await start();
  }, 40_000);

  afterAll(async () => {
    await agent?.close();
    await browser?.close();
    await h?.stop();
    killAll();
  });

  it('an edit made on the card reaches the agent as a diff, and the history row opens by keyboard to all of it', async () => {
    const call = agent.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: SENT } }, undefined, { timeout: 60_000 }) as Promise<CallToolResult>;
    const pending = await waitFor(() => h.hub.approvals.list().pending[0], 'the agent request');
    const card = page.locator(`[data-approval-id="${pending.id}"]`);
    await card.getByRole('button', { name: 'Edit & run' }).click();
    const editor = card.locator('[data-testid="approval-editor"]');
    await editor.fill(EDITED);
    await card.locator('[data-testid="approval-approve"]').click();
    // The 70,000-character output is cut to the agent's result cap; the edit note and diff come first, so they stay.
    const text = ((await call).content[0] as { text: string }).text;
    expect(text).toContain('"edited_by_user": true');
    expect(text).toContain(JSON.stringify('-factor = 2\n+factor = 3\n').slice(1, -1));

    const row = page.locator(`[data-testid="approval-history-row"][data-approval-id="${pending.id}"]`);
    await row.waitFor();
    await waitFor(async () => (await row.innerText()).includes('✓'), 'the result in the row');
    expect(await row.locator('[data-testid="history-edited"]').innerText()).toBe('edited');
    const toggle = row.locator('[data-testid="history-toggle"]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const detail = page.locator('[data-testid="history-detail"]');
    await detail.waitFor();

    // The script as sent, with its zero-width space drawn as a mark.
    const sent = detail.locator('[data-testid="approval-code"] [data-testid="code-line"] .src');
    expect(await sent.allInnerTexts()).toEqual(['# scale the selectionZWSP', 'factor = 2', 'return "x" * 70000 if factor == 3 else factor']);
    expect(await detail.locator('[data-testid="approval-code"] [data-testid="hidden-mark"]').count()).toBe(1);
    // The edit as a diff.
    const diff = detail.locator('[data-testid="history-diff"] [data-testid="diff-line"]');
    expect(await diff.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-op')}${e.querySelector('.src')!.textContent}`))).toEqual([
      ' # scale the selectionZWSP',
      '-factor = 2',
      '+factor = 3',
      ' return "x" * 70000 if factor == 3 else factor',
    ]);
    expect(await detail.locator('[data-testid="history-decided-by"]').innerText()).toBe('edited and approved by you');
    expect(await detail.innerText()).toContain('claude-code');
    // The whole result as kept: the first 64 Ki characters, and it says so.
    const result = detail.locator('[data-testid="history-result"]');
    await waitFor(async () => (await result.innerText()).length > 60_000, 'the full result text');
    expect(await detail.locator('[data-testid="history-truncated"]').innerText()).toMatch(/Truncated: the hub keeps the first 65,536 of 70,\d{3} characters/);
    // Nothing is clipped at 1024 px: the table fits the page.
    const fits = await row.evaluate((tr) => { const t = tr.closest('table')!; return t.scrollWidth <= t.parentElement!.clientWidth; });
    expect(fits).toBe(true);
    await detail.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'approval-history.png') });

    // Space closes it again; Esc inside an open detail closes it and gives focus back to the button.
    await toggle.focus();
    await page.keyboard.press(' ');
    await detail.waitFor({ state: 'detached' });
    await page.keyboard.press(' ');
    await result.focus();
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('history-toggle');
  }, 60_000);

  for (const scheme of ['dark', 'light'] as const) {
    it(`axe: the opened row (script, diff, truncated result) has no serious or critical violation (${scheme})`, async () => {
      const p = await browser.newPage({ viewport: { width: 1024, height: 700 }, colorScheme: scheme, bypassCSP: true });
      await p.goto(h.hub.http.panelLink());
      await p.click('[data-testid="nav-approvals"]');
      const id = h.hub.approvals.list().history.find((x) => x.code === SENT)!.id;
      await p.locator(`[data-approval-id="${id}"] [data-testid="history-toggle"]`).click();
      await p.locator('[data-testid="history-truncated"]').waitFor();
      await p.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
      const violations = (await p.evaluate('axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] }).then((r) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")))')) as string[];
      await p.close();
      expect(violations).toEqual([]);
    }, 60_000);
  }

  it('a rejection by policy says who decided and why, with nothing run', async () => {
    h.hub.approvals.setPolicy('global', undefined, 'deny');
    const r = (await agent.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'return 1' } })) as CallToolResult;
    expect(r.isError).toBe(true);
    h.hub.approvals.setPolicy('global', undefined, 'ask');
    const rec = h.hub.approvals.list().history[0]!;
    const row = page.locator(`[data-testid="approval-history-row"][data-approval-id="${rec.id}"]`);
    await row.locator('[data-testid="history-toggle"]').click();
    const detail = page.locator('[data-testid="history-detail"]');
    expect(await detail.locator('[data-testid="history-decided-by"]').innerText()).toBe('rejected by the "deny" policy');
    expect(await detail.locator('[data-testid="history-reason"]').innerText()).toMatch(/is "deny"/);
    expect(await detail.innerText()).toContain('Nothing ran.');
    await row.locator('[data-testid="history-toggle"]').click();
  }, 30_000);

  it('after a hub restart the row still opens to the script, the diff and the whole result', async () => {
    const id = h.hub.approvals.list().history.find((x) => x.code === SENT)!.id;
    await agent.close();
    await h.stop();
    await start();
    const row = page.locator(`[data-testid="approval-history-row"][data-approval-id="${id}"]`);
    await row.locator('[data-testid="history-toggle"]').click();
    const detail = page.locator('[data-testid="history-detail"]');
    await detail.waitFor();
    expect(await detail.locator('[data-testid="history-diff"] [data-op="+"] .src').innerText()).toBe('factor = 3');
    await waitFor(async () => (await detail.locator('[data-testid="history-result"]').innerText()).length > 60_000, 'the restored full result');
    expect(await detail.locator('[data-testid="history-truncated"]').count()).toBe(1);
  }, 40_000);
});
