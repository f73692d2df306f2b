/**
 * The trust model through the real `serve` process (issue 10): two roles with two credentials, identities from
 * credentials (never clientInfo), rotation and revocation ending sessions at once, no secret in logs or `ps`.
 */
import { readFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI, mcpClient, startServe, type ReadyLine } from '../../helpers/hub';
import { PanelClient, get, openWs, panelCookie } from '../../helpers/panel';
import { ROOT, killAll, spawnUntil } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';
import { spawnSync } from 'node:child_process';

type Ready = ReadyLine;

const dir = mkdtempSync(join(tmpdir(), 'trust-'));
let ready: Ready;
let base: string;
let stderr = '';
let panel: PanelClient;
let cookie: string;
let pid: number;

beforeAll(async () => {
  const { child, line } = await startServe(['--registry-dir', join(dir, 'reg'), '--data-dir', join(dir, 'data'), '--demo']);
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  pid = child.pid!;
  ready = JSON.parse(line) as Ready;
  base = new URL(ready.mcpUrl).origin;
  cookie = await panelCookie(ready.uiUrl);
  panel = await PanelClient.open(base, cookie);
}, 30_000);

afterAll(() => {
  panel?.close();
  killAll();
});

function rawPost(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    request({ host: u.hostname, port: u.port, path, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let b = '';
      res.on('data', (d: Buffer) => (b += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
    })
      .on('error', reject)
      .end(body);
  });
}

/** Ends the MCP session (DELETE) and closes the client, as a well-behaved agent does. */
async function end(c: Client): Promise<void> {
  await (c.transport as StreamableHTTPClientTransport).terminateSession();
  await c.close();
}

const exec = (c: Client, code: string) => c.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code } }) as Promise<CallToolResult>;
const pendingFor = async (agentId: string) => (await panel.invoke('approvals:list', {})).pending.filter((p) => p.agent.id === agentId);

