import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Hub } from '../../../src/main/core/hub';
import { killAll } from '../../helpers/processes';
import { agentClient, mcpClient, startHub, startPlugin } from '../../helpers/hub';
import { waitFor } from '../../helpers/wait';

let hub: Hub;
let reg: string;
const clients: Client[] = [];
let maya: Awaited<ReturnType<typeof startPlugin>>;

beforeAll(async () => {
  ({ hub } = await startHub({ approval: 'auto' }));
  reg = hub.registryDir;
  maya = await startPlugin(reg, 'maya');
  await startPlugin(reg, 'blender');
  await waitFor(() => hub.sessions.list().filter((s) => s.instanceState === 'ready').length === 2, 'two ready instances', 15_000);
}, 30_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await hub.stop();
  killAll();
});

async function client(name = 'test-agent'): Promise<Client> {
  const c = await mcpClient(hub.info!.mcpUrl, hub.bearerToken, name);
  clients.push(c);
  return c;
}

const json = (r: unknown) => JSON.parse(((r as CallToolResult).content[0] as { text: string }).text) as Record<string, unknown>;

describe('MCP over Streamable HTTP with the official SDK client', () => {
  it('initializes and lists the code-mode tools and each instance\'s tools', async () => {
    const c = await client();
    expect(c.getServerVersion()?.name).toBe('dcc-mcp-hub');
    const { tools } = await c.listTools();
    const names = tools.map((t) => t.name);
    expect(names.slice(0, 3)).toEqual(['dcc_list_instances', 'dcc_search', 'dcc_execute']);
    expect(names).toEqual(expect.arrayContaining(['maya__create_object', 'maya__delete_object', 'blender__scene_info', 'maya__set_transform']));
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(tools.find((t) => t.name === 'maya__delete_object')!.annotations).toMatchObject({ destructiveHint: true });
    expect(tools.find((t) => t.name === 'maya__get_scene_summary')!.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('dcc_search holds the seed examples', async () => {
    const c = await client();
    const hit = json(await c.callTool({ name: 'dcc_search', arguments: { query: 'polygon sphere', dcc: 'maya' } }));
    expect((hit.results as { name: string }[])[0]!.name).toBe('polySphere');
    const across = json(await c.callTool({ name: 'dcc_search', arguments: { query: 'polygon sphere' } }));
    expect((across.results as { name: string }[]).map((r) => r.name)).toContain('polySphere');
    const none = json(await c.callTool({ name: 'dcc_search', arguments: { query: 'totally unrelated xyz' } }));
    expect(none.results).toEqual([]);
    expect(none.hint).toMatch(/Try fewer or more general words/);
  });

  it('dcc_execute runs a script end to end with output, stdout and dispatch', async () => {
    const c = await client();
    const r = json(await c.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'print("made it")\nreturn dispatch("create_object", {"name": "ball"})' } }));
    expect(r).toMatchObject({ success: true, output: 'ball', stdout: 'made it\n' });
    expect(r.message).toMatch(/^Script ran in \d+ ms on maya [0-9a-f]{8}\.$/);
  });

  it('names the live instances when instance is missing and ambiguous, or unknown', async () => {
    const c = await client();
    const amb = await c.callTool({ name: 'dcc_execute', arguments: { code: 'return 1' } });
    expect(amb.isError).toBe(true);
    expect(json(amb).message).toMatch(/Several DCCs are connected; pass "instance".*maya.*blender|Several DCCs are connected; pass "instance".*blender.*maya/);
    const unknown = await c.callTool({ name: 'dcc_execute', arguments: { instance: 'houdini', code: 'return 1' } });
    expect(json(unknown).message).toMatch(/no DCC instance matches "houdini"; live instances: /);
  });

  it('reports a script error with the trimmed traceback', async () => {
    const c = await client();
    const r = await c.callTool({ name: 'dcc_execute', arguments: { instance: 'blender', code: 'x = 1\nreturn x / 0' } });
    expect(r.isError).toBe(true);
    expect(json(r)).toMatchObject({ success: false, code: 'SCRIPT_ERROR', error: 'Traceback (most recent call last):\n  line 2, in <script>\nZeroDivisionError: division by zero' });
  });

  it('relays DCC progress as notifications/progress and cancels a running script', async () => {
    const c = await client();
    const progress: string[] = [];
    const ac = new AbortController();
    const running = c.callTool(
      { name: 'dcc_execute', arguments: { instance: 'maya', code: 'progress(1, 10, "warming up")\nwhile True:\n    pass', timeout_secs: 60 } },
      undefined,
      { signal: ac.signal, onprogress: (p) => progress.push(`${p.progress}/${p.total} ${p.message}`), timeout: 60_000 },
    );
    await waitFor(() => progress.includes('1/10 warming up'), 'progress notification');
    ac.abort('user gave up');
    await expect(running).rejects.toThrow();
    // The DCC stopped the loop: the next script runs at once on the same main thread.
    const after = json(await c.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'return "free"' } }));
    expect(after.output).toBe('free');
  });

  it('toggling a tool off removes it from tools/list, notifies, and refuses calls and dispatch()', async () => {
    const c = await client();
    let changed = 0;
    c.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed++;
    });
    hub.toggles.setEnabled('maya__delete_object', false);
    await waitFor(() => changed > 0, 'tools/list_changed');
    expect((await c.listTools()).tools.map((t) => t.name)).not.toContain('maya__delete_object');
    const direct = await c.callTool({ name: 'maya__delete_object', arguments: { name: 'crate' } });
    expect(direct.isError).toBe(true);
    expect(((direct as CallToolResult).content[0] as { text: string }).text).toMatch(/disabled in DCC MCP Hub/);
    const viaDispatch = json(await c.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'return dispatch("delete_object", {"name": "crate"})' } }));
    expect(viaDispatch.success).toBe(false);
    expect(viaDispatch.error).toMatch(/tool 'delete_object' is disabled in DCC MCP Hub/);
    hub.toggles.setEnabled('maya__delete_object', true);
    await waitFor(async () => (await c.listTools()).tools.some((t) => t.name === 'maya__delete_object'), 'tool back');
  });

  it('sends list_changed when an instance leaves and drops its tools', async () => {
    const houdini = await startPlugin(reg, 'houdini');
    const c = await client();
    await waitFor(async () => (await c.listTools()).tools.some((t) => t.name.startsWith('houdini__')), 'houdini tools');
    let changed = 0;
    c.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed++;
    });
    houdini.child.kill('SIGTERM');
    await waitFor(() => changed > 0, 'list_changed after the instance left', 10_000);
    expect((await c.listTools()).tools.some((t) => t.name.startsWith('houdini__'))).toBe(false);
  });

  it('reads dcc://instances and dcc://{instance}/scene', async () => {
    const c = await client();
    const list = await c.readResource({ uri: 'dcc://instances' });
    const instances = JSON.parse((list.contents[0] as { text: string }).text) as { dcc_type: string }[];
    expect(instances.map((i) => i.dcc_type).sort()).toEqual(expect.arrayContaining(['blender', 'maya']));
    const scene = await c.readResource({ uri: 'dcc://maya/scene' });
    expect(JSON.parse((scene.contents[0] as { text: string }).text)).toMatchObject({ name: 'untitled', statistics: { object_count: expect.any(Number) } });
    const templates = await c.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toContain('dcc://{instance}/scene');
  });

  it('ask: the call waits with progress until the user approves; deny never reaches the DCC', async () => {
    const { client: c, id } = await agentClient(hub, 'claude-desktop');
    clients.push(c);
    hub.approvals.setPolicy('agent', id, 'ask');
    const waiting: string[] = [];
    const call = c.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'return "approved run"' } }, undefined, { onprogress: (p) => waiting.push(p.message ?? ''), timeout: 30_000 });
    const pending = await waitFor(() => hub.approvals.list().pending[0], 'pending approval');
    expect(pending).toMatchObject({ agent: { id, name: 'claude-desktop', client: 'claude-desktop' }, dccType: 'maya', code: 'return "approved run"', policy: 'ask' });
    await waitFor(() => waiting.some((m) => /waiting for the user to approve/.test(m)), 'waiting progress');
    hub.approvals.decide(pending.id, { decision: 'approve' });
    expect(json(await call)).toMatchObject({ success: true, output: 'approved run' });

    const rejected = c.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'return 1' } });
    const second = await waitFor(() => hub.approvals.list().pending[0], 'second pending');
    hub.approvals.decide(second.id, { decision: 'reject', reason: 'not during lighting review' });
    expect(json(await rejected)).toMatchObject({ success: false, message: 'Script not run: not during lighting review' });

    hub.approvals.setPolicy('agent', id, 'deny');
    const denied = json(await c.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'dispatch("create_object", {"name": "should_not_exist"})\nreturn 1' } }));
    expect(denied).toMatchObject({ success: false, error: 'rejected' });
    const objects = json(await c.callTool({ name: 'maya__list_objects', arguments: {} }));
    expect(JSON.stringify(objects)).not.toContain('should_not_exist');
    hub.approvals.setPolicy('agent', id, null);
  });

  it('a killed DCC shows up as gone, and maya keeps working', async () => {
    const extra = await startPlugin(reg, 'max');
    await waitFor(() => hub.sessions.list().some((s) => s.row.dcc_type === 'max' && s.instanceState === 'ready'), 'max ready');
    extra.child.kill('SIGKILL');
    await waitFor(() => hub.sessions.list().find((s) => s.row.dcc_type === 'max')?.instanceState !== 'ready', 'max unreachable or gone', 10_000);
    const c = await client();
    expect(json(await c.callTool({ name: 'dcc_execute', arguments: { instance: 'maya', code: 'return 2' } })).output).toBe(2);
    expect(maya.child.exitCode).toBeNull();
  });
});

