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
}

/** Snippets for every supported client. */
export function clientConfigs(i: ClientConfigInput): ClientConfig[] {
  const node = i.nodePath ?? 'node';
  const stdioArgs = [i.cliPath, 'stdio', ...(i.dataDir ? ['--data-dir', i.dataDir] : [])];
  const auth = { Authorization: `Bearer ${i.token}` };
  return [
    {
      client: 'claude-desktop',
      title: 'Claude Desktop',
      where: 'Settings → Developer → Edit Config (claude_desktop_config.json); Claude Desktop speaks stdio, so it goes through the bridge',
      language: 'json',
      snippet: json({ mcpServers: { 'dcc-mcp-hub': { command: node, args: stdioArgs } } }),
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
      snippet: `[mcp_servers.dcc-mcp-hub]\ncommand = ${JSON.stringify(node)}\nargs = [${stdioArgs.map((a) => JSON.stringify(a)).join(', ')}]\n`,
    },
  ];
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}
