/**
 * Benchmark in the e2e run (report only): the Traffic page under DCC frames plus agent calls at once — the target
 * is 5,000 frames/s + 200 agent calls/s for 5 s; prints the rates actually sustained, long tasks and frame gaps.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startHeadless, type HeadlessHub } from '../../src/main/core/headless';
import { silentLogger } from '../../src/main/core/log';
import { RegistryWriter } from '../helpers/registry-writer';
import { CLI, agentClient } from '../helpers/hub';
import { ROOT, killAll, startNodePeer } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';
import { waitFor } from '../helpers/wait';

describe.runIf(chromiumAvailable())('Traffic page under frames + agent calls (benchmark, reported)', () => {
  let h: HeadlessHub;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-tload-'));
    h = await startHeadless({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, uiDir: join(ROOT, 'out', 'renderer'), cliPath: CLI });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    killAll();
  });

  it('5,000 frames/s + 200 agent calls/s for 5 s', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'tload-')), 'peer.sock');
    await startNodePeer(`unix://${sock}`);
    const id = randomUUID();
    await new RegistryWriter(h.hub.registryDir).register({ dcc_type: 'stress', instance_id: id, transport_address: { type: 'unix_socket', path: sock }, metadata: { dcclink: '1' } });
    await waitFor(() => h.hub.sessions.list().some((s) => s.instanceId === id && s.instanceState === 'ready'), 'peer ready', 10_000);
    const { client } = await agentClient(h.hub, 'load-agent');
    await page.goto(`${h.info.uiUrl.split('#')[0]}#/traffic`);
    await page.waitForSelector('[data-testid="page-traffic"]');
    await page.evaluate(`(() => {
      window.__long = []; window.__gaps = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
      let last = performance.now();
      const tick = () => { const now = performance.now(); window.__gaps.push(now - last); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    let dcc = 0;
    let agent = 0;
    const start = Date.now();
    const end = start + 5_000;
    while (Date.now() < end) {
      const t = Date.now();
      await Promise.all([
        ...Array.from({ length: 25 }, () => h.hub.sessions.call(id, 'echo', { n: dcc++ })),
        ...Array.from({ length: 2 }, () => client.callTool({ name: 'dcc_list_instances', arguments: {} }).then(() => agent++)),
      ]);
      await new Promise((r) => setTimeout(r, Math.max(0, 10 - (Date.now() - t))));
    }
    const secs = (Date.now() - start) / 1000;
    const { long, gaps } = (await page.evaluate('({ long: window.__long, gaps: window.__gaps })')) as { long: number[]; gaps: number[] };
    const p95 = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length * 0.95)] ?? 0;
    console.log(`traffic load: ${((dcc * 2) / secs).toFixed(0)} DCC frames/s + ${(agent / secs).toFixed(0)} agent calls/s (${((agent * 2) / secs).toFixed(0)} agent rows/s) for ${secs.toFixed(1)} s; long tasks ${long.length} (max ${Math.max(0, ...long).toFixed(0)} ms); frame gap p95 ${p95.toFixed(1)} ms`);
    // Only the rows in view exist (virtualised), and the tail may hold only DCC frames: filter for the agent's calls.
    await page.fill('[data-testid="traffic-filter"]', 'dcc_list_instances');
    await waitFor(async () => (await page.locator('[data-testid="traffic-call-row"]').count()) > 0, 'agent rows shown');
    expect(agent).toBeGreaterThan(0);
    await client.close();
  }, 60_000);
});
