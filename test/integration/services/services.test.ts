import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ServiceManager } from '../../../src/main/core/services/service-manager';
import { silentLogger } from '../../../src/main/core/log';
import { agentClient, mcpClient, startHub } from '../../helpers/hub';
import { ROOT, exited, groupMembers, killAll, spawnUntil } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

// The stdio fixture runs under tsx, which compiles it at start: on a busy 2-core CI machine that alone can take
// seconds, so the connect deadline leaves room for it (the ping and retry timing stay fast).
const FAST = { intervalMs: 100, pingTimeoutMs: 300, connectTimeoutMs: 6_000, reconnectAfter: 2, retryBaseMs: 150 };
// tsx by absolute path, so the server also starts from another working directory.
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const STDIO = { command: process.execPath, args: ['--import', TSX, join(ROOT, 'test/fixtures/mcp-servers/stdio-server.ts')] };
const managers: ServiceManager[] = [];
afterAll(async () => {
  for (const m of managers) await m.close();
  killAll();
});

function manager(dir = mkdtempSync(join(tmpdir(), 'svc-'))): ServiceManager {
  const m = new ServiceManager(dir, silentLogger, FAST);
  managers.push(m);
  return m;
}

const httpServer = (...args: string[]) => spawnUntil(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/mcp-servers/http-server.ts'), ...args], 'HTTP_READY ');
const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('external MCP services against real SDK servers', () => {
  it('a stdio and a Streamable HTTP service reach HEALTHY; their tools appear on the hub\'s /mcp and calls pass through', async () => {
    const { hub } = await startHub({ serviceHealth: FAST });
    try {
      const { line: url } = await httpServer();
      const results = await hub.services.add({ mcpServers: { files: { ...STDIO, env: { FIXTURE_ENV: 'yes' } }, web: { url } } }, { wait: 'all', timeoutMs: 15_000 });
      expect(results).toEqual([
        { name: 'files', ok: true, state: 'HEALTHY' },
        { name: 'web', ok: true, state: 'HEALTHY' },
      ]);
      const c = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
      await waitFor(async () => (await c.listTools()).tools.some((t) => t.name === 'web__shout'), 'service tools on /mcp');
      const names = (await c.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['files__echo', 'files__add', 'web__shout']));
      expect(text(await c.callTool({ name: 'files__add', arguments: { a: 2, b: 40 } }))).toBe('42');
      expect(text(await c.callTool({ name: 'web__shout', arguments: { text: 'hi' } }))).toBe('HI');
      await c.close();
    } finally {
      await hub.stop();
    }
  }, 40_000);

  it('pages tools/list every 64 tools, scopes service tools per agent, and gates destructive service tools', async () => {
    const { hub } = await startHub({ serviceHealth: FAST, approval: 'deny' });
    try {
      await hub.services.add({ name: 'big', command: STDIO.command, args: [...STDIO.args, '--many', '100'] }, { wait: ['big'], timeoutMs: 15_000 });
      const { client: c, id: claude } = await agentClient(hub, 'claude-code');
      await waitFor(async () => (await c.listTools()).nextCursor !== undefined, 'a second page');
      const first = await c.listTools();
      expect(first.tools).toHaveLength(64);
      const rest = await c.listTools({ cursor: first.nextCursor });
      const all = [...first.tools, ...rest.tools].map((t) => t.name);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual(expect.arrayContaining(['big__tool_000', 'big__tool_099', 'big__wipe', 'dcc_execute']));
      const wipe = (await c.callTool({ name: 'big__wipe', arguments: {} })) as CallToolResult;
      expect(wipe.isError).toBe(true);
      expect(text(wipe)).toMatch(/^Not run: the approval policy for claude-code on big is "deny"/);
      hub.services.setAgentScope(claude, { services: [] });
      await waitFor(async () => !(await c.listTools()).tools.some((t) => t.name.startsWith('big__')), 'service tools hidden from this agent');
      // Scopes follow the credential: another agent (even one calling itself claude-code) still sees the service.
      const other = await mcpClient(hub.info!.mcpUrl, hub.bearerToken, 'claude-code');
      expect((await other.listTools()).nextCursor).toBeDefined();
      await Promise.all([c.close(), other.close()]);
    } finally {
      await hub.stop();
    }
  }, 40_000);

  it('registration returns before connecting (phase 1) even with a dead URL, and the service ends UNREACHABLE', async () => {
    // How fast phase 1 returns is measured in bench/services.bench.ts; here: it returns before any connection.
    const m = manager();
    const r = await m.add({ name: 'dead', url: 'http://127.0.0.1:9/mcp' });
    expect(r).toEqual([{ name: 'dead', ok: true, state: 'INITIALIZING' }]);
    await waitFor(() => m.get('dead')!.state === 'UNREACHABLE', 'unreachable');
    expect(m.get('dead')!.lastError).toMatch(/fetch failed|ECONNREFUSED|connect/i);
  });

  it('a killed server goes WARNING/RECONNECTING → UNREACHABLE, and HEALTHY again when it comes back', async () => {
    const { child, line: url } = await httpServer();
    const port = new URL(url).port;
    const m = manager();
    await m.add({ name: 'flaky', url }, { wait: ['flaky'] });
    expect(m.get('flaky')!.state).toBe('HEALTHY');
    child.kill('SIGKILL');
    await exited(child);
    await waitFor(() => m.get('flaky')!.state === 'UNREACHABLE', 'unreachable after kill', 10_000);
    const states = m.get('flaky')!.life.history.map((h) => h.to);
    expect(states).toContain('RECONNECTING');
    expect(m.tools().some((t) => t.service === 'flaky')).toBe(false);
    await httpServer('--port', port);
    await waitFor(() => m.get('flaky')!.state === 'HEALTHY', 'healthy again', 10_000);
    expect(m.tools().map((t) => t.qualifiedName)).toContain('flaky__shout');
  }, 30_000);

  it('a server that never answers initialize ends UNREACHABLE while another stays HEALTHY', async () => {
    const { line: hung } = await httpServer('--hang');
    const m = manager();
    const added = await m.add({ mcpServers: { hung: { url: hung }, ok: STDIO } });
    expect(added.map((a) => a.state)).toEqual(['INITIALIZING', 'INITIALIZING']);
    await waitFor(() => m.get('ok')!.state === 'HEALTHY', 'ok healthy', 15_000);
    expect(m.tools().map((t) => t.qualifiedName)).toContain('ok__echo');
    await waitFor(() => m.get('hung')!.state === 'UNREACHABLE', 'hung unreachable', 15_000);
    expect(m.get('hung')!.lastError).toMatch(/initialize did not answer within 6000 ms|timed out/i);
  }, 30_000);

  it('runs a stdio service with its configured env and cwd, capturing its stderr into the log', async () => {
    const lines: string[] = [];
    const log = { ...silentLogger, info: (m: string) => void lines.push(m), child: () => log };
    const cwd = mkdtempSync(join(tmpdir(), 'svc-cwd-'));
    const m = new ServiceManager(mkdtempSync(join(tmpdir(), 'svc-')), log, FAST);
    managers.push(m);
    await m.add({ name: 'envy', ...STDIO, env: { FIXTURE_ENV: 'from-config' }, cwd }, { wait: ['envy'] });
    await waitFor(() => lines.some((l) => l.includes('service envy stderr: fixture stdio server ready')), 'stderr in the log', 15_000);
    const line = lines.find((l) => l.includes('fixture stdio server ready'))!;
    expect(line).toContain('FIXTURE_ENV=from-config');
    expect(line).toContain(`cwd=${cwd}`);
  });

  it('a command that does not exist is UNREACHABLE with a clear error', async () => {
    const m = manager();
    await m.add({ name: 'ghost', command: 'definitely-not-a-command-xyz' }, { wait: ['ghost'] });
    expect(m.get('ghost')!.state).toBe('UNREACHABLE');
    expect(m.get('ghost')!.lastError).toMatch(/cannot start "definitely-not-a-command-xyz"/);
  });

  it('invalid configs come back per service while valid ones register (partial failure)', async () => {
    const m = manager();
    const r = await m.add([{ name: 'good', command: 'definitely-not-a-command-xyz' }, { name: 'both', url: 'http://h', command: 'x' }, { url: 'http://nameless' }]);
    expect(r).toEqual([
      { name: 'both', ok: false, error: 'service "both": give either "url" (a remote server) or "command" (a local stdio server), not both' },
      { ok: false, error: 'service config needs a "name"' },
      { name: 'good', ok: true, state: 'INITIALIZING' },
    ]);
  });

  it('persists atomically; a new manager on the same data dir brings the services back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svc-persist-'));
    const m1 = manager(dir);
    await m1.add({ mcpServers: { files: STDIO } }, { wait: 'all' });
    m1.setAgentScope('cursor', { services: ['files'] });
    await m1.close();
    expect(JSON.parse(readFileSync(join(dir, 'mcp.json'), 'utf8'))).toEqual({ mcpServers: { files: { transport: 'stdio', ...STDIO } } });
    expect(JSON.parse(readFileSync(join(dir, 'agent_services.json'), 'utf8'))).toEqual({ cursor: { services: ['files'] } });
    const m2 = manager(dir);
    expect(m2.loadPersisted()).toEqual([{ name: 'files', ok: true, state: 'INITIALIZING' }]);
    await waitFor(() => m2.get('files')!.state === 'HEALTHY', 'back after restart', 15_000);
    expect(m2.tools('cursor').map((t) => t.tool).sort()).toEqual(['add', 'echo', 'wipe']);
    m2.setAgentScope('claude', { services: [] });
    expect(m2.tools('claude')).toEqual([]);
  }, 30_000);

  it('stdio services run as process groups: remove() and close() leave no process behind', async () => {
    const m = manager();
    await m.add({ name: 'grp', command: STDIO.command, args: [...STDIO.args, '--spawn-grandchild'] }, { wait: ['grp'] });
    const conn = m.get('grp')!;
    expect(conn.state).toBe('HEALTHY');
    const pid = (conn as unknown as { transport: { pid: number } }).transport.pid;
    expect(alive(pid)).toBe(true);
    await waitFor(() => groupMembers(pid).length >= 2, 'server and its grandchild running', 15_000);
    await m.remove('grp');
    // The whole group went, grandchild included.
    await waitFor(() => groupMembers(pid).length === 0, 'no process left in the service group');
    // And on shutdown: close() reaps every service's group.
    const m2 = manager();
    await m2.add({ name: 'grp2', command: STDIO.command, args: [...STDIO.args, '--spawn-grandchild'] }, { wait: ['grp2'] });
    const pid2 = (m2.get('grp2') as unknown as { transport: { pid: number } }).transport.pid;
    await waitFor(() => groupMembers(pid2).length >= 2, 'second group running', 15_000);
    await m2.close();
    expect(groupMembers(pid2)).toEqual([]);
  }, 30_000);

  it('mirrors dcc-mcp-core MCP servers from the registry and drops them when their row goes', async () => {
    const { hub } = await startHub({ serviceHealth: FAST });
    try {
      const id = randomUUID();
      const { child } = await httpServer('--register-dir', hub.registryDir, '--instance-id', id);
      const name = `maya_${id.replace(/-/g, '').slice(0, 8)}`;
      await waitFor(() => hub.services.get(name)?.state === 'HEALTHY', 'dcc-mcp-core service healthy', 10_000);
      expect(hub.services.get(name)!.source).toBe('dcc-mcp-core');
      const c = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
      await waitFor(async () => (await c.listTools()).tools.some((t) => t.name === `${name}__shout`), 'its tools on /mcp');
      await c.close();
      child.kill('SIGKILL');
      await exited(child);
      await waitFor(() => !hub.services.get(name), 'dropped with its row', 10_000);
      expect(existsSync(join(hub.dataDir, 'mcp.json')) ? readFileSync(join(hub.dataDir, 'mcp.json'), 'utf8') : '').not.toContain(name);
    } finally {
      await hub.stop();
    }
  }, 30_000);
});
