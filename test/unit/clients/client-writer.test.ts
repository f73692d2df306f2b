import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_TARGETS, type ClientEnv, type HubEndpoint } from '../../../src/main/core/clients/client-targets';
import { ClientConfigWriter } from '../../../src/main/core/clients/client-writer';

const HUB: HubEndpoint = { mcpUrl: 'http://127.0.0.1:8765/mcp', command: '/opt/hub/node', args: ['/opt/hub/bin/dcc-mcp-hub.js'], dataDir: '/data' };
const linux = (): ClientEnv => ({ home: mkdtempSync(join(tmpdir(), 'home-')), platform: 'linux', env: {} });
const at = new Date(2026, 11, 2, 4, 30, 5);

describe('client config locations', () => {
  it.each([
    ['claude-desktop', 'linux', '/h/.config/Claude/claude_desktop_config.json'],
    ['claude-desktop', 'darwin', '/h/Library/Application Support/Claude/claude_desktop_config.json'],
    ['claude-desktop', 'win32', '/appdata/Claude/claude_desktop_config.json'],
    ['claude-code', 'linux', '/h/.claude.json'],
    ['cursor', 'darwin', '/h/.cursor/mcp.json'],
    ['vscode', 'linux', '/h/.config/Code/User/mcp.json'],
    ['vscode', 'darwin', '/h/Library/Application Support/Code/User/mcp.json'],
    ['codex', 'linux', '/h/.codex/config.toml'],
  ] as const)('%s on %s → %s', (kind, platform, path) => {
    expect(CLIENT_TARGETS[kind].path({ home: '/h', platform, env: { APPDATA: '/appdata' } }).replace(/\\/g, '/')).toBe(path);
  });

  it('honours XDG_CONFIG_HOME and CODEX_HOME', () => {
    const e: ClientEnv = { home: '/h', platform: 'linux', env: { XDG_CONFIG_HOME: '/x', CODEX_HOME: '/c' } };
    expect(CLIENT_TARGETS.vscode.path(e)).toBe('/x/Code/User/mcp.json');
    expect(CLIENT_TARGETS.codex.path(e)).toBe('/c/config.toml');
  });
});

