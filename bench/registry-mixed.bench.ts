/**
 * Registry shared with dcc-mcp-core (issue 11): 2 dcc-mcp-core-style writers (test/fixtures/registry/core_writer.py:
 * flock on services.lock, sentinel, schema_version 1, its stable temp name) + 2 writers running our plugin's
 * registry code (bench/peers/registry_writer.py, the same calls as the plugin's heartbeat thread), heartbeating
 * every 100 ms for 30 s (`BENCH_SHORT=1`: 5 s). Reports rows lost (heartbeats that found their row gone, plus
 * reader polls of services.json that missed a live row) and each kind's heartbeat-write p99 against the same
 * writer alone in the same run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './stats';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const SECONDS = process.env.BENCH_SHORT ? 5 : 30;
const EVERY_MS = 100;

interface Report {
  kind: 'core' | 'ours';
  writes: number;
  lost: number;
  p50: number;
  p99: number;
  max: number;
}

/** Runs one writer to completion and parses its last line. */
function writer(kind: 'core' | 'ours', dir: string): Promise<Report> {
  const args = kind === 'core' ? [join(ROOT, 'test/fixtures/registry/core_writer.py'), dir, '--interval-ms', String(EVERY_MS), '--seconds', String(SECONDS)] : [join(ROOT, 'bench/peers/registry_writer.py'), dir, 'beat', String(EVERY_MS), String(SECONDS)];
  const child = spawn(PYTHON, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const m = /(?:CORE_DONE|BEAT) \S+ (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`${kind} writer exited ${code}: ${out}`));
      resolve({ kind, writes: Number(m[1]), lost: Number(m[2]), p50: Number(m[3]), p99: Number(m[4]), max: Number(m[5]) });
    }),
  );
}

/** Polls services.json like a reader and counts live rows that vanished between two polls (after warm-up). */
function pollRows(dir: string, expected: number): { stop: () => { missedPolls: number; polls: number } } {
  let polls = 0;
  let missedPolls = 0;
  let seenFull = false;
  const t = setInterval(() => {
    let rows: unknown[] = [];
    try {
      rows = JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8')) as unknown[];
    } catch {
      return; // no file yet; renames are atomic so a parse error would be a real fault and show as a missed poll
    }
    polls++;
    if (rows.length >= expected) seenFull = true;
    else if (seenFull) missedPolls++;
  }, 20);
  return {
    stop: () => {
      clearInterval(t);
      return { missedPolls, polls };
    },
  };
}

const alone = async (kind: 'core' | 'ours'): Promise<Report> => writer(kind, mkdtempSync(join(tmpdir(), `bench-alone-${kind}-`)));
const soloCore = await alone('core');
const soloOurs = await alone('ours');
const dir = mkdtempSync(join(tmpdir(), 'bench-mixed-'));
const poll = pollRows(dir, 4);
const running = Promise.all([writer('core', dir), writer('core', dir), writer('ours', dir), writer('ours', dir)]);
// Stop polling before the first writer finishes (each removes its row on exit).
await new Promise((r) => setTimeout(r, (SECONDS - 0.5) * 1000));
const seen = poll.stop();
const mixed = await running;
const lost = mixed.reduce((n, r) => n + r.lost, 0);
console.log(`${SECONDS} s, heartbeat every ${EVERY_MS} ms; writes: ${mixed.map((r) => `${r.kind} ${r.writes}`).join(', ')}`);
console.log(`rows lost: ${lost} heartbeats found their row gone; ${seen.missedPolls} of ${seen.polls} reader polls missed a row (goal 0)`);
const worst = (kind: 'core' | 'ours'): number => Math.max(...mixed.filter((r) => r.kind === kind).map((r) => r.p99));
report('dcc-mcp-core-style heartbeat write p99, mixed (2+2 writers) vs alone', worst('core'), soloCore.p99, 'ms');
report('our plugin heartbeat write p99, mixed (2+2 writers) vs alone', worst('ours'), soloOurs.p99, 'ms');
report('our plugin heartbeat write p50, mixed vs alone', Math.max(...mixed.filter((r) => r.kind === 'ours').map((r) => r.p50)), soloOurs.p50, 'ms');
if (lost || seen.missedPolls) process.exitCode = 1;
