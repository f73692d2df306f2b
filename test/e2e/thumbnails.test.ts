/**
 * Viewport thumbnails in the panel (Chromium): the Instances page shows the live picture of a DCC that can capture
 * (a node DccLink peer painting its scene version), follows scene changes, shows a failed capture as a note, and
 * the Approvals history shows the before/after pair of an agent's script.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHeadless, type HeadlessHub } from '../../src/main/core/headless';
import { silentLogger } from '../../src/main/core/log';
import type { DccSession } from '../../src/main/core/sessions/session';
import { CLI, mcpClient } from '../helpers/hub';
import { ROOT, killAll, startNodePeer } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';
import { waitFor } from '../helpers/wait';

const SHOTS = join(ROOT, 'test-results', 'screenshots');
const AXE = process.env.AXE_CORE_PATH ?? join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const hasAxe = existsSync(AXE);
if (!hasAxe && process.env.CI !== 'true') console.warn(`\n*** SKIPPING axe-core checks of the pictures: ${AXE} is missing ***\n`);
let h: HeadlessHub;
let browser: Browser;
let page: Page;
let agent: Client;
let s: DccSession;

/** The image's source and natural width (0 while it is not a decoded picture). */
async function image(selector: string): Promise<{ src: string; width: number }> {
  await page.locator(selector).first().waitFor();
  // A string: it runs in the page, not under Node's types. Waits for the image to be decoded.
  return (await page.evaluate(
    `(async () => { const el = document.querySelector(${JSON.stringify(selector)}); await el.decode().catch(() => {}); return { src: el.getAttribute('src') || '', width: el.naturalWidth }; })()`,
  )) as { src: string; width: number };
}

