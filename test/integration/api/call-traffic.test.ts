import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type HeadlessHub } from '../../../src/main/core/headless';
import { silentLogger } from '../../../src/main/core/log';
import { CLI, agentClient, startPlugin } from '../../helpers/hub';
import { killAll } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

describe('agent-level traffic: each MCP call is a row correlated with the DCC frames it caused', () => {
  let h: HeadlessHub;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calltraffic-'));
    h = await startHeadless({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, uiDir: null, cliPath: CLI, approval: 'auto' });
    await startPlugin(h.hub.registryDir, 'maya');
    await waitFor(() => h.hub.sessions.list()[0]?.instanceState === 'ready', 'maya ready', 15_000);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    killAll();
  });

  it('records tools/call with agent, tool, target, duration and size, and tags the DccLink call and reply with it', async () => {
    const { client } = await agentClient(h.hub, 'claude-code');
    const big = 'x'.repeat(5000);
    await client.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: `return ${JSON.stringify(big)}` } });
    const frames = await waitFor(() => {
      const all = h.api.traffic.recent();
      return all.some((f) => f.source === 'agent' && f.type === 'Reply') ? all : null;
    }, 'agent reply row');
    const req = frames.find((f) => f.source === 'agent' && f.type === 'Call' && f.tool === 'dcc_execute')!;
    expect(req).toMatchObject({ agent: 'claude-code', method: 'tools/call', target: 'maya' });
    const res = frames.find((f) => f.source === 'agent' && f.type === 'Reply' && f.callId === req.callId)!;
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.size).toBeGreaterThan(5000);
    const caused = frames.filter((f) => f.source === undefined && f.callId === req.callId);
    expect(caused.map((f) => `${f.dir} ${f.type} ${f.method}`)).toEqual(expect.arrayContaining(['out Call dcc.execute', 'in Reply dcc.execute']));
    // The preview is cut; the full body is there, paged.
    expect(res.preview.length).toBeLessThan(400);
    const first = h.api.traffic.body(res.id, 0, 1000);
    expect(first).toMatchObject({ full: true, offset: 0 });
    expect(first.total).toBeGreaterThan(5000);
    const rest = h.api.traffic.body(res.id, 1000, 1_000_000);
    expect((first.text + rest.text).includes(big)).toBe(true);
    // The handshake and list calls of other agents do not get tagged with this call.
    await client.listTools();
    const list = await waitFor(() => h.api.traffic.recent().find((f) => f.source === 'agent' && f.method === 'tools/list' && f.type === 'Reply'), 'tools/list row');
    expect(list.callId).not.toBe(req.callId);
    expect(h.api.traffic.recent().some((f) => f.source === 'agent' && f.method === 'initialize')).toBe(false);
    await client.close();
  }, 30_000);
});
