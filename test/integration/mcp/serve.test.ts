import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI, PYTHON, mcpClient, startServe, type ReadyLine } from '../../helpers/hub';
import { ROOT, exited, killAll } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

type Ready = ReadyLine;

let ready: Ready;
let serveChild: Awaited<ReturnType<typeof startServe>>['child'];
let serveLog: () => string;
const dir = mkdtempSync(join(tmpdir(), 'serve-'));

beforeAll(async () => {
  const mcpConfig = join(dir, 'services.json');
  writeFileSync(mcpConfig, JSON.stringify({ mcpServers: { files: { command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'test/fixtures/mcp-servers/stdio-server.ts')] } } }));
  const { child, line, output } = await startServe(['--registry-dir', join(dir, 'reg'), '--data-dir', join(dir, 'data'), '--approval', 'auto', '--demo', '--mcp-config', mcpConfig]);
  serveChild = child;
  serveLog = output;
  ready = JSON.parse(line) as Ready;
}, 30_000);

afterAll(() => killAll());

/** A raw HTTP request to the hub, so headers can be anything a hostile page might send. */
function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; body: string }> {
  const url = new URL(ready.mcpUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: init.method ?? 'POST', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve({ status: -1, body: e.code }) : reject(e)));
    req.end(init.body);
  });
}

const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('serve: security on by default', () => {
  it('answers 401 without a token and with a wrong one, saying how to fix it', async () => {
    const none = await raw('/mcp', { headers: MCP_HEADERS, body: INIT });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).message).toMatch(/requires an agent credential.*dcc-mcp-hub stdio/);
    const wrong = await raw('/mcp', { headers: { ...MCP_HEADERS, authorization: 'Bearer nope-nope-nope-nope' }, body: INIT });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error).toBe('invalid_token');
  });

  it('answers 403 to an evil Host (DNS rebinding) and an evil Origin', async () => {
    const host = await raw('/mcp', { headers: { ...MCP_HEADERS, authorization: `Bearer ${ready.token}`, host: 'evil.example.com' }, body: INIT });
    expect(host.status).toBe(403);
    expect(JSON.parse(host.body).message).toMatch(/DNS-rebinding/);
    const origin = await raw('/mcp', { headers: { ...MCP_HEADERS, authorization: `Bearer ${ready.token}`, origin: 'https://evil.example.com' }, body: INIT });
    expect(origin.status).toBe(403);
    expect(JSON.parse(origin.body).error).toBe('forbidden_origin');
  });

  it('answers 413 to a 5 MiB body', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const r = await raw('/mcp', { headers: { ...MCP_HEADERS, authorization: `Bearer ${ready.token}`, 'content-length': String(big.length) }, body: big });
    // A connection reset is not an answer: the client must see the 413 and why.
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).message).toMatch(/exceeds the 4 MiB limit/);
    const chunked = await raw('/mcp', { headers: { ...MCP_HEADERS, authorization: `Bearer ${ready.token}`, 'transfer-encoding': 'chunked' }, body: big });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).message).toMatch(/exceeds the 4 MiB limit/);
  });

  it('refuses the UI without a panel credential and serves it for the one-time link (trading it for an HttpOnly cookie)', async () => {
    expect((await raw('/', { method: 'GET', headers: {} })).status).toBe(401);
    const ui = new URL(ready.uiUrl);
    const ok = await new Promise<{ status: number; cookie?: string[] }>((resolve) => {
      request({ host: ui.hostname, port: ui.port, path: ui.pathname + ui.search }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie'] });
      }).end();
    });
    expect(ok.status).toBe(200);
    expect(ok.cookie?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    expect(ok.cookie?.[0]).not.toContain(ready.token);
  });

  it('writes hub.json with the ready line and never logs the token', async () => {
    // hub.json is what the stdio bridge reads: the same fields, but never the one-time panel link.
    expect(JSON.parse(readFileSync(join(ready.dataDir, 'hub.json'), 'utf8'))).toEqual({ ...ready, uiUrl: ready.uiUrl.replace(/\?ticket=.*/, '') });
    // The log so far covers start-up, refused requests, and the UI link (printed with the token masked).
    const log = serveLog();
    expect(log).toMatch(/serving MCP at/);
    expect(log).toMatch(/control panel: one-time link in the ready line/);
    expect(log).not.toContain(ready.uiUrl.split('ticket=')[1]!);
    expect(log).not.toContain(ready.token);
  });
});

