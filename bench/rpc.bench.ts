/**
 * RPC over a Unix socket, peer in another process:
 *  - sequential round trip p50/p99 vs a raw `net` echo of the same bytes (goal p50 ≤ 2×, p99 < 200 µs);
 *  - pipelined calls on one connection (goal ≥ 100k calls/s).
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameEncoder } from '../src/main/core/protocol/frame-codec';
import { killAll, spawnUntil, ROOT } from '../test/helpers/processes';
import { connectAuthenticated } from '../test/helpers/dcclink';
import { nowUs, quantile, report } from './stats';

const dir = mkdtempSync(join(tmpdir(), 'bench-rpc-'));
const tsx = ['--import', 'tsx'];
const params = { x: 1, s: 'hello world' };
const ITER = 20_000;

async function rawEcho(): Promise<number[]> {
  const { line } = await spawnUntil(process.execPath, [...tsx, join(ROOT, 'bench/peers/raw-echo.ts'), join(dir, 'raw.sock')], 'PEER_READY ');
  const sock = connect({ path: line.slice('unix://'.length) });
  await new Promise((r) => sock.once('connect', r));
  sock.setNoDelay(true);
  // The same bytes an RPC Call puts on the wire.
  const bytes = new FrameEncoder().encode(1, 1, { method: 'echo', params, timeout_ms: 30000 });
  const samples: number[] = [];
  let got = 0;
  let t = 0;
  let resolveOne: () => void = () => {};
  sock.on('data', (d: Buffer) => {
    got += d.length;
    if (got >= bytes.length) {
      got -= bytes.length;
      resolveOne();
    }
  });
  for (let i = 0; i < ITER; i++) {
    t = nowUs();
    await new Promise<void>((r) => {
      resolveOne = r;
      sock.write(bytes);
    });
    samples.push(nowUs() - t);
  }
  sock.destroy();
  return samples.slice(1000);
}

async function rpc(): Promise<{ seq: number[]; pipelined: number }> {
  const { line } = await spawnUntil(process.execPath, [...tsx, join(ROOT, 'test/fixtures/node-peer.ts'), `unix://${join(dir, 'rpc.sock')}`], 'PEER_READY ');
  const peer = await connectAuthenticated(line);
  const seq: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const t = nowUs();
    await peer.call('echo', params);
    seq.push(nowUs() - t);
  }
  const TOTAL = 200_000;
  const WINDOW = 2_000;
  const t0 = performance.now();
  for (let done = 0; done < TOTAL; done += WINDOW) {
    await Promise.all(Array.from({ length: WINDOW }, () => peer.call('echo', params)));
  }
  const pipelined = TOTAL / ((performance.now() - t0) / 1000);
  peer.close();
  return { seq: seq.slice(1000), pipelined };
}

try {
  const raw = await rawEcho();
  const r = await rpc();
  report('sequential RPC round trip p50', quantile(r.seq, 0.5), quantile(raw, 0.5), 'µs', 'p50 ≤ 2×');
  report('sequential RPC round trip p99', quantile(r.seq, 0.99), quantile(raw, 0.99), 'µs', 'p99 < 200 µs absolute');
  console.log(`pipelined calls on one connection: ${Math.round(r.pipelined).toLocaleString('en')} calls/s (goal ≥ 100,000 calls/s; dcc-mcp-core's goal 10,000 req/s)`);
} finally {
  killAll();
}
