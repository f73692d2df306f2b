import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type HeadlessHub } from '../../../src/main/core/headless';
import { silentLogger } from '../../../src/main/core/log';
import { CLI, agentClient } from '../../helpers/hub';
import { waitFor } from '../../helpers/wait';

describe('the agent-session count is of live sessions', () => {
  let h: HeadlessHub;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liveness-'));
    h = await startHeadless({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, uiDir: null, cliPath: CLI });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('counts an SDK client while connected and stops counting it when it goes away without DELETE', async () => {
    const a = await agentClient(h.hub, 'first');
    const b = await agentClient(h.hub, 'second');
    await waitFor(() => h.api.status().counts.mcpSessions === 2, 'two live sessions');
    await a.client.close(); // the SDK client drops its connections; no DELETE is sent
    await waitFor(() => h.api.status().counts.mcpSessions === 1, 'one live session left');
    expect(h.hub.mcp.sessionCount).toBe(2); // the MCP session table itself still holds both
    await b.client.callTool({ name: 'dcc_list_instances', arguments: {} });
    expect(h.api.status().counts.mcpSessions).toBe(1);
    await b.client.close();
    await waitFor(() => h.api.status().counts.mcpSessions === 0, 'none live');
  });

  it("Settings snippets run the hub's own runtime, not a `node` looked up on PATH", async () => {
    const configs = (await h.api.dispatch('settings:clientConfigs', {})) as { client: string; snippet: string }[];
    const desktop = JSON.parse(configs.find((c) => c.client === 'claude-desktop')!.snippet) as { mcpServers: Record<string, { command: string }> };
    expect(desktop.mcpServers['dcc-mcp-hub']!.command).toBe(process.execPath);
    expect(configs.find((c) => c.client === 'codex')!.snippet).toContain(`command = ${JSON.stringify(process.execPath)}`);
  });
});
