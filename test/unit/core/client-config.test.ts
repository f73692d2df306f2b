import { describe, expect, it } from 'vitest';
import { bridgeCommand, clientConfigs } from '../../../src/main/core/client-config';

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

  it('the packaged app runs the bridge with its own executable in Node mode, never a system node', () => {
    const rt = { kind: 'electron' as const, execPath: 'C:\\Program Files\\DCC MCP Hub\\DCC MCP Hub.exe', script: 'C:\\Program Files\\DCC MCP Hub\\resources\\app.asar.unpacked\\out\\bridge\\dcc-mcp-hub.cjs' };
    expect(bridgeCommand(rt, '/data')).toEqual({ command: rt.execPath, args: [rt.script, 'stdio', '--data-dir', '/data'], env: { ELECTRON_RUN_AS_NODE: '1' } });
    const packaged = clientConfigs({ mcpUrl: 'http://127.0.0.1:8765/mcp', token: 't', cliPath: '/unused', bridge: rt });
    expect(JSON.parse(packaged[0]!.snippet).mcpServers['dcc-mcp-hub']).toEqual({ command: rt.execPath, args: [rt.script, 'stdio'], env: { ELECTRON_RUN_AS_NODE: '1' } });
    expect(packaged[3]!.snippet).toBe(`[mcp_servers.dcc-mcp-hub]\ncommand = ${JSON.stringify(rt.execPath)}\nargs = [${JSON.stringify(rt.script)}, "stdio"]\nenv = { ELECTRON_RUN_AS_NODE = "1" }\n`);
    expect(JSON.stringify(packaged)).not.toContain('"node"');
  });
});
