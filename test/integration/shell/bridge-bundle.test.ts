/**
 * The packaged app's stdio bridge for real: the bundle scripts/build-bridge.mjs makes is copied ALONE into an
 * empty folder (as in app.asar.unpacked: no node_modules beside it) and started exactly as the snippet says
 * (`bridgeCommand` of an Electron runtime; Node's own binary stands in for the app executable, which is what
 * `ELECTRON_RUN_AS_NODE=1` makes of it), then an MCP SDK client lists the hub's tools through it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeCommand } from '../../../src/main/core/client-config';
import { startHeadless, type HeadlessHub } from '../../../src/main/core/headless';
import { createLogger } from '../../../src/main/core/log';
import { ROOT } from '../../helpers/processes';

let core: HeadlessHub;
let script: string;
const dataDir = mkdtempSync(join(tmpdir(), 'bridge-data-'));

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'bridge-build-'));
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-bridge.mjs'), out], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  const alone = mkdtempSync(join(tmpdir(), 'app.asar.unpacked-'));
  script = join(alone, 'dcc-mcp-hub.cjs');
  copyFileSync(join(out, 'dcc-mcp-hub.cjs'), script);
  core = await startHeadless({ port: 0, dataDir, registryDir: mkdtempSync(join(tmpdir(), 'bridge-reg-')), uiDir: null, logger: createLogger('hub', 'error'), cliPath: join(ROOT, 'bin/dcc-mcp-hub.js') });
}, 120_000);
afterAll(async () => core?.stop());

describe('packaged stdio bridge', () => {
  it('runs from a lone unpacked script with ELECTRON_RUN_AS_NODE=1 and reaches the hub', async () => {
    const cmd = bridgeCommand({ kind: 'electron', execPath: process.execPath, script }, dataDir);
    expect(cmd.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    const transport = new StdioClientTransport({ command: cmd.command, args: cmd.args, env: { ...(process.env as Record<string, string>), ...cmd.env }, cwd: tmpdir(), stderr: 'pipe' });
    const client = new Client({ name: 'bridge-test', version: '1' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['dcc_search', 'dcc_execute', 'dcc_list_instances']));
    } finally {
      await client.close();
    }
  });
});
