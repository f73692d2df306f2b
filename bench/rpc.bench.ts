/**
 * RPC over a Unix socket, peer in another process:
 *  - sequential round trip p50/p99 vs a raw `net` echo of the same bytes (goal p50 ≤ 2×, p99 < 200 µs);
 *  - pipelined calls on one connection (goal ≥ 100k calls/s), against the same windows of the same bytes
 *    pipelined through the raw echo (the socket's own ceiling, measured in the same run).
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

const TOTAL = 200_000;
const WINDOW = 2_000;

async function rawEcho(): Promise<{ seq: number[]; pipelined: number }> {
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
  const sequential = (d: Buffer): void => {
    got += d.length;
    if (got >= bytes.length) {
      got -= bytes.length;
      resolveOne();
    }
  };
  sock.on('data', sequential);
  for (let i = 0; i < ITER; i++) {
    t = nowUs();
    await new Promise<void>((r) => {
      resolveOne = r;
      sock.write(bytes);
    });
    samples.push(nowUs() - t);
  }
  sock.off('data', sequential);
  // Pipelined: windows of WINDOW frames written at once, each window waiting for all its echoes.
  const windowBytes = Buffer.concat(Array.from({ length: WINDOW }, () => bytes));
  const t0 = performance.now();
  for (let done = 0; done < TOTAL; done += WINDOW) {
    await new Promise<void>((r) => {
      let need = windowBytes.length;
      const onData = (d: Buffer): void => {
        need -= d.length;
        if (need <= 0) {
          sock.off('data', onData);
          r();
        }
      };
      sock.on('data', onData);
      sock.write(windowBytes);
    });
  }
  const pipelined = TOTAL / ((performance.now() - t0) / 1000);
  sock.destroy();
  return { seq: samples.slice(1000), pipelined };
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
  report('sequential RPC round trip p50', quantile(r.seq, 0.5), quantile(raw.seq, 0.5), 'µs', 'p50 ≤ 2×');
  report('sequential RPC round trip p99', quantile(r.seq, 0.99), quantile(raw.seq, 0.99), 'µs', 'p99 < 200 µs absolute');
  // Throughput: a higher figure is better, so the ratio is RPC / raw (1.0 = as fast as the bare socket).
  console.log(`pipelined calls on one connection: ${Math.round(r.pipelined).toLocaleString('en')} calls/s; raw echo of the same frames, same windows: ${Math.round(raw.pipelined).toLocaleString('en')} frames/s; RPC reaches ${((r.pipelined / raw.pipelined) * 100).toFixed(0)}% of the socket's ceiling (goal ≥ 100,000 calls/s)`);
} finally {
  killAll();
}