describe('serve: --mcp-config', () => {
  it('registers the file\'s services at start; their tools join /mcp', async () => {
    const c = await mcpClient(ready.mcpUrl, ready.token);
    await waitFor(async () => (await c.listTools()).tools.some((t) => t.name === 'files__echo'), 'files__echo on /mcp', 20_000);
    const r = (await c.callTool({ name: 'files__echo', arguments: { text: 'via config' } })) as CallToolResult;
    expect((r.content[0] as { text: string }).text).toBe('echo: via config');
    await c.close();
  }, 30_000);
});

describe('serve: outside clients', () => {
  it('the MCP Inspector 0.15 CLI lists tools through `dcc-mcp-hub stdio`', async () => {
    const c = await mcpClient(ready.mcpUrl, ready.token);
    await waitFor(async () => (await c.listTools()).tools.some((t) => t.name.startsWith('maya__')), 'demo instances', 15_000);
    await c.close();
    // The CLI of @modelcontextprotocol/inspector@0.15 (its `mcp-inspector --cli` wrapper resolves a hoisted
    // commander 5 in this tree and fails before it starts; the CLI package it launches is the same code).
    const r = spawnSync(join(ROOT, 'node_modules/.bin/mcp-inspector-cli'), ['--cli', process.execPath, CLI, 'stdio', '--data-dir', ready.dataDir, '--method', 'tools/list'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const names = (JSON.parse(r.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['dcc_search', 'dcc_execute', 'maya__create_object', 'blender__scene_info']));
  }, 90_000);

  it('20 concurrent MCP sessions × 100 calls across 3 DCCs: every reply matches its request', async () => {
    const { startPlugin } = await import('../../helpers/hub');
    await startPlugin(ready.registryDir, 'houdini');
    const probe = await mcpClient(ready.mcpUrl, ready.token);
    await waitFor(async () => (await probe.listTools()).tools.some((t) => t.name.startsWith('houdini__')), 'houdini', 15_000);
    await probe.close();
    const dccs = ['maya', 'blender', 'houdini'];
    const sessions = await Promise.all(Array.from({ length: 20 }, (_, i) => mcpClient(ready.mcpUrl, ready.token, `agent-${i}`)));
    const mismatches: string[] = [];
    await Promise.all(
      sessions.map(async (c, i) => {
        for (let k = 0; k < 100; k++) {
          const dcc = dccs[(i + k) % 3]!;
          const tag = `${i}-${k}-${dcc}`;
          const r = (await c.callTool({ name: 'dcc_execute', arguments: { instance: dcc, code: `import os\nreturn [${JSON.stringify(tag)}, os.getpid()]` } })) as CallToolResult;
          const out = JSON.parse((r.content[0] as { text: string }).text) as { output?: [string, number] };
          if (out.output?.[0] !== tag) mismatches.push(`${tag} → ${JSON.stringify(out)}`);
        }
      }),
    );
    await Promise.all(sessions.map((c) => c.close()));
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('serve: shutdown', () => {
  it('SIGTERM stops the hub with exit 0, stops the demo DCCs and their rows go', async () => {
    serveChild.kill('SIGTERM');
    expect(await exited(serveChild)).toBe(0);
    const rows = JSON.parse(readFileSync(join(ready.registryDir, 'services.json'), 'utf8')) as { dcc_type: string }[];
    expect(rows.filter((r) => r.dcc_type === 'maya' || r.dcc_type === 'blender')).toEqual([]);
    expect(spawnSync(PYTHON, ['--version']).status).toBe(0);
    expect(serveLog()).toMatch(/SIGTERM: shutting down/);
    expect(serveLog()).not.toContain(ready.token);
  });
});
