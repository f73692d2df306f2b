/**
 * The approval card in Chromium: it shows exactly what Python runs (lone `\r` breaks, hidden and bidi characters
 * marked), keeps Approve locked until a tall script has been seen whole, and never decides by accident (no focus
 * stealing, keys only on the focused card and never in a field, auto policy only after a confirmation).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHeadless, type HeadlessHub } from '../../src/main/core/headless';
import { silentLogger } from '../../src/main/core/log';
import type { ApprovalOutcome } from '../../src/main/core/mcp/ports';
import { CLI, mcpClient, startPlugin } from '../helpers/hub';
import { ROOT, killAll } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';
import { waitFor } from '../helpers/wait';

const SHOTS = join(ROOT, 'test-results', 'screenshots');
let h: HeadlessHub;
let browser: Browser;
let page: Page;
let agent: Client;

/** A pending script straight through the hub's gate (what `dcc_execute` does after resolving the instance). */
async function ask(
  code: string | undefined,
  args?: unknown,
): Promise<{ id: string; card: Locator; outcome: Promise<ApprovalOutcome> }> {
  const before = new Set(h.hub.approvals.list().pending.map((p) => p.id));
  const outcome = h.hub.approvals.request({
    tool: code === undefined ? 'maya__delete_object' : 'dcc_execute',
    code,
    arguments: args,
    instanceId: 'maya-e2e-instance',
    dccType: 'maya',
    agent: { id: 'e2e-agent-id', name: 'e2e-agent' },
  });
  const req = await waitFor(
    () => h.hub.approvals.list().pending.find((p) => !before.has(p.id)),
    'the request to be pending',
  );
  const card = page.locator(`[data-approval-id="${req.id}"]`);
  await card.waitFor();
  return { id: req.id, card, outcome };
}

const isPending = (id: string): boolean => h.hub.approvals.list().pending.some((p) => p.id === id);

/**
 * Proves everything the page sent before now has reached the hub: the panel's socket is ordered, so once a rule
 * set through the page's own form has arrived, any approval sent before it would have arrived too.
 */
async function barrier(tag: string): Promise<void> {
  await page.selectOption('[data-testid="policy-scope"]', 'instance');
  await page.fill('[data-testid="policy-key"]', `barrier-${tag}`);
  await page.selectOption('[data-testid="policy-value"]', 'ask');
  await page.click('[data-testid="policy-set"]');
  await waitFor(
    () => h.hub.approvals.getPolicies().perInstance[`barrier-${tag}`] === 'ask',
    'the barrier rule to arrive',
  );
  h.hub.approvals.setPolicy('instance', `barrier-${tag}`, null);
}

// A string: it runs in the page, not under Node's types.
const activeTestId = (): Promise<string | null> =>
  page.evaluate(
    "document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null",
  ) as Promise<string | null>;