describe('two roles, two credentials', () => {
  it('the ready line keeps the agent token out of the panel link', () => {
    expect(ready.uiUrl).toMatch(/\?ticket=/);
    expect(ready.uiUrl).not.toContain(ready.token);
  });

  it('an agent credential opens /mcp only: never the UI, its WebSocket API or a panel link', async () => {
    const bearer = { authorization: `Bearer ${ready.token}` };
    expect((await get(`${base}/`, bearer)).status).toBe(401);
    expect((await get(`${base}/?token=${ready.token}`)).status).toBe(401);
    expect((await get(`${base}/?ticket=${ready.token}`)).status).toBe(401);
    expect((await get(`${base}/index.html`, bearer)).status).toBe(401);
    expect((await openWs(base, bearer)).status).toBe(401);
    expect((await openWs(`${base}`, { cookie: `dcc_mcp_hub_ui=${ready.token}` })).status).toBe(401);
    expect((await rawPost('/api/panel-link', bearer, '')).status).toBe(401);
    expect((await rawPost('/api/panel-link', { 'x-dcc-mcp-admin-secret': ready.token }, '')).status).toBe(401);
    // The one-time link works once.
    expect((await get(ready.uiUrl)).status).toBe(401);
  });

  it('the panel session works over the WebSocket and a fresh link comes only with the admin secret', async () => {
    expect((await panel.invoke('hub:status', {})).version).toBeTruthy();
    const r = spawnSync(process.execPath, [CLI, 'panel', '--data-dir', ready.dataDir], { encoding: 'utf8', cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    const link = r.stdout.trim();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?ticket=/);
    expect((await get(link)).status).toBe(200);
    expect((await get(link)).status).toBe(401);
  });
});

describe('identity comes from the credential, never from clientInfo', () => {
  let claudeId = '';
  let claudeKey = '';

  it('trust granted to one agent is not inherited by another that calls itself the same', async () => {
    const created = await panel.invoke('agents:createKey', { name: 'claude-code' });
    claudeId = created.agent.id;
    claudeKey = created.key;
    expect(readFileSync(created.keyFile, 'utf8').trim()).toBe(created.key);
    const claude = await mcpClient(ready.mcpUrl, claudeKey, 'claude-code');
    await waitFor(async () => (await claude.listTools()).tools.some((t) => t.name.startsWith('maya__')), 'demo maya', 15_000);
    const first = exec(claude, 'return 1');
    await waitFor(async () => (await pendingFor(claudeId)).length === 1, 'claude-code request pending');
    const [req] = await pendingFor(claudeId);
    expect(req!.agent).toMatchObject({ id: claudeId, name: 'claude-code', client: 'claude-code' });
    await panel.invoke('approvals:decide', { id: req!.id, decision: 'approve_trust' });
    expect(JSON.parse(((await first).content[0] as { text: string }).text)).toMatchObject({ success: true, output: 1 });
    // Trusted now: runs without a card.
    expect(JSON.parse(((await exec(claude, 'return 2')).content[0] as { text: string }).text)).toMatchObject({ success: true, output: 2 });
    const trust = (await panel.invoke('agents:list', {})).trust;
    expect(trust).toEqual([expect.objectContaining({ agentId: claudeId, agentName: 'claude-code', dccType: 'maya' })]);

    // The local key, presenting clientInfo "claude-code", is still the local agent and still asks.
    const impostor = await mcpClient(ready.mcpUrl, ready.token, 'claude-code');
    const asked = exec(impostor, 'return 3');
    await waitFor(async () => (await pendingFor('local')).length === 1, 'impostor asks');
    const [imp] = await pendingFor('local');
    expect(imp!.agent).toMatchObject({ id: 'local', name: 'local', client: 'claude-code' });
    await panel.invoke('approvals:decide', { id: imp!.id, decision: 'reject', reason: 'not you' });
    expect(((await asked).content[0] as { text: string }).text).toMatch(/not you/);

    // Per-agent tool scopes follow the identity too.
    await panel.invoke('tools:setAgentVisibility', { agent: claudeId, name: 'dcc_search', visible: false });
    expect((await claude.listTools()).tools.map((t) => t.name)).not.toContain('dcc_search');
    expect((await impostor.listTools()).tools.map((t) => t.name)).toContain('dcc_search');
    await end(impostor);
    await end(claude);
  }, 60_000);

  it('a session id works only with the credential of the agent that opened it', async () => {
    const claude = await mcpClient(ready.mcpUrl, claudeKey, 'claude-code');
    const sid = (claude.transport as unknown as { sessionId: string }).sessionId;
    const ride = await rawPost('/mcp', { authorization: `Bearer ${ready.token}`, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' }, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }));
    expect(ride.status).toBe(404);
    await end(claude);
  });

  it('revoking an agent ends its MCP session at once and its key stops working', async () => {
    const claude = await mcpClient(ready.mcpUrl, claudeKey, 'claude-code');
    await claude.listTools();
    const { agents } = await panel.invoke('agents:list', {});
    expect(agents.find((a) => a.id === claudeId)).toMatchObject({ method: 'key', sessions: 1 });
    const keyFile = agents.find((a) => a.id === claudeId)!.keyFile!;
    await panel.invoke('agents:revoke', { id: claudeId });
    await expect(claude.listTools()).rejects.toThrow();
    expect((await rawPost('/mcp', { authorization: `Bearer ${claudeKey}` }, '{}')).status).toBe(401);
    expect(existsSync(keyFile)).toBe(false);
    expect((await panel.invoke('agents:list', {})).trust).toEqual([]);
  });
});

describe('rotation ends every session made with the old credential', () => {
  it('a new local key ends the local agent\'s MCP sessions; the old key is refused', async () => {
    const c = await mcpClient(ready.mcpUrl, ready.token);
    await c.listTools();
    const { token } = await panel.invoke('settings:regenerateToken', {});
    await expect(c.listTools()).rejects.toThrow();
    expect((await rawPost('/mcp', { authorization: `Bearer ${ready.token}` }, '{}')).status).toBe(401);
    expect(JSON.parse(readFileSync(join(ready.dataDir, 'hub.json'), 'utf8')).token).toBe(token);
    const again = await mcpClient(ready.mcpUrl, token);
    expect((await again.listTools()).tools.length).toBeGreaterThan(0);
    await again.close();
    ready.token = token;
  });

  it('a new panel credential closes open panel connections and refuses old cookies', async () => {
    const other = await PanelClient.open(base, cookie);
    const { uiUrl } = await panel.invoke('settings:rotatePanelCredential', {});
    expect(await other.closed).toBe(4401);
    expect(await panel.closed).toBe(4401);
    expect((await openWs(base, { cookie })).status).toBe(401);
    expect((await get(`${base}/`, { cookie })).status).toBe(401);
    cookie = await panelCookie(uiUrl);
    panel = await PanelClient.open(base, cookie);
    expect((await panel.invoke('hub:status', {})).version).toBeTruthy();
  });
});

describe('agent keys for stdio clients', () => {
  it('`stdio --agent NAME` authenticates as that agent with its own key file', async () => {
    const { agent } = await panel.invoke('agents:createKey', { name: 'codex' });
    const c = new Client({ name: 'codex-cli', version: '1' });
    await c.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'stdio', '--data-dir', ready.dataDir, '--agent', 'codex'], cwd: ROOT, stderr: 'pipe' }));
    await c.callTool({ name: 'dcc_list_instances', arguments: {} });
    const view = (await panel.invoke('agents:list', {})).agents.find((a) => a.id === agent.id)!;
    expect(view).toMatchObject({ name: 'codex', client: 'codex-cli', sessions: 1 });
    expect(view.calls).toBeGreaterThan(0);
    await c.close();
    const bad = spawnSync(process.execPath, [CLI, 'stdio', '--data-dir', ready.dataDir, '--agent', 'nobody'], { encoding: 'utf8', cwd: ROOT, input: '' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/no key for agent "nobody"/);
  }, 30_000);
});

