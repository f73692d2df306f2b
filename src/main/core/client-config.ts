/**
 * "Copy client config" snippets (SPEC §9): ready-to-paste configuration for Claude Desktop, Cursor, VS Code
 * and Codex, pointing at this hub with its token.
 */
export type ClientId = 'claude-desktop' | 'cursor' | 'vscode' | 'codex';

export interface ClientConfig {
  client: ClientId;
  title: string;
  /** Where to paste it. */
  where: string;
  language: 'json' | 'toml';
  snippet: string;
}

export interface ClientConfigInput {
  mcpUrl: string;
  token: string;
  /** Absolute path of the `dcc-mcp-hub` launcher (bin/dcc-mcp-hub.js) for stdio-only clients. */
  cliPath: string;
  /** The data dir, when not the default, so `stdio` finds hub.json. */
  dataDir?: string;
  nodePath?: string;
  /** How stdio clients start the bridge; default: `node <cliPath>` (a development checkout or npm install). */
  bridge?: BridgeRuntime;
}

/**
 * How the stdio bridge is started: with a system node and bin/dcc-mcp-hub.js (npm installs, development), or
 * — in the packaged app, where artists rarely have node and node cannot read app.asar — with the app's own
 * executable in Node mode (`ELECTRON_RUN_AS_NODE=1`) on the self-contained script unpacked next to app.asar.
 */
export type BridgeRuntime = { kind: 'node'; cliPath: string; nodePath?: string } | { kind: 'electron'; execPath: string; script: string };

/** The command, arguments and environment of the stdio snippet. */
export function bridgeCommand(r: BridgeRuntime, dataDir?: string): { command: string; args: string[]; env?: Record<string, string> } {
  const tail = ['stdio', ...(dataDir ? ['--data-dir', dataDir] : [])];
  if (r.kind === 'electron') return { command: r.execPath, args: [r.script, ...tail], env: { ELECTRON_RUN_AS_NODE: '1' } };
  return { command: r.nodePath ?? 'node', args: [r.cliPath, ...tail] };
}

/** Snippets for every supported client. */
export function clientConfigs(i: ClientConfigInput): ClientConfig[] {
  const stdio = bridgeCommand(i.bridge ?? { kind: 'node', cliPath: i.cliPath, nodePath: i.nodePath }, i.dataDir);
  const auth = { Authorization: `Bearer ${i.token}` };
  return [
    {
      client: 'claude-desktop',
      title: 'Claude Desktop',
      where: 'Settings → Developer → Edit Config (claude_desktop_config.json); Claude Desktop speaks stdio, so it goes through the bridge',
      language: 'json',
      snippet: json({ mcpServers: { 'dcc-mcp-hub': stdio } }),
    },
    {
      client: 'cursor',
      title: 'Cursor',
      where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
      language: 'json',
      snippet: json({ mcpServers: { 'dcc-mcp-hub': { url: i.mcpUrl, headers: auth } } }),
    },
    {
      client: 'vscode',
      title: 'VS Code',
      where: '.vscode/mcp.json in your workspace (or "MCP: Add Server" → HTTP)',
      language: 'json',
      snippet: json({ servers: { 'dcc-mcp-hub': { type: 'http', url: i.mcpUrl, headers: auth } } }),
    },
    {
      client: 'codex',
      title: 'Codex',
      where: '~/.codex/config.toml',
      language: 'toml',
      snippet: `[mcp_servers.dcc-mcp-hub]\ncommand = ${JSON.stringify(stdio.command)}\nargs = [${stdio.args.map((a) => JSON.stringify(a)).join(', ')}]\n${stdio.env ? `env = { ${Object.entries(stdio.env).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')} }\n` : ''}`,
    },
  ];
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}
