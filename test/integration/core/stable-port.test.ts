/**
 * Issue 14: snippets and written configs use a stable port. Real `serve` processes on one data dir: `--port 0`
 * picks a free port the first time and the same one after a restart; when another program holds it the hub serves
 * on a free port for that run and the panel API says so (and which written configs no longer reach it); the stdio
 * bridge follows on its own; "keep this port" makes the new one stick. An explicit `--port N` is exact.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, mcpClient, type ReadyLine } from '../../helpers/hub';
import { PanelClient, panelCookie } from '../../helpers/panel';
import { ROOT, exited, killAll, spawnUntil } from '../../helpers/processes';

const dir = mkdtempSync(join(tmpdir(), 'stable-port-'));
const home = join(dir, 'home');
const dataDir = join(dir, 'data');
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
const cursorFile = join(home, '.cursor', 'mcp.json');

interface Running {
  child: ChildProcess;
  ready: ReadyLine;
  port: number;
  panel: PanelClient;
  log: () => string;
}

async function serve(...portArgs: string[]): Promise<Running> {
  const { child, line, output } = await spawnUntil(process.execPath, [CLI, 'serve', ...portArgs, '--registry-dir', join(dir, 'reg'), '--data-dir', dataDir], 'DCC_MCP_HUB_READY ', 20_000, env);
  const ready = JSON.parse(line) as ReadyLine;
  const base = new URL(ready.mcpUrl).origin;
  return { child, ready, port: Number(new URL(ready.mcpUrl).port), panel: await PanelClient.open(base, await panelCookie(ready.uiUrl)), log: output };
}

async function stop(r: Running): Promise<void> {
  r.panel.close();
  r.child.kill('SIGTERM');
  expect(await exited(r.child)).toBe(0);
}

/** Writes the hub into Cursor's config through the panel API, as the guide does (preview, then apply). */
async function writeCursor(r: Running): Promise<void> {
  const plan = await r.panel.invoke('clients:preview', { client: 'cursor' });
  await r.panel.invoke('clients:apply', { client: 'cursor', beforeHash: plan.beforeHash });
}

function hold(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

afterAll(() => killAll());

describe('the hub keeps its port per data dir', () => {
  let first: number;
  let fallback: number;

  it('--port 0 picks a free port, and the same one after a restart; configs written then stay valid', async () => {
    const a = await serve('--port', '0');
    first = a.port;
    expect(first).toBeGreaterThan(0);
    await writeCursor(a);
    expect(JSON.parse(readFileSync(cursorFile, 'utf8')).mcpServers['dcc-mcp-hub'].url).toBe(a.ready.mcpUrl);
    await stop(a);

    const b = await serve('--port', '0');
    expect(b.port).toBe(first);
    expect(await b.panel.invoke('settings:get', {})).toMatchObject({ port: first, keptPort: first, portFallback: null });
    const cursor = (await b.panel.invoke('clients:list', {})).find((c) => c.kind === 'cursor')!;
    expect(cursor).toMatchObject({ configured: true, pointsAt: b.ready.mcpUrl, stale: false });
    await stop(b);
  }, 60_000);

  it('when another program holds it: a free port for this run, said in the log and the panel, with the configs that no longer reach it; stdio still does', async () => {
    const blocker = await hold(first);
    try {
      const c = await serve('--port', '0');
      fallback = c.port;
      expect(fallback).not.toBe(first);
      expect(c.log()).toContain(`port ${first} is in use by another program, so the hub serves on ${fallback} for now`);
      const view = await c.panel.invoke('settings:get', {});
      expect(view).toMatchObject({ port: fallback, keptPort: first, portFallback: expect.stringContaining(`configs written for ${first}`) });
      const cursor = (await c.panel.invoke('clients:list', {})).find((x) => x.kind === 'cursor')!;
      expect(cursor).toMatchObject({ stale: true, pointsAt: `http://127.0.0.1:${first}/mcp` });

      // The stdio bridge finds the running hub through hub.json: written stdio configs never depend on the port.
      const viaStdio = new Client({ name: 'stdio-agent', version: '1.0.0' });
      await viaStdio.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'stdio', '--data-dir', dataDir], cwd: ROOT, stderr: 'pipe', env: env as Record<string, string> }));
      expect((await viaStdio.listTools()).tools.map((t) => t.name)).toContain('dcc_execute');
      await viaStdio.close();
      // The snippets show the address that works now.
      const snippets = await c.panel.invoke('settings:clientConfigs', {});
      expect(snippets.find((s) => s.client === 'cursor')!.snippet).toContain(`:${fallback}/mcp`);

      // The artist keeps the new port and rewrites the config: nothing is stale any more.
      expect(await c.panel.invoke('settings:keepPort', {})).toMatchObject({ keptPort: fallback, portFallback: null });
      await writeCursor(c);
      expect((await c.panel.invoke('clients:list', {})).find((x) => x.kind === 'cursor')).toMatchObject({ stale: false, pointsAt: c.ready.mcpUrl });
      const agent = await mcpClient(JSON.parse(readFileSync(cursorFile, 'utf8')).mcpServers['dcc-mcp-hub'].url, c.ready.token);
      await agent.close();
      await stop(c);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    // The first port is free again, but the kept one is now the second.
    const d = await serve('--port', '0');
    expect(d.port).toBe(fallback);
    await stop(d);
  }, 60_000);

  it('an explicit --port N is used exactly and kept; taken, it is an error (no silent fallback)', async () => {
    const probe = await hold(0);
    const wanted = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const e = await serve('--port', String(wanted));
    expect(e.port).toBe(wanted);
    await stop(e);
    const f = await serve();
    expect(f.port).toBe(wanted); // no --port: the kept port
    await stop(f);
    const blocker = await hold(wanted);
    try {
      await expect(serve('--port', String(wanted))).rejects.toThrow(/EADDRINUSE|in use/);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 60_000);
});
