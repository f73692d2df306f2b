/**
 * The lossless hub (issue 13): `@modelcontextprotocol/server-everything` behind the hub, as a stdio and as a
 * Streamable HTTP service, compared with a direct connection in the same test; relays in both directions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CreateMessageRequestSchema, ElicitationCompleteNotificationSchema, LoggingMessageNotificationSchema, McpError, ResourceUpdatedNotificationSchema, type CallToolResult, type Root } from '@modelcontextprotocol/sdk/types.js';
import type { Hub, HubOptions } from '../../../src/main/core/hub';
import { AUDIT_FILE } from '../../../src/main/core/approvals/audit-log';
import { startHub } from '../../helpers/hub';
import { EVERYTHING, ROOTS, SAMPLED, agentClient, directClient, hubAgent, startEverythingHttp } from '../../helpers/everything';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ROOT, killAll } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

// Generous: this machine is shared and node + tsx start-up can take seconds.
const HEALTH = { intervalMs: 2_000, pingTimeoutMs: 5_000, connectTimeoutMs: 20_000, reconnectAfter: 3, retryBaseMs: 500 };
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const FIXTURE = { command: process.execPath, args: ['--import', TSX, join(ROOT, 'test/fixtures/mcp-servers/stdio-server.ts'), '--relay-tools'] };
const text = (r: unknown): string => ((r as CallToolResult).content.filter((c) => c.type === 'text') as { text: string }[]).map((c) => c.text).join('\n');
const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);
/** Items of one service with the `{service}__` prefix taken off the name, sorted. */
const unprefixed = <T extends { name: string }>(items: T[], service: string): T[] => items.filter((i) => i.name.startsWith(`${service}__`)).map((i) => ({ ...i, name: i.name.slice(service.length + 2) })).sort(byName);
const sorted = <T extends { name: string }>(items: T[]): T[] => [...items].sort(byName);
const rpcCode = async (p: Promise<unknown>): Promise<number | string> => p.then(() => 'resolved', (e: unknown) => (e instanceof McpError ? e.code : String(e)));

const missing = !EVERYTHING;
if (missing) {
  if (process.env.CI === 'true') throw new Error('@modelcontextprotocol/server-everything is not installed (npm devDependency) — required under CI');
  console.warn('SKIPPING lossless hub tests: @modelcontextprotocol/server-everything not installed (set SERVER_EVERYTHING_DIR or add the devDependency)');
}

const hubs: Hub[] = [];
const clients: Client[] = [];
const stops: (() => void)[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  for (const h of hubs) await h.stop();
  for (const s of stops) s();
  killAll();
});

async function hubWith(services: Record<string, unknown>, opts: Partial<HubOptions> = {}, roots?: Root[]): Promise<{ hub: Hub; agent: Client }> {
  const { hub } = await startHub({ serviceHealth: HEALTH, ...opts });
  hubs.push(hub);
  const r = await hub.services.add({ mcpServers: services }, { wait: 'all', timeoutMs: 40_000 });
  expect(r.every((x) => x.state === 'HEALTHY')).toBe(true);
  const agent = await hubAgent(hub.info!.mcpUrl, hub.bearerToken, 'test-agent', undefined, roots);
  clients.push(agent);
  // The surface is rebuilt a moment after a service turns HEALTHY.
  await waitFor(async () => {
    const names = (await agent.listTools()).tools.map((t) => t.name);
    return Object.keys(services).every((s) => names.some((n) => n.startsWith(`${s}__`)));
  }, 'service tools on the surface', 10_000);
  return { hub, agent };
}

/** Everything listed directly and through the hub, once the service registered its capability-dependent tools. */
async function lists(direct: Client, agent: Client, service: string) {
  await waitFor(async () => (await direct.listTools()).tools.some((t) => t.name === 'trigger-sampling-request'), 'conditional tools (direct)', 20_000);
  await waitFor(async () => (await agent.listTools()).tools.some((t) => t.name === `${service}__trigger-sampling-request`), 'conditional tools (hub)', 20_000);
  const [dt, ht, dr, hr, dtp, htp, dp, hp] = await Promise.all([direct.listTools(), agent.listTools(), direct.listResources(), agent.listResources(), direct.listResourceTemplates(), agent.listResourceTemplates(), direct.listPrompts(), agent.listPrompts()]);
  return { direct: { tools: sorted(dt.tools), resources: sorted(dr.resources), templates: sorted(dtp.resourceTemplates), prompts: sorted(dp.prompts) }, hub: { tools: unprefixed(ht.tools, service), resources: unprefixed(hr.resources, service), templates: unprefixed(htp.resourceTemplates, service), prompts: unprefixed(hp.prompts, service) } };
}