describe.runIf(chromiumAvailable())('approval card in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'e2e-approvals-'));
    h = await startHeadless({
      port: 0,
      registryDir: join(dir, 'reg'),
      dataDir: join(dir, 'data'),
      logger: silentLogger,
      uiDir: join(ROOT, 'out', 'renderer'),
      cliPath: CLI,
    });
    await startPlugin(h.hub.registryDir, 'maya');
    await waitFor(
      () => h.hub.sessions.list().some((s) => s.row.dcc_type === 'maya' && s.instanceState === 'ready'),
      'maya ready',
      10_000,
    );
    agent = await mcpClient(h.info.mcpUrl, h.info.token, 'claude-code');
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await page.goto(h.info.uiUrl);
    await page.click('[data-testid="nav-approvals"]');
    await page.waitForSelector('[data-testid="page-approvals"]');
  }, 30_000);

  afterAll(async () => {
    await agent?.close();
    await browser?.close();
    await h?.stop();
    killAll();
  });

  it('a lone \\r is a line break on the card, as it is to Python, and the hidden line really runs', async () => {
    const call = agent.callTool(
      {
        name: 'dcc_execute',
        arguments: { instance: 'maya', code: '# print a greeting\rreturn "the hidden line ran"' },
      },
      undefined,
      { timeout: 60_000 },
    );
    const pending = await waitFor(() => h.hub.approvals.list().pending[0], 'the agent request');
    const card = page.locator(`[data-approval-id="${pending.id}"]`);
    const lines = card.locator('[data-testid="code-line"]');
    await waitFor(async () => (await lines.count()) === 2, 'two lines on the card');
    expect(await lines.locator('.ln').allInnerTexts()).toEqual(['1', '2']);
    expect(await lines.locator('.src').allInnerTexts()).toEqual([
      '# print a greeting',
      'return "the hidden line ran"',
    ]);
    expect(await card.locator('[data-testid="approval-line-count"]').innerText()).toBe('2 lines');
    expect(await card.locator('[data-testid="approval-hidden-warning"]').innerText()).toContain(
      'lone carriage return',
    );
    await card.locator('[data-testid="approval-approve"]').click();
    const r = (await call) as CallToolResult;
    expect(JSON.parse((r.content[0] as { text: string }).text)).toMatchObject({
      success: true,
      output: 'the hidden line ran',
    });
  }, 30_000);

  it('bidi, zero-width and other hidden characters are drawn as marks and flagged, with hints and non-ASCII names', async () => {
    const { id, card, outcome } = await ask(
      'import os\nnаme = "\u202eevil\u200b"  # \u2066x\u2069\nos.remove(nаme)\nreturn 1',
    );
    const marks = card.locator('[data-testid="hidden-mark"]');
    expect(await marks.allInnerTexts()).toEqual(['RLO', 'ZWSP', 'LRI', 'PDI']);
    const warning = await card.locator('[data-testid="approval-hidden-warning"]').innerText();
    expect(warning).toContain('4 hidden characters');
    expect(warning).toContain('bidirectional control');
    expect(warning).toContain('nаme (line 2: а U+0430)');
    // None of the characters themselves reach the screen.
    expect(await card.locator('[data-testid="approval-code"]').innerText()).not.toMatch(
      /[\u202e\u200b\u2066\u2069]/,
    );
    const hints = await card.locator('[data-testid="approval-hint"]').allInnerTexts();
    expect(hints).toEqual(
      expect.arrayContaining([
        expect.stringContaining('imports os'),
        expect.stringContaining('os.remove() deletes files'),
      ]),
    );
    await page.screenshot({ path: join(SHOTS, 'approvals-hidden-characters.png') });
    h.hub.approvals.decide(id, { decision: 'reject', reason: 'e2e' });
    expect((await outcome).approved).toBe(false);
  });

  it('a line wider than the card wraps under its number: code pushed far right by spaces stays in view', async () => {
    const { id, card, outcome } = await ask(`x = 1${' '.repeat(600)}; import os\nreturn x`);
    const view = card.locator('[data-testid="approval-code"]');
    const [box, scroll] = await Promise.all([
      view.boundingBox(),
      view.evaluate((el) => [el.scrollWidth, el.clientWidth]),
    ]);
    expect(scroll[0]).toBeLessThanOrEqual(scroll[1]!);
    const word = card
      .locator('[data-testid="code-line"]')
      .first()
      .locator('.k-keyword', { hasText: 'import' });
    const at = await word.boundingBox();
    expect(at!.x + at!.width).toBeLessThanOrEqual(box!.x + box!.width);
    expect(at!.y).toBeLessThan(box!.y + box!.height);
    expect(await card.locator('[data-testid="code-line"] .ln').allInnerTexts()).toEqual(['1', '2']);
    expect(await card.locator('[data-testid="gap-mark"]').innerText()).toBe('␣ 600 spaces');
    expect(await card.locator('[data-testid="approval-hidden-warning"]').innerText()).toContain(
      'line 1 (600)',
    );
    h.hub.approvals.decide(id, { decision: 'reject', reason: 'e2e' });
    expect((await outcome).approved).toBe(false);
  });

  it('a script taller than the card keeps Approve locked (button and A) until it has been scrolled to the end', async () => {
    const code = Array.from({ length: 300 }, (_, i) => `step_${i} = ${i}`).join('\n') + '\nreturn "end"';
    const { id, card, outcome } = await ask(code);
    const approve = card.locator('[data-testid="approval-approve"]');
    expect(await approve.isDisabled()).toBe(true);
    expect(await card.locator('[data-testid="approval-seen-hint"]').innerText()).toContain(
      'scroll until the last one is on screen',
    );
    expect(await card.locator('[data-testid="approval-line-count"]').innerText()).toBe('301 lines');
    await page.screenshot({ path: join(SHOTS, 'approvals-long-script.png') });
    await card.locator('.meta').click();
    await page.keyboard.press('a');
    await barrier('long');
    expect(isPending(id)).toBe(true);
    await card.locator('[data-testid="approval-code"]').hover();
    await page.mouse.wheel(0, 100_000);
    await waitFor(() => approve.isEnabled(), 'Approve to unlock after scrolling');
    expect(await card.locator('[data-testid="approval-seen-hint"]').count()).toBe(0);
    await card.locator('.meta').click();
    await page.keyboard.press('a');
    expect((await outcome).approved).toBe(true);
  });

  it('…or until it has been expanded', async () => {
    const { card, outcome } = await ask(Array.from({ length: 200 }, (_, i) => `x${i} = ${i}`).join('\n'));
    const approve = card.locator('[data-testid="approval-approve"]');
    expect(await approve.isDisabled()).toBe(true);
    await card.locator('[data-testid="approval-expand"]').click();
    await waitFor(() => approve.isEnabled(), 'Approve to unlock after expanding');
    expect(await card.locator('[data-testid="code-line"]').last().isVisible()).toBe(true);
    await approve.click();
    expect((await outcome).approved).toBe(true);
  });

  it('…or scrolled to the end with the keyboard', async () => {
    const { card, outcome } = await ask(Array.from({ length: 200 }, (_, i) => `y${i} = ${i}`).join('\n'));
    const approve = card.locator('[data-testid="approval-approve"]');
    await card.locator('.meta').click();
    await page.keyboard.press('Tab');
    expect(await activeTestId()).toBe('approval-code');
    expect(await approve.isDisabled()).toBe(true);
    await page.keyboard.press('End');
    await waitFor(() => approve.isEnabled(), 'Approve to unlock after End');
    await page.keyboard.press('a');
    expect((await outcome).approved).toBe(true);
  });

  it('Edit & run: the edited script is what runs, and hidden characters typed into it are flagged', async () => {
    const { card, outcome } = await ask('return 1');
    await card.getByRole('button', { name: 'Edit & run' }).click();
    const editor = card.locator('[data-testid="approval-editor"]');
    await editor.fill('x = "\u202e"\nreturn 2');
    expect(await card.locator('[data-testid="approval-hidden-warning"]').innerText()).toContain(
      '1 hidden character',
    );
    // Like the code view, the editor draws characters in the order Python reads them (bidi marks reorder nothing).
    const style = await editor.evaluate((el) => {
      const view = el.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { unicodeBidi: string; direction: string } };
      const cs = view.getComputedStyle(el);
      return [cs.unicodeBidi, cs.direction];
    });
    expect(style).toEqual(['bidi-override', 'ltr']);
    await card.locator('[data-testid="approval-approve"]').click();
    expect(await outcome).toMatchObject({ approved: true, code: 'x = "\u202e"\nreturn 2' });
  });

  it('a script that fits its box but ends below the window stays locked until the page is scrolled to its end', async () => {
    await page.setViewportSize({ width: 1280, height: 420 });
    try {
      const { card, outcome } = await ask(Array.from({ length: 14 }, (_, i) => `z${i} = ${i}`).join('\n'));
      const approve = card.locator('[data-testid="approval-approve"]');
      expect(
        await card
          .locator('[data-testid="approval-code"]')
          .evaluate((el) => el.scrollHeight <= el.clientHeight),
      ).toBe(true);
      expect(await approve.isDisabled()).toBe(true);
      await card.locator('[data-testid="code-line"]').last().scrollIntoViewIfNeeded();
      await waitFor(() => approve.isEnabled(), 'Approve to unlock once the last line was on screen');
      await approve.click();
      expect((await outcome).approved).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('the countdown never takes focus, and an "a" typed in a field on the page does not approve', async () => {
    await page.selectOption('[data-testid="policy-scope"]', 'instance');
    await page.click('[data-testid="policy-key"]');
    const { id, card, outcome } = await ask('return "should not run"');
    const countdown = card.locator('[data-testid="approval-countdown"]');
    const first = await countdown.innerText();
    await waitFor(async () => (await countdown.innerText()) !== first, 'a countdown tick', 5_000);
    const second = await countdown.innerText();
    await waitFor(async () => (await countdown.innerText()) !== second, 'another countdown tick', 5_000);
    expect(await activeTestId()).toBe('policy-key');
    await page.keyboard.type('a');
    expect(await page.inputValue('[data-testid="policy-key"]')).toBe('a');
    await barrier('typed-a');
    expect(isPending(id)).toBe(true);
    h.hub.approvals.decide(id, { decision: 'reject', reason: 'e2e' });
    expect((await outcome).approved).toBe(false);
  });

  it('R on the focused card opens the reason without typing an "r"; Ctrl+A and keys typed in the reason decide nothing', async () => {
    const { id, card, outcome } = await ask('return "should not run"');
    await card.locator('.meta').click();
    expect(await activeTestId()).toBe('approval-card');
    await page.keyboard.press('Control+a');
    await barrier('ctrl-a');
    expect(isPending(id)).toBe(true);
    await card.locator('.meta').click();
    await page.keyboard.press('r');
    const reason = card.locator('[data-testid="approval-reason"]');
    await reason.waitFor();
    expect(await activeTestId()).toBe('approval-reason');
    expect(await reason.inputValue()).toBe('');
    await page.keyboard.type('a bad time, really');
    expect(await reason.inputValue()).toBe('a bad time, really');
    expect(isPending(id)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await outcome).toMatchObject({ approved: false, reason: 'a bad time, really' });
  });

  it('a destructive tool call carries a badge and its arguments as formatted JSON', async () => {
    const call = agent.callTool({ name: 'maya__delete_object', arguments: { name: 'ball' } }, undefined, {
      timeout: 60_000,
    });
    const pending = await waitFor(
      () => h.hub.approvals.list().pending.find((p) => p.tool.endsWith('delete_object')),
      'the destructive call',
    );
    const card = page.locator(`[data-approval-id="${pending.id}"]`);
    expect(await card.locator('[data-testid="approval-destructive"]').innerText()).toBe('destructive');
    expect(await card.locator('[data-testid="code-line"] .src').allInnerTexts()).toEqual([
      '{',
      '  "name": "ball"',
      '}',
    ]);
    await card.locator('[data-testid="approval-reject"]').click();
    await card.locator('[data-testid="approval-confirm-reject"]').click();
    const r = (await call) as CallToolResult;
    expect(r.isError).toBe(true);
  }, 30_000);

  it('switching the global policy to auto asks first, then the page says plainly that scripts run without asking', async () => {
    const global = (p: string): Locator =>
      page.locator('[data-testid="policy-global"] button', { hasText: p });
    await global('auto').click();
    await page.waitForSelector('[data-testid="policy-auto-confirm-box"]');
    await page.click('[data-testid="policy-auto-cancel"]');
    await barrier('auto-cancel');
    expect(h.hub.approvals.getPolicies().global).toBe('ask');
    expect(await page.locator('[data-testid="policy-auto-warning"]').count()).toBe(0);
    await global('auto').click();
    await page.click('[data-testid="policy-auto-confirm"]');
    await waitFor(() => h.hub.approvals.getPolicies().global === 'auto', 'auto saved');
    expect(await page.locator('[data-testid="policy-auto-warning"]').innerText()).toContain(
      'Scripts run without asking.',
    );
    await page.screenshot({ path: join(SHOTS, 'approvals-auto.png') });
    await global('ask').click();
    await waitFor(() => h.hub.approvals.getPolicies().global === 'ask', 'ask saved');
    await page.locator('[data-testid="policy-auto-warning"]').waitFor({ state: 'detached' });
  });
});
