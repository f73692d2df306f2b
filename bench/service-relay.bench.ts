/**
 * Issue 13: a service tool call through the hub vs a direct connection to the same server
 * (`@modelcontextprotocol/server-everything` over Streamable HTTP, `get-sum`), and a relayed sampling round trip
 * (service → hub → agent → hub → service) vs the same round trip on a direct connection.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { EVERYTHING, directClient, hubAgent, startEverythingHttp } from '../test/helpers/everything';
import { startHub } from '../test/helpers/hub';
import { killAll } from '../test/helpers/processes';
import { nowUs, quantile, report } from './stats';

const N = 600;

async function measure(c: Client, name: string, args: Record<string, unknown>, n = N): Promise<number[]> {
  for (let i = 0; i < 100; i++) await c.callTool({ name, arguments: args });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = nowUs();
    await c.callTool({ name, arguments: args });
    out.push(nowUs() - t);
  }
  return out;
}

if (!EVERYTHING) {
  console.log('service-relay bench skipped: @modelcontextprotocol/server-everything is not installed');
} else {
  try {
    const http = await startEverythingHttp();
    const direct = await directClient('http', http.url);
    const { hub } = await startHub();
    await hub.services.add({ name: 'ev', url: http.url }, { wait: 'all', timeoutMs: 30_000 });
    const agent = await hubAgent(hub.info!.mcpUrl, hub.bearerToken);
    for (let i = 0; i < 200 && !(await agent.listTools()).tools.some((t) => t.name === 'ev__trigger-sampling-request'); i++) await new Promise((r) => setTimeout(r, 50));
    const base = await measure(direct, 'get-sum', { a: 1, b: 2 });
    const viaHub = await measure(agent, 'ev__get-sum', { a: 1, b: 2 });
    report('service tools/call through the hub p50', quantile(viaHub, 0.5) / 1000, quantile(base, 0.5) / 1000, 'ms', '≤ 1.5× p50');
    report('service tools/call through the hub p99', quantile(viaHub, 0.99) / 1000, quantile(base, 0.99) / 1000, 'ms');
    const sBase = await measure(direct, 'trigger-sampling-request', { prompt: 'hi', maxTokens: 5 }, 300);
    const sHub = await measure(agent, 'ev__trigger-sampling-request', { prompt: 'hi', maxTokens: 5 }, 300);
    report('relayed sampling round trip p50', quantile(sHub, 0.5) / 1000, quantile(sBase, 0.5) / 1000, 'ms');
    await agent.close();
    await direct.close();
    await hub.stop();
    http.stop();
  } finally {
    killAll();
  }
}
