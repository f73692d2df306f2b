/**
 * MCP session lifetime with the official SDK client: idle sessions expire, the stdio bridge ends its session
 * on exit (HTTP DELETE), and a `serve` process stopped with SIGTERM answers a call waiting for approval with a
 * clear "shutting down" rejection that reaches the agent.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { runStdioBridge } from '../../../src/main/core/cli/stdio-bridge';
import type { Hub } from '../../../src/main/core/hub';
import { mcpClient, startHub, startServe } from '../../helpers/hub';
import { exited, killAll } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

const hubs: Hub[] = [];
afterAll(async () => {
  for (const h of hubs) await h.stop();
  killAll();
});

describe('MCP sessions end', () => {
  it('an idle session expires: the hub drops it and the client is told to re-initialize', async () => {
    const { hub } = await startHub({ mcpSessionIdleMs: 300 });
    hubs.push(hub);
    const c = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
    await c.listTools();
    expect(hub.mcp.sessionCount).toBe(1);
    await waitFor(() => hub.mcp.sessionCount === 0, 'the idle session expired', 10_000);
    await expect(c.listTools()).rejects.toThrow(/not found: it expired, was ended, or the hub restarted/);
    await c.close();
  });

  it('the stdio bridge ends its session with DELETE when its stdin closes', async () => {
    const { hub } = await startHub();
    hubs.push(hub);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const bridge = runStdioBridge({ mcpUrl: hub.info!.mcpUrl, token: hub.bearerToken }, () => {}, stdin, stdout);
    stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bridged', version: '1' } } }) + '\n');
    await waitFor(() => out.includes('"id":1'), 'initialize answered');
    expect(hub.mcp.sessionCount).toBe(1);
    stdin.end();
    await bridge;
    expect(hub.mcp.sessionCount).toBe(0);
  });
});

describe('serve: SIGTERM while a call waits for approval', () => {
  it('the agent gets a clear "shutting down" rejection, not an empty response', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigterm-'));
    const { child, line } = await startServe(['--registry-dir', join(dir, 'reg'), '--data-dir', join(dir, 'data'), '--demo']);
    const ready = JSON.parse(line) as { mcpUrl: string; token: string };
    const c = await mcpClient(ready.mcpUrl, ready.token);
    await waitFor(async () => JSON.stringify((await c.callTool({ name: 'dcc_list_instances', arguments: {} })).content).includes('maya'), 'the demo maya', 20_000);
    let waiting = false;
    const call = c.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'return 1' } }, undefined, { onprogress: () => (waiting = true), timeout: 30_000 });
    await waitFor(() => waiting, 'the call waiting for approval', 10_000);
    child.kill('SIGTERM');
    const r = (await call) as CallToolResult;
    expect(r.isError).toBe(true);
    expect((r.content[0] as { text: string }).text).toMatch(/Script not run: the hub is shutting down/);
    expect(await exited(child)).toBe(0);
  }, 60_000);
});
