/**
 * `tools/call` of a trivial DCC tool through the hub (SDK client → hub → Python plugin → hub → client) vs the
 * same SDK client calling the same trivial tool on a bare SDK Streamable HTTP server. Both servers run in processes
 * of their own (an agent is never inside the hub), the hub as `serve` from the build with the DCC plugin beside it.
 * The hub's client is an agent with its own key (per-agent auth: credential lookup, identity-bound session,
 * scopes) and the hub's streams are resumable (priming event, event store). Calls alternate between the two in
 * rounds after a warm-up of both, so neither side is measured while the other's JIT or the machine's load
 * settles. Goal ≤ 1.2× p50. Needs the build (`npx electron-vite build`).
 *
 * The SDK client transport passes one long-lived AbortSignal to every fetch; undici adds an abort listener per
 * request and drops it only when the Request is garbage-collected, so thousands of sequential calls trip Node's
 * MaxListenersExceeded warning (not a hub leak: the hub is not involved). The bench gives each POST its own
 * signal, linked to the transport's until the response has arrived.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, killAll, spawnUntil } from '../test/helpers/processes';
import { startPlugin, startServe } from '../test/helpers/hub';
import { PanelClient, panelCookie } from '../test/helpers/panel';
import { nowUs, quantile, report } from './stats';

const N = 1500;
const ROUNDS = 10;

/** fetch with a per-request signal for POSTs (see the header comment); GET streams keep the transport's. */
const perRequestSignal: typeof fetch = async (input, init) => {
  const shared = init?.signal;
  if (!shared || init?.method === 'GET') return fetch(input, init);
  const own = new AbortController();
  const onAbort = (): void => own.abort(shared.reason);
  shared.addEventListener('abort', onAbort, { once: true });
  try {
    return await fetch(input, { ...init, signal: own.signal });
  } finally {
    shared.removeEventListener('abort', onAbort);
  }
};

async function mcpClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: perRequestSignal, requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

async function bareServer(): Promise<string> {
  const { line } = await spawnUntil(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/peers/bare-mcp-server.ts')], 'HTTP_READY ');
  return line.trim();
}

/**
 * Times `tools/call` on each [client, tool] in alternating rounds (after a warm-up of all), so a change in the
 * machine's load or a late JIT weighs on every side alike.
 */
async function measureRounds(sides: [Client, string][]): Promise<number[][]> {
  const one = async ([c, name]: [Client, string], n: number, out?: number[]): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const t = nowUs();
      await c.callTool({ name, arguments: {} });
      out?.push(nowUs() - t);
    }
  };
  for (const side of sides) await one(side, 300);
  const out = sides.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < sides.length; i++) await one(sides[i]!, N / ROUNDS, out[i]);
  return out;
}

/** `serve` with one plugin, and a client that is an agent with its own key (created over the panel API). */
async function hubClient(): Promise<Client> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mcp-'));
  const { line } = await startServe(['--registry-dir', join(dir, 'reg'), '--data-dir', join(dir, 'data'), '--approval', 'auto']);
  const info = JSON.parse(line) as { mcpUrl: string; uiUrl: string };
  await startPlugin(join(dir, 'reg'), 'maya');
  const panel = await PanelClient.open(new URL(info.uiUrl).origin, await panelCookie(info.uiUrl));
  const { key } = await panel.invoke('agents:createKey', { name: 'bench-agent' });
  panel.ws.close();
  const c = await mcpClient(info.mcpUrl, key);
  for (let i = 0; i < 200 && !(await c.listTools()).tools.some((t) => t.name === 'maya__get_scene_summary'); i++) await new Promise((r) => setTimeout(r, 50));
  return c;
}

try {
  const bareClient = await mcpClient(await bareServer(), 'unused');
  const hub = await hubClient();
  const [base = [], viaHub = [], hubOnly = []] = await measureRounds([[bareClient, 'get_scene_summary'], [hub, 'maya__get_scene_summary'], [hub, 'dcc_list_instances']]);
  report('tools/call of a trivial DCC tool through the hub (per-agent auth, resumable streams), p50', quantile(viaHub, 0.5) / 1000, quantile(base, 0.5) / 1000, 'ms', '≤ 1.2× p50');
  report('tools/call p99', quantile(viaHub, 0.99) / 1000, quantile(base, 0.99) / 1000, 'ms');
  // The same without the hop to the DCC (a tool the hub answers itself): what the hub's own layer costs.
  report('tools/call answered by the hub itself (dcc_list_instances; no DCC hop), p50', quantile(hubOnly, 0.5) / 1000, quantile(base, 0.5) / 1000, 'ms');
  await hub.close();
  await bareClient.close();
} finally {
  killAll();
}
