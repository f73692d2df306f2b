/**
 * Refreshes the README screenshots (docs/screenshots/*.png) from a real run: a headless hub, a simulated Maya (the
 * standalone plugin), real GUI Blender under Xvfb (its viewport thumbnail and a before/after pair), an SDK client as
 * the agent, server-everything as a service, and the panel in Debian Chromium at 1280×800.
 *   npm run build && npm run screenshots
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startHeadless } from '../src/main/core/headless';
import { silentLogger } from '../src/main/core/log';
import { launch } from '../test/helpers/browser';
import { EVERYTHING } from '../test/helpers/everything';
import { CLI, PYTHON, agentClient, startPlugin } from '../test/helpers/hub';
import { ROOT, exited, killAll } from '../test/helpers/processes';
import { waitFor } from '../test/helpers/wait';

const OUT = join(ROOT, 'docs', 'screenshots');
const tmp = mkdtempSync(join(tmpdir(), 'screenshots-'));
const h = await startHeadless({ port: 0, registryDir: join(tmp, 'reg'), dataDir: join(tmp, 'data'), logger: silentLogger, uiDir: join(ROOT, 'out', 'renderer'), cliPath: CLI, approval: 'ask' });
let gui: ChildProcess | null = null;
try {
  await startPlugin(h.hub.registryDir, 'maya', '--version', '2025.1');
  const zip = join(tmp, 'dcc_mcp_hub.zip');
  if (spawnSync(PYTHON, [join(ROOT, 'scripts/package-blender-addon.py'), zip]).status !== 0) throw new Error('packaging the Blender add-on failed');
  const env = { ...process.env, BLENDER_USER_CONFIG: join(tmp, 'config'), BLENDER_USER_SCRIPTS: join(tmp, 'scripts') };
  gui = spawn('xvfb-run', ['-a', '-s', '-screen 0 1600x900x24', 'blender', '--factory-startup', '--python', join(ROOT, 'bench/peers/blender_gui_enable.py'), '--', zip, h.hub.registryDir], { env, stdio: 'ignore', detached: true });
  const blender = await waitFor(() => h.hub.sessions.list().find((s) => s.row.dcc_type === 'blender' && s.instanceState === 'ready'), 'GUI Blender connected', 120_000, 100);
  await waitFor(() => h.hub.thumbnails.current(blender.instanceId)?.png, 'the first thumbnail', 60_000);
  if (EVERYTHING) await h.api.dispatch('services:add', { json: JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING] } } }) });

  // An agent with its own key: a search, a script approved with an edit (history with diff and pictures), one waiting.
  const { client } = await agentClient(h.hub, 'claude-code');
  await client.callTool({ name: 'dcc_search', arguments: { query: 'add a uv sphere', dcc: 'blender' } });
  await client.callTool({ name: 'maya__get_scene_summary', arguments: {} }).catch(() => {});
  const first = client.callTool({ name: 'dcc_execute', arguments: { instance: 'blender', code: 'import bpy\nbpy.ops.mesh.primitive_monkey_add(location=(0, 0, 1))\nreturn bpy.context.active_object.name' } });
  const asked = await waitFor(() => h.hub.approvals.list().pending[0], 'the first approval request');
  h.hub.approvals.decide(asked.id, { decision: 'approve', code: 'import bpy\nbpy.ops.mesh.primitive_monkey_add(location=(0, 0, 1.5))\nbpy.ops.object.shade_smooth()\nreturn bpy.context.active_object.name' });
  await first;
  await waitFor(() => h.hub.approvals.list().history.find((r) => r.pictures?.after), 'the after picture', 60_000);
  void client.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'import maya.cmds as cmds\n# tidy the scene\r' + "import os; os.remove('/tmp/scene.ma')\nreturn cmds.ls(selection=True)" } }).catch(() => {});
  await waitFor(() => h.hub.approvals.list().pending[0], 'the waiting request');

  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(h.info.uiUrl);
  const shot = async (name: string, hash: string, prepare?: (p: Page) => Promise<void>): Promise<void> => {
    await page.goto(`${h.info.uiUrl.split('?')[0]}#/${hash}`);
    await page.waitForSelector(`[data-testid="page-${hash}"]`);
    await prepare?.(page);
    await page.waitForTimeout(400); // let charts and thumbnails paint
    await page.screenshot({ path: join(OUT, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
  };
  await shot('instances', 'instances', async (p) => void (await p.waitForSelector('[data-testid="instance-row-blender"] img', { timeout: 30_000 })));
  await shot('instance-details', 'instances', async (p) => {
    await p.click('[data-testid="instance-row-blender"]');
    await p.waitForSelector('[data-testid="instance-thumbnail-large"]', { timeout: 30_000 });
  });
  await shot('approvals', 'approvals');
  await shot('approval-card', 'approvals', async (p) => void (await p.locator('[data-testid="approval-card"]').first().scrollIntoViewIfNeeded()));
  await shot('approval-history', 'approvals', async (p) => {
    await p.locator('[data-testid="history-toggle"]').first().click();
    await p.locator('[data-testid="before-after"]').first().scrollIntoViewIfNeeded();
    await p.waitForSelector('[data-testid="picture-after"]', { timeout: 30_000 });
  });
  await shot('sessions', 'sessions');
  await shot('traffic', 'traffic');
  await shot('traffic-calls', 'traffic', async (p) => {
    await p.fill('[data-testid="traffic-filter"]', 'dcc_execute');
    await p.locator('[data-testid="traffic-call-row"]').first().click();
  });
  await shot('catalog', 'catalog', async (p) => {
    await p.fill('[data-testid="catalog-search"]', 'sphere');
    await p.waitForSelector('[data-testid="catalog-result"]');
  });
  await shot('tools', 'tools');
  await shot('agents', 'agents');
  await shot('services', 'services');
  await shot('settings', 'settings');
  await browser.close();
  await client.close();
} finally {
  if (gui?.pid && gui.exitCode === null) {
    process.kill(-gui.pid, 'SIGTERM');
    await exited(gui);
  }
  await h.stop();
  killAll();
}
