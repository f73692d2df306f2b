/**
 * Registry scale (issue 12): a hub whose registry holds 1,000 and 10,000 rows (dcc-mcp-core IPC-only rows, the
 * cheapest kind a busy studio accumulates) while one writer heartbeats every 100 ms, so the file keeps changing:
 * MCP `tools/list` p50 (official SDK client) and discovery p95 (from the moment the plugin's Python writer starts
 * writing a new row — its lock wait and rewrite of the whole file included — to the hub's `added` event; the hub's
 * own share, from the writer's rename, is printed next to it), against the same hub with an empty registry in the same run.
 * Goals at 10k: tools/list p50 ≤ 50 ms, discovery p95 ≤ 250 ms.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Hub } from '../src/main/core/hub';
import { silentLogger } from '../src/main/core/log';
import { toTimestamp } from '../src/main/core/registry/registry-file';
import { quantile } from './stats';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

async function measure(rows: number): Promise<{ listP50: number; discP95: number; hubP95: number; loadMs: number }> {
  const base = mkdtempSync(join(tmpdir(), `bench-scale-${rows}-`));
  const dir = join(base, 'reg');
  const now = Date.now();
  const data = Array.from({ length: rows }, (_, i) => ({ schema_version: 1, dcc_type: ['maya', 'houdini', 'nuke', 'max'][i % 4], instance_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, host: '127.0.0.1', port: 0, version: '2025', scene: null, pid: process.pid, metadata: { dcc_mcp_server_version: '0.20.9' }, registered_at: toTimestamp(now), last_heartbeat: toTimestamp(now), status: 'available' }));
  (await import('node:fs')).mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'services.json'), JSON.stringify(data, null, 2));
  const hub = new Hub({ port: 0, registryDir: dir, dataDir: join(base, 'data'), logger: silentLogger });
  const t0 = performance.now();
  const info = await hub.start();
  while (hub.watcher.snapshot().length < rows) await new Promise((r) => setTimeout(r, 5));
  const loadMs = performance.now() - t0;
  const beat = spawn(PYTHON, [join(ROOT, 'bench/peers/registry_writer.py'), dir, 'beat', '100', '600'], { cwd: ROOT, stdio: 'ignore' });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(info.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${hub.bearerToken}` } } }));
  const list: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    await client.listTools();
    if (i >= 10) list.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  const writer = spawn(PYTHON, [join(ROOT, 'bench/peers/registry_writer.py'), dir, 'lines'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: writer.stdout })[Symbol.asyncIterator]();
  const disc: number[] = [];
  const hubSide: number[] = [];
  for (let i = 0; i < 30; i++) {
    const id = `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const added = new Promise<number>((resolve) => {
      const on = (e: { instance_id: string }): void => {
        if (e.instance_id !== id) return;
        hub.watcher.off('added', on);
        resolve(Date.now());
      };
      hub.watcher.on('added', on);
    });
    writer.stdin.write(id + '\n');
    const [before, renamed] = String((await lines.next()).value).split(' ').map(Number) as [number, number];
    const seen = await added;
    disc.push(seen - before);
    hubSide.push(seen - renamed);
  }
  writer.stdin.end();
  beat.kill();
  await client.close();
  await hub.stop();
  return { listP50: quantile(list, 0.5), discP95: quantile(disc, 0.95), hubP95: quantile(hubSide, 0.95), loadMs };
}

const empty = await measure(0);
console.log(`empty registry: tools/list p50 ${empty.listP50.toFixed(1)} ms, discovery p95 ${empty.discP95.toFixed(1)} ms (hub side, rename → added: ${empty.hubP95.toFixed(1)} ms)`);
for (const n of [1_000, 10_000]) {
  const r = await measure(n);
  const goal = n === 10_000 ? ` (goals ≤ 50 ms ${r.listP50 <= 50 ? '✓' : '✗'} / ≤ 250 ms ${r.discP95 <= 250 ? '✓' : '✗'})` : '';
  console.log(`${n} rows: initial load ${r.loadMs.toFixed(0)} ms; tools/list p50 ${r.listP50.toFixed(1)} ms (${(r.listP50 / empty.listP50).toFixed(2)}× empty); discovery p95 ${r.discP95.toFixed(1)} ms (${(r.discP95 / empty.discP95).toFixed(2)}× empty; hub side ${r.hubP95.toFixed(1)} ms)${goal}`);
}