describe.runIf(chromiumAvailable())('viewport thumbnails in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'e2e-thumbs-'));
    h = await startHeadless({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, uiDir: join(ROOT, 'out', 'renderer'), cliPath: CLI, approval: 'auto' });
    const path = join(dir, 'peer.sock');
    await startNodePeer(`unix://${path}`, '--capture');
    const id = randomUUID();
    h.hub.sessions.upsert({ dcc_type: 'blender', instance_id: id, host: '127.0.0.1', port: 0, transport_address: { type: 'unix_socket', path }, metadata: { dcclink: '1' }, lastHeartbeatMs: Date.now() });
    s = await waitFor(() => h.hub.sessions.list().find((x) => x.instanceId === id && x.instanceState === 'ready'), 'capturing peer ready', 15_000);
    await waitFor(() => h.hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    agent = await mcpClient(h.info.mcpUrl, h.info.token, 'claude-code');
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await page.goto(h.info.uiUrl);
    await page.waitForSelector('[data-testid="instance-row-blender"]');
  }, 30_000);

  afterAll(async () => {
    await agent?.close();
    await browser?.close();
    await h?.stop();
    killAll();
  });

  it('shows the viewport in the row and the details, and a new picture after a scene change', async () => {
    const row = await image('[data-testid="instance-row-blender"] [data-testid="instance-thumbnail"]');
    expect(row.src).toMatch(/^data:image\/png;base64,/);
    expect(row.width).toBe(320);
    await page.click('[data-testid="instance-row-blender"]');
    const large = await image('[data-testid="instance-thumbnail-large"]');
    expect(large.src).toBe(row.src);
    await page.screenshot({ path: join(SHOTS, 'instances-thumbnail.png') });
    const rev = Number(await page.getAttribute('[data-testid="instance-thumbnail-large"]', 'data-rev'));
    await s.call('dcc.execute', { code: 'add' });
    await page.waitForSelector(`[data-testid="instance-thumbnail-large"]:not([data-rev="${rev}"])`);
    await waitFor(async () => (await image('[data-testid="instance-thumbnail-large"]')).src !== large.src, 'the new picture shown');
    expect((await image('[data-testid="instance-row-blender"] [data-testid="instance-thumbnail"]')).src).not.toBe(row.src);
  });

  it('shows a failed capture as a note, never a broken image, and the picture again once it works', async () => {
    await s.call('dcc.execute', { code: 'no camera' });
    await s.call('dcc.execute', { code: 'add' });
    const note = page.locator('[data-testid="instance-details"] [data-testid="thumbnail-error"]');
    await note.waitFor();
    expect(await note.innerText()).toContain('no camera to capture from');
    expect(await page.locator('[data-testid="instance-row-blender"] [data-testid="thumbnail-error"]').innerText()).toBe('no picture');
    expect(await page.locator('[data-testid="instance-thumbnail-large"]').count()).toBe(0);
    await s.call('dcc.execute', { code: 'camera' });
    await s.call('dcc.execute', { code: 'add' });
    expect((await image('[data-testid="instance-thumbnail-large"]')).width).toBe(320);
  });

  it("shows the before/after pair of an agent's script in the approval history", async () => {
    const r = await agent.callTool({ name: 'dcc_execute', arguments: { code: 'add' } });
    expect(r.isError).toBeFalsy();
    const rec = await waitFor(() => h.hub.approvals.list().history.find((x) => x.pictures?.before?.file && x.pictures.after?.file), 'pictures recorded', 10_000);
    await page.click('[data-testid="nav-approvals"]');
    // The pair is part of the history entry: it shows when the row is opened.
    await page.locator('[data-testid="history-toggle"]').first().click();
    const pair = page.locator('[data-testid="history-detail"] [data-testid="before-after"]');
    await pair.waitFor();
    const before = await image('[data-testid="history-detail"] [data-testid="picture-before"]');
    const after = await image('[data-testid="history-detail"] [data-testid="picture-after"]');
    expect(before.width).toBe(320);
    expect(after.width).toBe(320);
    expect(before.src).not.toBe(after.src);
    expect(await pair.locator('figcaption').allInnerTexts()).toEqual(['Before', 'After']);
    expect(rec.pictures!.before!.file).toBe(`${rec.id}-before.png`);
    await pair.screenshot({ path: join(SHOTS, 'approval-before-after.png') });
  });

  for (const scheme of ['dark', 'light'] as const) {
    it.runIf(hasAxe || process.env.CI === 'true')(`pictures pass axe (no serious or critical violation) and are not clipped at 1024×700 (${scheme})`, async () => {
      // The panel's CSP forbids inline scripts (as it should): only the test's axe injection bypasses it.
      const p = await browser.newPage({ viewport: { width: 1024, height: 700 }, colorScheme: scheme, bypassCSP: true });
      await p.goto(h.hub.http.panelLink());
      await p.addScriptTag({ path: AXE });
      const found: string[] = [];
      for (const id of ['instances', 'approvals']) {
        await p.click(`[data-testid="nav-${id}"]`);
        await p.waitForSelector(`[data-testid="page-${id}"]`);
        const overflow = async (): Promise<void> => {
          const over = (await p.evaluate(`(() => { const el = document.querySelector('.page'); const d = document.documentElement; return [el.scrollWidth - el.clientWidth, d.scrollWidth - d.clientWidth]; })()`)) as number[];
          if (over.some((x) => x > 1)) found.push(`${id}: overflows by ${over.join('/')} px`);
        };
        if (id === 'instances') {
          await p.waitForSelector('[data-testid="instance-thumbnail"]');
          await overflow();
          await p.click('[data-testid="instance-row-blender"]');
          await p.waitForSelector('[data-testid="instance-thumbnail-large"]');
          await overflow();
          // The large picture fits its side panel (the panel's own width at 1024 px is the page layout's business).
          const fits = (await p.evaluate(`(() => { const i = document.querySelector('[data-testid="instance-thumbnail-large"]').getBoundingClientRect(); const a = document.querySelector('[data-testid="instance-details"]').getBoundingClientRect(); return i.left >= a.left && i.right <= a.right; })()`)) as boolean;
          if (!fits) found.push('instances: the large picture sticks out of the details panel');
        } else {
          await p.locator('[data-testid="history-toggle"]').first().click();
          // Pictures load when they scroll into view.
          await p.locator('[data-testid="before-after"]').first().scrollIntoViewIfNeeded();
          await p.waitForSelector('[data-testid="picture-after"]');
          await overflow();
        }
        const violations = (await p.evaluate('axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })))')) as { id: string; impact: string | null; targets: string[] }[];
        for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) found.push(`${id}: ${v.id} (${v.impact}) ${v.targets.join(' | ')}`);
      }
      await p.close();
      expect(found).toEqual([]);
    }, 60_000);
  }
});
