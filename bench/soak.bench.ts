/**
 * Soak (issue 12): 20 agents (official SDK clients) × 3 DCCs (Python plugins) against a real `serve` process,
 * each agent looping over a mix of dcc_search, dcc_execute and a DCC tool call, every reply checked against its
 * request. Reports lost/mismatched replies (goal 0), p50/p99 per call type, and the hub's RSS and open file
 * descriptors at the start and the end (goal: flat), with RSS sampled through the run.
 *   npx tsx bench/soak.bench.ts            # short mode (20 s), what `npm run bench` and CI run
 *   npx tsx bench/soak.bench.ts --full     # 10 minutes
 *   npx tsx bench/soak.bench.ts --secs 90  # any other length
 * Needs the build (`npx electron-vite build`).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { mcpClient, startPlugin, startServe } from '../test/helpers/hub';
import { killAll } from '../test/helpers/processes';
import { waitFor } from '../test/helpers/wait';
import { quantile } from './stats';

const FULL = process.argv.includes('--full');
const SECS = process.argv.indexOf('--secs');
const DURATION_MS = SECS > 0 ? Number(process.argv[SECS + 1]) * 1000 : FULL ? 10 * 60_000 : 20_000;
const AGENTS = 20;
const DCCS = ['maya', 'blender', 'houdini'];
const QUERIES = ['create sphere', 'polygon cube', 'delete selected objects', 'render the scene', 'set a keyframe'];

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const fds = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;
const text = (r: unknown): string => ((r as CallToolResult).content[0] as { text: string }).text;

type Kind = 'dcc_search' | 'dcc_execute' | 'tool';
const lat: Record<Kind, number[]> = { dcc_search: [], dcc_execute: [], tool: [] };
let lost = 0;
let mismatched = 0;
const problems: string[] = [];

async function agent(n: number, url: string, token: string, until: number): Promise<void> {
  const c = await mcpClient(url, token, `soak-agent-${n}`);
  for (let i = 0; Date.now() < until; i++) {
    const dcc = DCCS[(n + i) % DCCS.length]!;
    const kind: Kind = (['dcc_search', 'dcc_execute', 'tool'] as const)[i % 3]!;
    const tag = `a${n}_${i}`;
    const t = performance.now();
    try {
      if (kind === 'dcc_search') {
        const r = await c.callTool({ name: 'dcc_search', arguments: { query: QUERIES[i % QUERIES.length], dcc } });
        if (r.isError || !text(r).includes('"results"')) throw new Error(`bad search reply: ${text(r).slice(0, 120)}`);
      } else if (kind === 'dcc_execute') {
        const r = await c.callTool({ name: 'dcc_execute', arguments: { instance: dcc, code: `return "${tag}"` } });
        if (r.isError) throw new Error(text(r).slice(0, 200));
        if (!text(r).includes(`"output":"${tag}"`) && !text(r).includes(`"output": "${tag}"`)) mismatched++;
      } else {
        const r = await c.callTool({ name: `${dcc}__create_object`, arguments: { name: tag } });
        if (r.isError) throw new Error(text(r).slice(0, 200));
        if (!text(r).includes(tag)) mismatched++;
      }
      lat[kind].push(performance.now() - t);
    } catch (err) {
      lost++;
      if (problems.length < 5) problems.push(`${kind} on ${dcc}: ${(err as Error).message}`);
    }
  }
  await c.close();
}

try {
  const dir = mkdtempSync(join(tmpdir(), 'soak-'));
  const reg = join(dir, 'reg');
  const { child, line } = await startServe(['--registry-dir', reg, '--data-dir', join(dir, 'data'), '--approval', 'auto']);
  const ready = JSON.parse(line) as { mcpUrl: string; token: string };
  for (const d of DCCS) await startPlugin(reg, d);
  const probe = await mcpClient(ready.mcpUrl, ready.token, 'soak-probe');
  await waitFor(async () => (await probe.listTools()).tools.filter((t) => t.name.endsWith('__create_object')).length === 3, 'three DCCs on /mcp', 30_000, 100);
  await probe.close();
  const pid = child.pid!;
  // Warm-up, then the start figures.
  await Promise.all(Array.from({ length: AGENTS }, (_, n) => agent(n, ready.mcpUrl, ready.token, Date.now() + 2_000)));
  for (const k of Object.keys(lat) as Kind[]) lat[k].length = 0;
  const warmLost = lost;
  const start = { rss: rssMb(pid), fds: fds(pid) };
  const t0 = Date.now();
  // RSS over the run, to tell a plateau (V8 and malloc settling to the load) from a leak (growth that goes on).
  const samples: number[] = [start.rss];
  const sampler = setInterval(() => samples.push(rssMb(pid)), DURATION_MS / 10);
  await Promise.all(Array.from({ length: AGENTS }, (_, n) => agent(n, ready.mcpUrl, ready.token, t0 + DURATION_MS)));
  clearInterval(sampler);
  const secs = (Date.now() - t0) / 1000;
  const end = { rss: rssMb(pid), fds: fds(pid) };
  samples.push(end.rss);
  const total = lat.dcc_search.length + lat.dcc_execute.length + lat.tool.length;
  console.log(`soak ${FULL ? 'full' : SECS > 0 ? 'custom' : 'short'}: ${AGENTS} agents × ${DCCS.length} DCCs for ${secs.toFixed(0)} s: ${total.toLocaleString('en')} calls (${Math.round(total / secs)}/s), lost ${lost - warmLost}, mismatched ${mismatched} (goal 0 and 0)`);
  for (const k of Object.keys(lat) as Kind[]) console.log(`  ${k}: ${lat[k].length} calls, p50 ${quantile(lat[k], 0.5).toFixed(1)} ms, p99 ${quantile(lat[k], 0.99).toFixed(1)} ms`);
  // V8 sizes its heap to the allocation rate in the first minute or so, then RSS saws up and down within a band:
  // flat means the second half's peak is no higher than the first half's (a leak keeps raising it).
  const cut = Math.floor(samples.length / 2);
  const peak1 = Math.max(...samples.slice(0, cut));
  const peak2 = Math.max(...samples.slice(cut));
  console.log(`  hub RSS ${start.rss.toFixed(0)} → ${end.rss.toFixed(0)} MB; peak in the first half ${peak1.toFixed(0)} MB, in the second ${peak2.toFixed(0)} MB (${peak2 <= peak1 * 1.05 ? 'flat' : 'still rising: run longer (--full) before calling it a leak'}); open fds ${start.fds} → ${end.fds}`);
  console.log(`  RSS samples (MB, every ${(DURATION_MS / 10000).toFixed(0)} s): ${samples.map((m) => m.toFixed(0)).join(' ')}`);
  for (const p of problems) console.log(`  problem: ${p}`);
  child.kill('SIGTERM');
  if (lost > 0 || mismatched > 0) process.exitCode = 1;
} finally {
  killAll();
}
