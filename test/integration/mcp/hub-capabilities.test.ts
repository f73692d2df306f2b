/**
 * The hub's own MCP capabilities (issue 13): logging (DCC log pushes and hub events, per-agent levels),
 * completions (instance ids, DCC types, scene object names), resources.subscribe (scene pushes), prompts with
 * the multi-instance prefix, and resumable streams (priming event with `retry`, replay after Last-Event-ID).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LoggingMessageNotificationSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Hub } from '../../../src/main/core/hub';
import type { InstanceRow } from '../../../src/main/core/sessions/types';
import { mcpClient, startHub, startPlugin } from '../../helpers/hub';
import { killAll, startNodePeer } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

const hubs: Hub[] = [];
const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  for (const h of hubs) await h.stop();
  killAll();
});

/** A raw MCP session over fetch (2025-11-25): the initialize response's text and the headers for later requests. */
async function rawSession(hub: Hub): Promise<{ url: string; h: Record<string, string>; initText: string }> {
  const url = hub.info!.mcpUrl;
  const headers = { authorization: `Bearer ${hub.bearerToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };
  const init = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) });
  const h = { ...headers, 'mcp-session-id': init.headers.get('mcp-session-id')! };
  const initText = await init.text();
  await fetch(url, { method: 'POST', headers: h, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  return { url, h, initText };
}

/** Two simulated instances of one dcc_type (node peers with a scene, a resource and a prompt). */
async function hubWithTwoInstances(): Promise<{ hub: Hub; ids: string[]; agent: Client }> {
  const { hub } = await startHub();
  hubs.push(hub);
  const dir = mkdtempSync(join(tmpdir(), 'caps-'));
  const ids: string[] = [];
  for (const n of ['a', 'b']) {
    const path = join(dir, `${n}.sock`);
    await startNodePeer(`unix://${path}`, '--rich');
    const id = randomUUID();
    ids.push(id);
    const row: InstanceRow = { dcc_type: 'maya', instance_id: id, host: '127.0.0.1', port: 0, transport_address: { type: 'unix_socket', path }, metadata: { dcclink: '1' }, lastHeartbeatMs: Date.now() };
    hub.sessions.upsert(row);
  }
  await waitFor(() => hub.sessions.list().filter((s) => s.instanceState === 'ready').length === 2, 'two ready instances', 15_000);
  const agent = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
  clients.push(agent);
  return { hub, ids, agent };
}

