/**
 * External services (issue 7): phase-1 registration latency with a dead URL (p50/p95) vs the bare validation +
 * Map.set it must do anyway; time to HEALTHY of a stdio and a Streamable HTTP service vs a bare SDK Client
 * connect + listTools of the same server, in the same run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { silentLogger } from '../src/main/core/log';
import { validateOne } from '../src/main/core/services/config-processor';
import { ServiceManager } from '../src/main/core/services/service-manager';
import { killAll, spawnUntil, ROOT } from '../test/helpers/processes';
import { quantile, report } from './stats';

const STDIO = { command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'test/fixtures/mcp-servers/stdio-server.ts')] };

async function registration(): Promise<void> {
  const m = new ServiceManager(mkdtempSync(join(tmpdir(), 'bench-svc-')), silentLogger, { retryBaseMs: 60_000 });
  const add: number[] = [];
  const bare: number[] = [];
  const map = new Map<string, unknown>();
  for (let i = 0; i < 200; i++) {
    const cfg = { name: `dead${i}`, url: 'http://127.0.0.1:9/mcp' };
    let t = performance.now();
    await m.add(cfg);
    add.push(performance.now() - t);
    t = performance.now();
    map.set(cfg.name, validateOne(cfg, undefined));
    bare.push(performance.now() - t);
  }
  report('registration returns (phase 1, dead URL) p50', quantile(add, 0.5), quantile(bare, 0.5), 'ms', '< 100 ms');
  report('registration returns p95', quantile(add, 0.95), quantile(bare, 0.95), 'ms', '< 100 ms');
  await m.close();
}

async function healthy(label: string, config: object, bareConnect: () => Promise<void>): Promise<void> {
  const hub: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < 5; i++) {
    const m = new ServiceManager(mkdtempSync(join(tmpdir(), 'bench-svc-')), silentLogger);
    const t = performance.now();
    await m.add({ name: 'svc', ...config }, { wait: ['svc'], timeoutMs: 20_000 });
    if (m.get('svc')!.state !== 'HEALTHY') throw new Error(`${label} did not become HEALTHY`);
    hub.push(performance.now() - t);
    await m.close();
    const t2 = performance.now();
    await bareConnect();
    base.push(performance.now() - t2);
  }
  report(`time to HEALTHY, ${label} p50`, quantile(hub, 0.5), quantile(base, 0.5), 'ms');
}

try {
  await registration();
  await healthy('stdio service', STDIO, async () => {
    const c = new Client({ name: 'bare', version: '1' });
    await c.connect(new StdioClientTransport(STDIO));
    await c.listTools();
    await c.close();
  });
  const { line: url } = await spawnUntil(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/mcp-servers/http-server.ts')], 'HTTP_READY ');
  await healthy('Streamable HTTP service', { url }, async () => {
    const c = new Client({ name: 'bare', version: '1' });
    await c.connect(new StreamableHTTPClientTransport(new URL(url)));
    await c.listTools();
    await c.close();
  });
} finally {
  killAll();
}