describe('ClientConfigWriter', () => {
  it('merges the URL into an existing Cursor config, keeps the other servers, backs the old file up', () => {
    const env = linux();
    mkdirSync(join(env.home, '.cursor'));
    const file = join(env.home, '.cursor', 'mcp.json');
    writeFileSync(file, JSON.stringify({ mcpServers: { files: { command: 'npx', args: ['fs'] } }, theme: 'dark' }, null, 2));
    const w = new ClientConfigWriter(env, () => at);
    const plan = w.plan('cursor', HUB, 'ignored');
    expect(plan.agent).toBeNull();
    expect(plan.diff.filter((d) => d.op === '+').map((d) => d.text.trim())).toContain('"url": "http://127.0.0.1:8765/mcp"');
    expect(plan.diff.some((d) => d.op === '-' && d.text.includes('files'))).toBe(false);
    const { backupPath } = w.apply(plan);
    expect(backupPath).toBe(`${file}.bak-20261202-043005`);
    expect(JSON.parse(readFileSync(backupPath!, 'utf8'))).toEqual({ mcpServers: { files: { command: 'npx', args: ['fs'] } }, theme: 'dark' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ mcpServers: { files: { command: 'npx', args: ['fs'] }, 'dcc-mcp-hub': { url: HUB.mcpUrl } }, theme: 'dark' });
    expect(w.status().find((s) => s.kind === 'cursor')).toMatchObject({ exists: true, configured: true, oauth: true });
  });

  it('creates a missing Claude Desktop config with a stdio entry naming the key agent, without a backup', () => {
    const env = linux();
    const w = new ClientConfigWriter(env, () => at);
    const plan = w.plan('claude-desktop', HUB, 'claude-desktop');
    expect(plan.exists).toBe(false);
    expect(w.apply(plan).backupPath).toBeNull();
    const doc = JSON.parse(readFileSync(join(env.home, '.config/Claude/claude_desktop_config.json'), 'utf8'));
    expect(doc.mcpServers['dcc-mcp-hub']).toEqual({ command: '/opt/hub/node', args: ['/opt/hub/bin/dcc-mcp-hub.js', 'stdio', '--data-dir', '/data', '--agent', 'claude-desktop'] });
  });

  it('refuses a file that is not JSON, naming line:column, and never touches it', () => {
    const env = linux();
    const file = join(env.home, '.claude.json');
    const bad = '{\n  "a": 1,\n  "b": oops\n}\n';
    writeFileSync(file, bad);
    const w = new ClientConfigWriter(env);
    expect(() => w.plan('claude-code', HUB, null)).toThrow(/line 3:8/);
    expect(readFileSync(file, 'utf8')).toBe(bad);
  });

  it('refuses to write when the file changed since the preview', () => {
    const env = linux();
    const file = join(env.home, '.claude.json');
    writeFileSync(file, '{}');
    const w = new ClientConfigWriter(env);
    const plan = w.plan('claude-code', HUB, null);
    writeFileSync(file, '{"changed": true}');
    expect(() => w.apply(plan)).toThrow(/changed since the preview/);
    expect(readFileSync(file, 'utf8')).toBe('{"changed": true}');
  });

  it('replaces only its own table in Codex TOML, keeping comments and other tables; twice gives one table', () => {
    const env = linux();
    mkdirSync(join(env.home, '.codex'));
    const file = join(env.home, '.codex', 'config.toml');
    writeFileSync(file, '# my settings\nmodel = "o3"\n\n[mcp_servers.dcc-mcp-hub]\ncommand = "old"\n\n[mcp_servers.dcc-mcp-hub.env]\nX = "1"\n\n[mcp_servers.other]\ncommand = "keep"\n');
    const w = new ClientConfigWriter(env, () => at);
    w.apply(w.plan('codex', HUB, 'codex'));
    const again = w.plan('codex', HUB, 'codex');
    expect(again.diff.every((d) => d.op === ' ')).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe('# my settings\nmodel = "o3"\n\n[mcp_servers.other]\ncommand = "keep"\n\n[mcp_servers.dcc-mcp-hub]\ncommand = "/opt/hub/node"\nargs = ["/opt/hub/bin/dcc-mcp-hub.js", "stdio", "--data-dir", "/data", "--agent", "codex"]\n');
    expect(readdirSync(join(env.home, '.codex')).filter((f) => f.includes('.bak-'))).toHaveLength(1);
  });

  it('writes an env table for the packaged runtime', () => {
    const env = linux();
    const w = new ClientConfigWriter(env);
    w.apply(w.plan('codex', { ...HUB, env: { ELECTRON_RUN_AS_NODE: '1' } }, 'codex'));
    expect(readFileSync(join(env.home, '.codex', 'config.toml'), 'utf8')).toContain('\n[mcp_servers.dcc-mcp-hub.env]\nELECTRON_RUN_AS_NODE = "1"\n');
  });

  it('tells which written configs point at another address than the hub serves on now', () => {
    const env = linux();
    const w = new ClientConfigWriter(env, () => at);
    w.apply(w.plan('cursor', HUB, null));
    w.apply(w.plan('claude-desktop', HUB, 'claude-desktop'));
    const now = (url: string) => Object.fromEntries(w.status(url).map((s) => [s.kind, { pointsAt: s.pointsAt, stale: s.stale }]));
    expect(now(HUB.mcpUrl)).toMatchObject({ cursor: { pointsAt: HUB.mcpUrl, stale: false }, 'claude-desktop': { pointsAt: null, stale: false }, vscode: { pointsAt: null, stale: false } });
    // The hub moved to another port: the URL entry no longer reaches it; the stdio entry (hub.json) still does.
    expect(now('http://127.0.0.1:9999/mcp')).toMatchObject({ cursor: { pointsAt: HUB.mcpUrl, stale: true }, 'claude-desktop': { stale: false } });
    expect(w.plan('cursor', { ...HUB, mcpUrl: 'http://127.0.0.1:9999/mcp' }, null)).toMatchObject({ stale: true, diff: expect.arrayContaining([{ op: '+', text: expect.stringContaining(':9999/mcp') }]) });
  });
});