describe('the hub\'s own capabilities', () => {
  it('declares logging, completions and resources.subscribe; DCC prompts carry the multi-instance prefix', async () => {
    const { ids, agent } = await hubWithTwoInstances();
    expect(agent.getServerCapabilities()).toMatchObject({ logging: {}, completions: {}, resources: { subscribe: true, listChanged: true } });
    const prompts = (await agent.listPrompts()).prompts.map((p) => p.name).sort();
    const prefixes = ids.map((id) => `maya_${id.replace(/-/g, '').slice(0, 8)}`);
    expect(prompts).toEqual(prefixes.map((p) => `${p}__review`).sort());
    const got = await agent.getPrompt({ name: `${prefixes[0]}__review`, arguments: { object: 'Cube' } });
    expect(got.messages[0]!.content).toEqual({ type: 'text', text: 'Review Cube' });
  }, 30_000);

  it('completes instance ids, DCC types and scene object names', async () => {
    const { ids, agent } = await hubWithTwoInstances();
    const inst = await agent.complete({ ref: { type: 'ref/resource', uri: 'dcc://{instance}/scene' }, argument: { name: 'instance', value: '' } });
    expect(inst.completion.values.sort()).toEqual(['maya', ...ids].sort());
    const one = await agent.complete({ ref: { type: 'ref/resource', uri: 'dcc://{instance}/scene' }, argument: { name: 'instance', value: ids[1]!.slice(0, 6) } });
    expect(one.completion.values).toEqual([ids[1]]);
    const prefix = `maya_${ids[0]!.replace(/-/g, '').slice(0, 8)}`;
    const objs = await agent.complete({ ref: { type: 'ref/prompt', name: `${prefix}__review` }, argument: { name: 'object', value: 'c' } });
    expect(objs.completion).toEqual({ values: ['Camera', 'Cube'], total: 2, hasMore: false });
  }, 30_000);

  it('a scene push updates subscribers of dcc://{instance}/scene; DCC log pushes arrive as notifications/message at the agent\'s level', async () => {
    const { hub, ids, agent } = await hubWithTwoInstances();
    const updated: string[] = [];
    const logs: { level: string; logger?: string; data: unknown }[] = [];
    agent.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    agent.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
    const scene = `dcc://${ids[0]}/scene`;
    await agent.subscribeResource({ uri: scene });
    await hub.sessions.call(ids[1]!, 'push_now', { topic: 'scene.changed', data: { scene: 'other.ma' } });
    await hub.sessions.call(ids[0]!, 'push_now', { topic: 'scene.changed', data: { scene: 'shot.ma' } });
    await waitFor(() => updated.includes(scene), 'resources/updated for the subscribed scene');
    expect(updated).toEqual([scene]);
    await agent.unsubscribeResource({ uri: scene });

    await agent.setLoggingLevel('warning');
    await hub.sessions.call(ids[0]!, 'push_now', { topic: 'log', data: { level: 'debug', message: 'noise' } });
    await hub.sessions.call(ids[0]!, 'push_now', { topic: 'log', data: { level: 'warn', message: 'disk almost full' } });
    const fromDcc = () => logs.filter((l) => l.logger?.startsWith('maya/'));
    await waitFor(() => fromDcc().length > 0, 'a log notification');
    expect(fromDcc()).toEqual([{ level: 'warning', logger: `maya/${ids[0]!.slice(0, 8)}`, data: 'disk almost full' }]);
  }, 30_000);

  it('streams are resumable: every response stream starts with a priming event carrying retry', async () => {
    const { hub } = await startHub();
    hubs.push(hub);
    const { url, h, initText } = await rawSession(hub);
    expect(initText).toMatch(/^id: \S+\nretry: 1000\ndata: \n/m);
    const call = await (await fetch(url, { method: 'POST', headers: h, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) })).text();
    expect(call).toMatch(/^id: \S+\nretry: 1000\ndata: \n\n(event: message\n)?id: \S+\ndata: .*"dcc_execute"/m);
  }, 30_000);

  it('a delivered response is not kept for replay: a busy agent does not fill the event store', async () => {
    const { hub } = await startHub();
    hubs.push(hub);
    const agent = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
    clients.push(agent);
    const kept = hub.mcp.eventsKept();
    for (let i = 0; i < 50; i++) await agent.callTool({ name: 'dcc_list_instances', arguments: {} });
    await waitFor(() => hub.mcp.eventsKept() === kept, 'delivered calls forgotten');
    expect(hub.mcp.eventsKept()).toBe(kept);
  }, 30_000);

  it('a tools/call whose stream dropped while it waited for approval is answered when the agent resumes', async () => {
    const { hub } = await startHub({ approval: 'ask' });
    hubs.push(hub);
    await startPlugin(hub.registryDir, 'maya');
    await waitFor(() => hub.sessions.list().some((s) => s.instanceState === 'ready'), 'the plugin connected');
    const { url, h } = await rawSession(hub);
    // The call's stream: read its priming event, then the connection drops while the script waits for approval.
    const dropped = new AbortController();
    const call = await fetch(url, { method: 'POST', headers: h, signal: dropped.signal, body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'dcc_execute', arguments: { code: 'return 6 * 7' } } }) });
    const first = new TextDecoder().decode((await call.body!.getReader().read()).value);
    const priming = /^id: (\S+)\nretry: 1000\ndata: \n/m.exec(first)![1]!;
    dropped.abort();
    await waitFor(() => hub.approvals.list().pending.length === 1, 'the approval request');
    const { id } = hub.approvals.decide(hub.approvals.list().pending[0]!.id, { decision: 'approve' });
    await waitFor(() => hub.approvals.list().history.find((r) => r.id === id)?.result !== undefined, 'the script ran');
    const ac = new AbortController();
    const resumed = await fetch(url, { method: 'GET', headers: { ...h, 'last-event-id': priming }, signal: ac.signal });
    expect(resumed.status).toBe(200);
    const reader = resumed.body!.getReader();
    let seen = '';
    while (!seen.includes('"id":7')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    ac.abort();
    expect(seen).toMatch(/"id":7/);
    expect(seen).toContain('42');
  }, 30_000);

  it('a notification sent before the agent opened its GET stream is delivered when it opens it', async () => {
    const { hub } = await startHub();
    hubs.push(hub);
    const { url, h } = await rawSession(hub);
    // The tool list changes in the window between initialize and the agent's GET.
    const rebuilt = new Promise<void>((r) => hub.surface.once('changed', () => r()));
    hub.toggles.setEnabled('dcc_search', false);
    await rebuilt; // the hub has sent tools/list_changed (its listener runs first), with no GET stream open yet
    const ac = new AbortController();
    const get = await fetch(url, { method: 'GET', headers: { ...h, accept: 'text/event-stream' }, signal: ac.signal });
    expect(get.status).toBe(200);
    const reader = get.body!.getReader();
    let seen = '';
    while (!seen.includes('notifications/tools/list_changed')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    ac.abort();
    expect(seen).toContain('"method":"notifications/tools/list_changed"');
  }, 30_000);
});
