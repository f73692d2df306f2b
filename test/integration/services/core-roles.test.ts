import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../src/main/core/hub';
import { HubApi } from '../../../src/main/core/api/hub-api';
import type { InstanceView } from '../../../src/shared/api';
import { mcpClient, PYTHON, startHub } from '../../helpers/hub';
import { killAll, ROOT, spawnUntil } from '../../helpers/processes';
import { RegistryWriter } from '../../helpers/registry-writer';
import { waitFor } from '../../helpers/wait';

const FAST = { intervalMs: 100, pingTimeoutMs: 300, connectTimeoutMs: 1_500, reconnectAfter: 2, retryBaseMs: 150 };
const LONG_TOOL = `maya-rigging-skill__${'build_'.repeat(12)}auto_rig_biped`.slice(0, 100);
const httpServer = (...args: string[]) => spawnUntil(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/mcp-servers/http-server.ts'), ...args], 'HTTP_READY ');
const serviceName = (dcc: string, id: string): string => `${dcc}_${id.replace(/-/g, '').slice(0, 8)}`;

let hub: Hub;
let api: HubApi;
beforeAll(async () => {
  ({ hub } = await startHub({ serviceHealth: FAST }));
  api = new HubApi(hub, { cliPath: '' });
}, 30_000);
afterAll(async () => {
  await hub.stop();
  killAll();
});

const view = (id: string): InstanceView | undefined => api.instances().find((i) => i.id === id);

describe('dcc-mcp-core rows by role (SPEC §3)', () => {
  it('a gateway sentinel row is shown as "dcc-mcp-core gateway" and not aggregated; an IPC-only row is listed as unreachable', async () => {
    const gw = await spawnUntil(PYTHON, [join(ROOT, 'test/fixtures/registry/core_writer.py'), hub.registryDir, '--dcc', '__gateway__', '--port', '9765', '--role', 'gateway-sentinel', '--interval-ms', '1000'], 'CORE_READY ');
    const ipc = await spawnUntil(PYTHON, [join(ROOT, 'test/fixtures/registry/core_writer.py'), hub.registryDir, '--dcc', 'houdini', '--interval-ms', '1000'], 'CORE_READY ');
    await waitFor(() => view(gw.line) && view(ipc.line), 'both rows listed');
    expect(view(gw.line)).toMatchObject({ origin: 'dcc-mcp-core', role: 'gateway', adapterVersion: '0.9.3', adapterDcc: 'maya', service: null, note: expect.stringMatching(/^dcc-mcp-core gateway/) });
    expect(view(ipc.line)).toMatchObject({ role: 'ipc-only', state: 'unreachable', note: 'not reachable from the hub (dcc-mcp-core IPC endpoint)', service: null });
    expect(hub.services.list().filter((s) => s.source === 'dcc-mcp-core')).toEqual([]);
    gw.child.kill('SIGTERM');
    ipc.child.kill('SIGTERM');
    // Rows that leave stay listed as gone for a while (like any DCC that left), no longer live.
    await waitFor(() => view(gw.line)?.goneAtMs !== undefined && view(ipc.line)?.goneAtMs !== undefined, 'rows gone');
  }, 30_000);

  it('the opt-in setting aggregates the gateway instead of the per-DCC servers', async () => {
    const gwId = randomUUID();
    const dccId = randomUUID();
    const gw = await httpServer('--register-dir', hub.registryDir, '--instance-id', gwId, '--row', JSON.stringify({ dcc_type: '__gateway__', metadata: { dcc_mcp_role: 'gateway-sentinel' } }));
    const dcc = await httpServer('--register-dir', hub.registryDir, '--instance-id', dccId);
    await waitFor(() => hub.services.get(serviceName('maya', dccId))?.state === 'HEALTHY', 'per-DCC server aggregated', 10_000);
    expect(hub.services.get(serviceName('__gateway__', gwId))).toBeUndefined();
    hub.settings.update((s) => void (s.coreGateway = true));
    await waitFor(() => hub.services.get(serviceName('__gateway__', gwId))?.state === 'HEALTHY', 'gateway aggregated', 10_000);
    expect(hub.services.get(serviceName('maya', dccId))).toBeUndefined();
    hub.settings.update((s) => void (s.coreGateway = false));
    await waitFor(() => hub.services.get(serviceName('maya', dccId)) && !hub.services.get(serviceName('__gateway__', gwId)), 'back to per-DCC servers', 10_000);
    gw.child.kill('SIGTERM');
    dcc.child.kill('SIGTERM');
  }, 30_000);

  it('a booting row waits; once available it is aggregated; metadata.mcp_url wins over host:port', async () => {
    const id = randomUUID();
    const real = await httpServer();
    // The row's own port points nowhere; only mcp_url is right.
    const w = new RegistryWriter(hub.registryDir);
    await w.register({ dcc_type: 'blender', instance_id: id, port: 9, pid: process.pid, status: 'booting', metadata: { mcp_url: real.line } });
    await waitFor(() => view(id)?.role === 'booting', 'booting row listed');
    expect(view(id)).toMatchObject({ state: 'registered', service: null, note: expect.stringMatching(/booting/) });
    await w.updateStatus('blender', id, 'available');
    await waitFor(() => hub.services.get(serviceName('blender', id))?.state === 'HEALTHY', 'aggregated through mcp_url', 10_000);
    expect(view(id)).toMatchObject({ role: 'mcp-server', state: 'ready', transport: real.line });
    await w.deregister('blender', id);
    real.child.kill('SIGTERM');
  }, 30_000);

  it('a sidecar without tools/list gets a clear note and offers the tools its row advertises', async () => {
    const id = randomUUID();
    const tools = [{ name: 'shout', description: 'Upper-case text', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } }];
    const side = await httpServer('--sidecar', '--register-dir', hub.registryDir, '--instance-id', id, '--row', JSON.stringify({ metadata: { dcc_mcp_role: 'per-dcc-sidecar' }, extras: { tools } }));
    const name = serviceName('maya', id);
    await waitFor(() => hub.services.get(name)?.state === 'HEALTHY', 'sidecar healthy', 10_000);
    expect(view(id)).toMatchObject({ role: 'sidecar', state: 'ready', note: expect.stringMatching(/answers no tools\/list \(dcc-mcp-core sidecar\); offering the 1 tool its registry row advertises/) });
    const c = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
    await waitFor(async () => (await c.listTools()).tools.some((t) => t.name === `${name}__shout`), 'advertised tool listed');
    expect(JSON.stringify((await c.callTool({ name: `${name}__shout`, arguments: { text: 'side' } })).content)).toContain('SIDE');
    await c.close();
    side.child.kill('SIGTERM');
  }, 30_000);

  it('re-lists a server\'s tools when its row changes, and gives long skill names stable readable names ≤ 64', async () => {
    const id = randomUUID();
    const srv = await httpServer('--numbered-tools', '--long-tool', '--register-dir', hub.registryDir, '--instance-id', id);
    const name = serviceName('maya', id);
    await waitFor(() => hub.services.get(name)?.tools.some((t) => t.name === 'gen_1'), 'first listing', 10_000);
    await new RegistryWriter(hub.registryDir).patch('maya', id, { version: '2026.0' });
    await waitFor(() => hub.services.get(name)?.tools.some((t) => t.name === 'gen_2'), 're-listed after the row changed', 10_000);
    const c = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
    const long = await waitFor(async () => (await c.listTools()).tools.map((t) => t.name).find((n) => n.startsWith(name) && n.includes('maya-rigging')), 'long tool on /mcp');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    // Readable: the service, the skill's head and the action's tail survive; a hash of the full name keeps it unique.
    expect(long.startsWith(`${name}__maya-rigging`)).toBe(true);
    expect(long).toMatch(/_[0-9a-f]{6}$/);
    expect(long.slice(0, -7).endsWith(LONG_TOOL.slice(-12))).toBe(true);
    expect(hub.services.tools().find((t) => t.tool === LONG_TOOL)!.qualifiedName).toBe(long);
    expect(JSON.stringify((await c.callTool({ name: long, arguments: { text: 'rig' } })).content)).toContain('RIG');
    await c.close();
    srv.child.kill('SIGTERM');
  }, 30_000);
});
