import { describe, expect, it } from 'vitest';
import { clientConfigs } from '../../../src/main/core/client-config';

describe('client config snippets', () => {
  const configs = clientConfigs({ mcpUrl: 'http://127.0.0.1:8765/mcp', token: 'tok123', cliPath: '/opt/hub/bin/dcc-mcp-hub.js', dataDir: '/data' });

  it('covers Claude Desktop, Cursor, VS Code and Codex with valid JSON/TOML', () => {
    expect(configs.map((c) => c.client)).toEqual(['claude-desktop', 'cursor', 'vscode', 'codex']);
    for (const c of configs.filter((x) => x.language === 'json')) expect(() => JSON.parse(c.snippet)).not.toThrow();
  });

  it('HTTP clients get the URL and the bearer token; stdio clients the bridge with the data dir', () => {
    expect(JSON.parse(configs[1]!.snippet)).toEqual({ mcpServers: { 'dcc-mcp-hub': { url: 'http://127.0.0.1:8765/mcp', headers: { Authorization: 'Bearer tok123' } } } });
    expect(JSON.parse(configs[2]!.snippet).servers['dcc-mcp-hub']).toMatchObject({ type: 'http', url: 'http://127.0.0.1:8765/mcp' });
    expect(JSON.parse(configs[0]!.snippet).mcpServers['dcc-mcp-hub']).toEqual({ command: 'node', args: ['/opt/hub/bin/dcc-mcp-hub.js', 'stdio', '--data-dir', '/data'] });
    expect(configs[3]!.snippet).toBe('[mcp_servers.dcc-mcp-hub]\ncommand = "node"\nargs = ["/opt/hub/bin/dcc-mcp-hub.js", "stdio", "--data-dir", "/data"]\n');
    expect(configs[0]!.snippet).not.toContain('tok123');
  });
});
