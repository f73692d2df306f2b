/**
 * The first-run guide in Chromium against `serve` with a temporary HOME: "Connect an agent" merges the hub into an
 * existing Claude Desktop config (diff shown first, backup kept), the written stdio entry really runs as the named
 * agent through the SDK's stdio client, and the guide ticks on that agent's first call. Cursor gets the URL only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI } from '../helpers/hub';
import { killAll, spawnUntil } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';

const blender = spawnSync('sh', ['-c', 'command -v blender']).status === 0;

describe.runIf(chromiumAvailable() && (blender || process.env.CI === 'true'))('first-run guide: connect an agent, in Chromium against `serve`', () => {
  let dir: string;
  let home: string;
  let browser: Browser;
  let page: Page;
  let info: { uiUrl: string; mcpUrl: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-first-'));
    home = join(dir, 'home');
    mkdirSync(join(home, '.config', 'Claude'), { recursive: true });
    writeFileSync(join(home, '.config', 'Claude', 'claude_desktop_config.json'), JSON.stringify({ mcpServers: { files: { command: 'npx', args: ['-y', 'fs-server'] } } }, null, 2));
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const r = await spawnUntil(process.execPath, [CLI, 'serve', '--port', '0', '--registry-dir', join(dir, 'reg'), '--data-dir', join(dir, 'data')], 'DCC_MCP_HUB_READY ', 20_000, env);
    info = JSON.parse(r.line) as typeof info;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    killAll();
  });

  it('writes Claude Desktop config after showing the diff, and ticks when that agent makes its first call', async () => {
    const file = join(home, '.config', 'Claude', 'claude_desktop_config.json');
    await page.goto(info.uiUrl);
    await page.waitForSelector('[data-testid="first-run-guide"]');
    await page.click('[data-testid="connect-claude-desktop"]');
    await page.waitForSelector('[data-testid="connect-diff"]');
    const diff = (await page.textContent('[data-testid="connect-diff"]')) ?? '';
    expect(diff).toMatch(/\+\s+"--agent",/);
    expect(diff).toContain('"files"');
    expect(readFileSync(file, 'utf8')).not.toContain('dcc-mcp-hub'); // nothing written before confirming
    await page.click('[data-testid="connect-write"]');
    await page.waitForSelector('[data-testid="guide-connected"]');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: Record<string, { command: string; args: string[] }> };
    expect(Object.keys(doc.mcpServers)).toEqual(['files', 'dcc-mcp-hub']);
    const entry = doc.mcpServers['dcc-mcp-hub']!;
    expect(entry.command).toBe(process.execPath); // the hub's own runtime, not a `node` looked up on PATH
    expect(entry.args.slice(-2)).toEqual(['--agent', 'claude-desktop']);
    expect(readdirSync(join(home, '.config', 'Claude')).filter((f) => f.includes('.bak-'))).toHaveLength(1);
    expect(await page.getAttribute('[data-testid="guide-step-agent"]', 'data-done')).toBe('false');

    // The agent is launched exactly as Claude Desktop would: the written command line, over stdio.
    const client = new Client({ name: 'Claude Desktop', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env: { ...process.env, HOME: home } as Record<string, string>, stderr: 'pipe' }));
    await client.callTool({ name: 'dcc_list_instances', arguments: {} });
    await page.waitForSelector('[data-testid="guide-step-agent"][data-done="true"]', { timeout: 10_000 });
    expect(await page.textContent('[data-testid="guide-first-call"]')).toContain('claude-desktop made its first call');
    await client.close();
  }, 60_000);

  it('gives an OAuth client (Cursor) the URL only, creating the file', async () => {
    await page.click('[data-testid="connect-cursor"]');
    await page.waitForSelector('[data-testid="connect-plan"]');
    expect(await page.textContent('[data-testid="connect-plan"]')).toContain('New file');
    await page.click('[data-testid="connect-write"]');
    const file = join(home, '.cursor', 'mcp.json');
    await page.waitForSelector('[data-testid="connect-plan"]', { state: 'detached' });
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ mcpServers: { 'dcc-mcp-hub': { url: info.mcpUrl } } });
  });

  it('installs and enables the Blender add-on for this user with one click (real Blender), and writes the Maya module', async () => {
    await page.waitForSelector('[data-testid="install-blender"]');
    await page.click('[data-testid="install-blender"]');
    await page.waitForSelector('[data-testid="install-done"]', { timeout: 150_000 });
    const text = (await page.textContent('[data-testid="install-done"]')) ?? '';
    const dir = /Installed at (\S+dcc_mcp_hub)/.exec(text)?.[1];
    expect(dir?.startsWith(home)).toBe(true);
    expect(existsSync(join(dir!, 'dcc_mcp_plugin', 'plugin.py'))).toBe(true);
    await page.click('[data-testid="install-maya"]');
    await page.waitForSelector(`[data-testid="install-done"]:has-text("${join(home, 'maya', 'modules', 'dcc_mcp_hub.mod')}")`);
  }, 180_000);

  it('refuses a config that is not JSON with line:column and leaves it alone', async () => {
    const file = join(home, '.claude.json');
    writeFileSync(file, '{\n  "projects": {,\n}\n');
    await page.click('[data-testid="connect-claude-code"]');
    await page.waitForSelector('[data-testid="connect-error"]');
    expect(await page.textContent('[data-testid="connect-error"]')).toMatch(/\.claude\.json is not valid JSON at line 2:16/);
    expect(readFileSync(file, 'utf8')).toBe('{\n  "projects": {,\n}\n');
  });
});