describe('no secret in logs or ps', () => {
  it('the hub logged none of the tokens, keys, tickets or cookies it handled', () => {
    expect(stderr.length).toBeGreaterThan(0);
    const secrets = [ready.token, ready.uiUrl.split('ticket=')[1]!, cookie.split('=')[1]!, readFileSync(join(ready.dataDir, 'admin.secret'), 'utf8').trim()];
    for (const s of secrets) expect(stderr).not.toContain(s);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(ready.token);
  });

  it('--token-file and $DCC_MCP_HUB_TOKEN keep the key out of the command line', async () => {
    const key = 'file-key-0123456789abcdef-0123';
    const file = join(dir, 'key.txt');
    writeFileSync(file, key + '\n', { mode: 0o600 });
    const a = await startServe(['--registry-dir', join(dir, 'reg2'), '--data-dir', join(dir, 'data2'), '--token-file', file]);
    expect(readFileSync(`/proc/${a.child.pid}/cmdline`, 'utf8')).not.toContain(key);
    const ra = JSON.parse(a.line) as Ready;
    expect(ra.token).toBe(key);
    expect((await (await mcpClient(ra.mcpUrl, key)).listTools()).tools.length).toBeGreaterThan(0);
    const envKey = 'env-key-0123456789abcdef-0123';
    const b = await spawnUntil(process.execPath, [CLI, 'serve', '--port', '0', '--registry-dir', join(dir, 'reg3'), '--data-dir', join(dir, 'data3')], 'DCC_MCP_HUB_READY ', 20_000, { ...process.env, DCC_MCP_HUB_TOKEN: envKey });
    expect(readFileSync(`/proc/${b.child.pid}/cmdline`, 'utf8')).not.toContain(envKey);
    expect((JSON.parse(b.line) as Ready).token).toBe(envKey);
  }, 40_000);
});
