/**
 * Where each supported agent client keeps its MCP configuration, per OS, and the entry the hub writes there.
 * OAuth-capable clients get only the URL (the hub's consent flow gives them their own identity); the others get a
 * stdio entry that runs the hub's own runtime with a named agent key (`dcc-mcp-hub stdio --agent NAME`).
 */
import { join } from 'node:path';

export type ClientKind = 'claude-desktop' | 'claude-code' | 'cursor' | 'vscode' | 'codex';
export const CLIENT_KINDS: readonly ClientKind[] = ['claude-desktop', 'claude-code', 'cursor', 'vscode', 'codex'];

/** The name of the hub's entry in every client config. */
export const SERVER_KEY = 'dcc-mcp-hub';

/** Where we are: injectable so tests run against a temporary HOME. */
export interface ClientEnv {
  home: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
}

/** How the hub is reached: its MCP URL, and the command line of its stdio bridge (no system `node` assumed). */
export interface HubEndpoint {
  mcpUrl: string;
  /** The runtime to launch (the packaged app's executable or the Node that runs `serve`). */
  command: string;
  /** Arguments before `stdio` (e.g. the CLI script path). */
  args: string[];
  /** Extra environment for the runtime (e.g. ELECTRON_RUN_AS_NODE=1 for the packaged app). */
  env?: Record<string, string>;
  dataDir: string;
}

export interface ClientTarget {
  kind: ClientKind;
  title: string;
  format: 'json' | 'toml';
  /** Connects through the hub's OAuth consent flow (URL only in the config). */
  oauth: boolean;
  /** The config file on this machine. */
  path(e: ClientEnv): string;
  /** The JSON path of the servers object (json format). */
  serversKey: string;
  /** The hub's entry; `agent` is the key agent's name for non-OAuth clients. */
  entry(h: HubEndpoint, agent: string | null): Record<string, unknown>;
}

function appData(e: ClientEnv): string {
  return e.env.APPDATA ?? join(e.home, 'AppData', 'Roaming');
}

/** The per-user application config dir: ~/Library/Application Support, %APPDATA% or $XDG_CONFIG_HOME. */
function configDir(e: ClientEnv): string {
  if (e.platform === 'darwin') return join(e.home, 'Library', 'Application Support');
  if (e.platform === 'win32') return appData(e);
  return e.env.XDG_CONFIG_HOME || join(e.home, '.config');
}

function stdioEntry(h: HubEndpoint, agent: string | null): Record<string, unknown> {
  const args = [...h.args, 'stdio', '--data-dir', h.dataDir, ...(agent ? ['--agent', agent] : [])];
  return { command: h.command, args, ...(h.env && Object.keys(h.env).length ? { env: h.env } : {}) };
}

export const CLIENT_TARGETS: Record<ClientKind, ClientTarget> = {
  'claude-desktop': {
    kind: 'claude-desktop',
    title: 'Claude Desktop',
    format: 'json',
    // Claude Desktop's config file only launches local (stdio) servers; remote ones are added in its UI.
    oauth: false,
    path: (e) => join(configDir(e), 'Claude', 'claude_desktop_config.json'),
    serversKey: 'mcpServers',
    entry: stdioEntry,
  },
  'claude-code': {
    kind: 'claude-code',
    title: 'Claude Code',
    format: 'json',
    oauth: true,
    path: (e) => join(e.home, '.claude.json'),
    serversKey: 'mcpServers',
    entry: (h) => ({ type: 'http', url: h.mcpUrl }),
  },
  cursor: {
    kind: 'cursor',
    title: 'Cursor',
    format: 'json',
    oauth: true,
    path: (e) => join(e.home, '.cursor', 'mcp.json'),
    serversKey: 'mcpServers',
    entry: (h) => ({ url: h.mcpUrl }),
  },
  vscode: {
    kind: 'vscode',
    title: 'VS Code',
    format: 'json',
    oauth: true,
    path: (e) => join(configDir(e), 'Code', 'User', 'mcp.json'),
    serversKey: 'servers',
    entry: (h) => ({ type: 'http', url: h.mcpUrl }),
  },
  codex: {
    kind: 'codex',
    title: 'Codex',
    format: 'toml',
    oauth: false,
    path: (e) => join(e.env.CODEX_HOME || join(e.home, '.codex'), 'config.toml'),
    serversKey: 'mcp_servers',
    entry: stdioEntry,
  },
};