describe.skipIf(missing)('server-everything behind the hub vs a direct connection', () => {
  for (const kind of ['stdio', 'http'] as const) {
    it(`${kind}: every tool, resource, template and prompt is listed equal except the name prefix; calls and relays work`, async () => {
      const http = kind === 'http' ? await startEverythingHttp() : null;
      if (http) stops.push(http.stop);
      const direct = await directClient(kind, http?.url);
      clients.push(direct);
      const roots = [...ROOTS];
      const { hub, agent } = await hubWith({ ev: http ? { url: http.url } : { command: process.execPath, args: [EVERYTHING!, 'stdio'] } }, {}, roots);
      const subscribeCalls: string[] = [];
      const subscribe = hub.services.subscribe.bind(hub.services);
      hub.services.subscribe = (service, uri, on) => {
        subscribeCalls.push(`${on ? '+' : '-'}${service} ${uri}`);
        return subscribe(service, uri, on);
      };
      const l = await lists(direct, agent, 'ev');
      expect(l.direct.tools.length).toBeGreaterThanOrEqual(17);
      expect(l.direct.resources.length).toBeGreaterThan(0);
      expect(l.direct.templates.length).toBeGreaterThan(0);
      expect(l.direct.prompts.length).toBeGreaterThan(0);
      expect(l.hub).toEqual(l.direct);

      // Plain results pass through unchanged; a big one is capped at 24 KB with the note.
      expect(await agent.callTool({ name: 'ev__get-sum', arguments: { a: 2, b: 40 } })).toEqual(await direct.callTool({ name: 'get-sum', arguments: { a: 2, b: 40 } }));
      expect(await agent.callTool({ name: 'ev__get-structured-content', arguments: { location: 'New York' } })).toEqual(await direct.callTool({ name: 'get-structured-content', arguments: { location: 'New York' } }));
      const big = text(await agent.callTool({ name: 'ev__echo', arguments: { message: 'x'.repeat(60_000) } }));
      expect(Buffer.byteLength(big)).toBeLessThanOrEqual(24 * 1024);
      expect(big).toMatch(/…\[truncated: showing 24576 of 600\d\d bytes/);

      // Sampling, elicitation and roots: the service asks, the hub relays to this agent, the agent answers.
      expect(text(await agent.callTool({ name: 'ev__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 10 } }))).toContain(SAMPLED);
      expect(text(await agent.callTool({ name: 'ev__trigger-elicitation-request', arguments: {} }))).toContain('Ada');
      expect(text(await agent.callTool({ name: 'ev__get-roots-list', arguments: {} }))).toContain(ROOTS[0]!.uri);
      // The agent's roots change: the service hears roots/list_changed and asks again (outside any call).
      roots.push({ uri: 'file:///work/other', name: 'other' });
      await agent.sendRootsListChanged();
      await waitFor(async () => text(await agent.callTool({ name: 'ev__get-roots-list', arguments: {} })).includes('file:///work/other'), 'the new root seen by the service', 15_000);

      // Progress: every step arrives.
      const steps: number[] = [];
      await agent.callTool({ name: 'ev__trigger-long-running-operation', arguments: { duration: 1, steps: 4 } }, undefined, { onprogress: (p) => steps.push(p.progress) });
      expect(steps).toEqual([1, 2, 3, 4]);
      // URL elicitation (after the progress check: server-everything's own event store replays a stream's progress
      // again after its -32042 path, on a direct connection just the same).
      expect(text(await agent.callTool({ name: 'ev__trigger-url-elicitation', arguments: { url: 'https://example.com/auth' } }))).toContain('User completed the URL elicitation flow');
      // A service's "open this URL first" (-32042) reaches the agent as that JSON-RPC error, as it would directly.
      const urlRequired = async (c: Client, name: string) => c.callTool({ name, arguments: { url: 'https://example.com/x', errorPath: true } }).then(() => null, (e: unknown) => (e instanceof McpError ? { code: e.code, url: (e.data as { elicitations: { url: string }[] }).elicitations[0]!.url } : String(e)));
      expect(await urlRequired(agent, 'ev__trigger-url-elicitation')).toEqual(await urlRequired(direct, 'trigger-url-elicitation'));
      expect(await urlRequired(agent, 'ev__trigger-url-elicitation')).toBeNull(); // the retry proceeds (request path)

      // Resource links a tool returns are readable through the hub, with the same contents as directly.
      const links = (await agent.callTool({ name: 'ev__get-resource-links', arguments: { count: 3 } })).content as { type: string; uri?: string }[];
      const uris = links.filter((c) => c.type === 'resource_link').map((c) => c.uri!);
      expect(uris.length).toBe(3);
      // Dynamic resources say when they were made ("created at 7:46:25 AM", also inside base64 blobs): the two reads
      // may straddle a second, so the time is masked (blobs compared decoded).
      const at = (t: string): string => t.replace(/\d{1,2}:\d{2}:\d{2}\s?[AP]M/g, '<time>');
      const read = async (c: Client, uri: string) =>
        (await c.readResource({ uri })).contents.map((x) => ({ ...x, ...('text' in x ? { text: at(x.text) } : {}), ...('blob' in x ? { blob: at(Buffer.from(x.blob, 'base64').toString('utf8')) } : {}) }));
      for (const uri of uris) expect(await read(agent, uri)).toEqual(await read(direct, uri));
      const tpl = l.direct.templates[0]!.uriTemplate.replace(/\{[^}]+\}/, '1');
      expect(await read(agent, tpl)).toEqual(await read(direct, tpl));

      // Prompts and completions are the service's own.
      const p = l.direct.prompts.find((x) => x.name === 'completable-prompt')!;
      expect(p).toBeDefined();
      const args = { department: 'Engineering', name: 'Bob' };
      expect(await agent.getPrompt({ name: 'ev__completable-prompt', arguments: args })).toEqual(await direct.getPrompt({ name: 'completable-prompt', arguments: args }));
      expect(await agent.complete({ ref: { type: 'ref/prompt', name: 'ev__completable-prompt' }, argument: { name: 'department', value: 'E' } })).toEqual(await direct.complete({ ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } }));

      // Logging: the service's log messages reach the agent.
      const logs: string[] = [];
      agent.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(`${n.params.logger}:${String(n.params.data)}`));
      await agent.setLoggingLevel('debug');
      await agent.callTool({ name: 'ev__toggle-simulated-logging', arguments: {} });
      await waitFor(() => logs.some((x) => x.startsWith('ev')), 'a relayed service log message', 15_000);

      // resources/subscribe is relayed: the service's updates reach the subscribed agent.
      const updated: string[] = [];
      agent.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
      const sub = l.direct.resources[0]!.uri;
      await agent.subscribeResource({ uri: sub });
      await agent.callTool({ name: 'ev__toggle-subscriber-updates', arguments: {} });
      await waitFor(() => updated.includes(sub), 'a relayed resources/updated', 15_000);
      // The agent's session ends: the hub unsubscribes at the service (nobody else follows that URI).
      await (agent.transport as StreamableHTTPClientTransport).terminateSession();
      await waitFor(() => subscribeCalls.includes(`-ev ${sub}`), 'unsubscribed at the service when the session ended', 10_000);
      expect(subscribeCalls).toEqual([`+ev ${sub}`, `-ev ${sub}`]);
    }, 120_000);
  }

  it('two services offering the same URI make a read ambiguous (-32602); an unknown URI is -32002', async () => {
    const http = await startEverythingHttp();
    stops.push(http.stop);
    const { agent } = await hubWith({ a: { command: process.execPath, args: [EVERYTHING!, 'stdio'] }, b: { url: http.url } });
    const uri = (await agent.listResources()).resources.find((r) => r.name.startsWith('a__'))!.uri;
    await expect(agent.readResource({ uri })).rejects.toThrow(/Ambiguous resource .* offered by service a and service b/);
    expect(await rpcCode(agent.readResource({ uri }))).toBe(-32602);
    expect(await rpcCode(agent.readResource({ uri: 'demo://nothing/here' }))).toBe(-32002);
  }, 90_000);
});

describe('relays and protocol errors with the SDK fixture server', () => {
  it('cancellation reaches the service; log levels are honoured per agent; unknown tool and bad cursor are -32602', async () => {
    const { agent } = await hubWith({ fx: FIXTURE });
    // Cancel a running call: the service sees notifications/cancelled.
    const ac = new AbortController();
    const running = agent.callTool({ name: 'fx__sleep', arguments: { ms: 60_000 } }, undefined, { signal: ac.signal, onprogress: () => ac.abort('the user stopped it') });
    await expect(running).rejects.toThrow();
    await waitFor(async () => text(await agent.callTool({ name: 'fx__cancellations', arguments: {} })) === '1', 'the service saw the cancellation', 10_000);

    const logs: string[] = [];
    agent.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(`${n.params.level}:${String(n.params.data)}`));
    await agent.setLoggingLevel('warning');
    for (const [level, t] of [['info', 'quiet'], ['debug', 'quieter'], ['error', 'loud']] as const) await agent.callTool({ name: 'fx__log', arguments: { level, text: t } });
    await waitFor(() => logs.includes('error:loud'), 'the error-level message', 10_000);
    expect(logs.filter((x) => x.endsWith(':quiet') || x.endsWith(':quieter'))).toEqual([]);

    // A URL elicitation's completion notice reaches the agent that got the elicitation.
    const completed: string[] = [];
    agent.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => void completed.push(n.params.elicitationId));
    expect(text(await agent.callTool({ name: 'fx__url_flow', arguments: { id: 'login-42' } }))).toBe('accept');
    await waitFor(() => completed.includes('login-42'), 'notifications/elicitation/complete relayed', 10_000);

    expect(await rpcCode(agent.callTool({ name: 'fx__no_such_tool', arguments: {} }))).toBe(-32602);
    expect(await rpcCode(agent.listTools({ cursor: 'garbage' }))).toBe(-32602);
    expect(await rpcCode(agent.listTools({ cursor: '7' }))).toBe(-32602);
  }, 60_000);

  it('a destructive service tool passes the approval gate and its run is audited with its result', async () => {
    const { hub, agent } = await hubWith({ fx: FIXTURE }, { approval: 'auto' });
    expect(text(await agent.callTool({ name: 'fx__wipe', arguments: {} }))).toBe('wiped');
    const lines = readFileSync(join(hub.dataDir, AUDIT_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const result = lines.find((l) => l.event === 'result');
    expect(result).toMatchObject({ success: true, summary: expect.stringContaining('wiped') });
    expect(lines.some((l) => l.requestId === result!.requestId && l.event !== 'result')).toBe(true);
  }, 60_000);

  it.skipIf(missing)('a relayed request the agent never answers times out with an error to the service; service state changes are logged', async () => {
    const http = await startEverythingHttp();
    stops.push(http.stop);
    const { hub } = await startHub({ serviceHealth: { ...HEALTH, relayTimeoutMs: 500 } });
    hubs.push(hub);
    const agent = agentClient('slow-agent');
    agent.setRequestHandler(CreateMessageRequestSchema, () => new Promise<never>(() => {}));
    await agent.connect(new StreamableHTTPClientTransport(new URL(hub.info!.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${hub.bearerToken}` } } }));
    clients.push(agent);
    const logs: unknown[] = [];
    agent.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
    await agent.setLoggingLevel('info');
    await hub.services.add({ name: 'ev', url: http.url }, { wait: 'all', timeoutMs: 40_000 });
    await waitFor(() => logs.some((l) => JSON.stringify(l).includes('"state":"HEALTHY"')), 'a hub log of the service turning HEALTHY', 10_000);
    expect(logs).toContainEqual({ level: 'info', logger: 'hub', data: { event: 'service state', service: 'ev', state: 'HEALTHY' } });
    await waitFor(async () => (await agent.listTools()).tools.some((t) => t.name === 'ev__trigger-sampling-request'), 'sampling tool listed', 20_000);
    const r = (await agent.callTool({ name: 'ev__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/timed out/i);
  }, 60_000);

  it.skipIf(missing)('sampling from a service fails with a clear error when the agent did not declare it', async () => {
    const http = await startEverythingHttp();
    stops.push(http.stop);
    const { hub } = await hubWith({ ev: { url: http.url } });
    const plain = await hubAgent(hub.info!.mcpUrl, hub.bearerToken, 'plain-agent', {});
    clients.push(plain);
    await waitFor(async () => (await plain.listTools()).tools.some((t) => t.name === 'ev__trigger-sampling-request'), 'sampling tool listed', 20_000);
    const r = (await plain.callTool({ name: 'ev__trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/the agent "local" \(client "plain-agent"\) did not declare the sampling capability/);
  }, 60_000);
});
