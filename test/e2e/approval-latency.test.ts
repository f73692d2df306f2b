/**
 * Benchmark in the e2e run (report only, no threshold): approval request → card visible in the panel, and the
 * artist's decision → the agent's result, p50/p95 over 20 dcc_execute calls of an SDK agent, in Chromium.
 * The figures go to bench/RESULTS.md by hand; baseline: a panel API round trip over the same WebSocket.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startHeadless, type HeadlessHub } from '../../src/main/core/headless';
import { silentLogger } from '../../src/main/core/log';
import { CLI, agentClient, startPlugin } from '../helpers/hub';
import { ROOT, killAll } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';
import { waitFor } from '../helpers/wait';

const N = 20;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

describe.runIf(chromiumAvailable())('approval latency in the panel (benchmark, reported)', () => {
  let h: HeadlessHub;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-applat-'));
    h = await startHeadless({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, uiDir: join(ROOT, 'out', 'renderer'), cliPath: CLI, approval: 'ask' });
    await startPlugin(h.hub.registryDir, 'maya');
    await waitFor(() => h.hub.sessions.list()[0]?.instanceState === 'ready', 'maya ready', 15_000);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${h.info.uiUrl.split('#')[0]}#/approvals`);
    await page.waitForSelector('[data-testid="page-approvals"]');
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    killAll();
  });

  it('request → visible card and decision → agent result, p50/p95', async () => {
    const { client } = await agentClient(h.hub, 'bench-agent');
    const toCard: number[] = [];
    const toResult: number[] = [];
    const rtt: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const call = client.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: `return ${i}` } }, undefined, { timeout: 60_000 });
      const card = page.locator('[data-testid="approval-card"]').first();
      await card.waitFor({ timeout: 10_000 });
      toCard.push(performance.now() - t0);
      const t1 = performance.now();
      await card.locator('[data-testid="approval-approve"]').click();
      await call;
      toResult.push(performance.now() - t1);
      await page.waitForSelector('[data-testid="approval-card"]', { state: 'detached' });
      const t2 = performance.now();
      await page.evaluate('1');
      rtt.push(performance.now() - t2);
    }
    const line = `approval bench (${N}): request → card p50 ${pct(toCard, 0.5).toFixed(0)} ms / p95 ${pct(toCard, 0.95).toFixed(0)} ms; decision (click) → agent result p50 ${pct(toResult, 0.5).toFixed(0)} ms / p95 ${pct(toResult, 0.95).toFixed(0)} ms; baseline Playwright round trip p50 ${pct(rtt, 0.5).toFixed(1)} ms`;
    console.log(line);
    expect(toCard).toHaveLength(N);
    await client.close();
  }, 120_000);
});
