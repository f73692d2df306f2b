/** A real hub for integration tests: in-process (for API access) or as the built `serve` process. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Hub, type HubOptions } from '../../src/main/core/hub';
import { silentLogger } from '../../src/main/core/log';
import { ROOT, spawnUntil } from './processes';

/** Debian's python3 when present (the DCC-like interpreter), else the first on PATH. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** The JSON of `serve`'s ready line (SPEC §1). */
export interface ReadyLine {
  mcpUrl: string;
  uiUrl: string;
  token: string;
  registryDir: string;
  dataDir: string;
}

export async function startHub(opts: Partial<HubOptions> = {}): Promise<{ hub: Hub; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-'));
  const hub = new Hub({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, ...opts });
  await hub.start();
  return { hub, dir };
}

/** Starts a simulated DCC (the Python plugin, standalone) registered in `registryDir`. */
export function startPlugin(registryDir: string, dcc: string, ...extra: string[]) {
  return spawnUntil(PYTHON, [join(ROOT, 'resources/dcc-plugin/run_standalone.py'), '--dcc', dcc, '--registry-dir', registryDir, ...extra], 'DCC_MCP_PLUGIN_READY ');
}

/** An official SDK client connected to the hub with its token. */
export async function mcpClient(mcpUrl: string, token: string, name = 'test-agent'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

/** An agent identity of its own (a key the artist created) and an SDK client authenticated as it. */
export async function agentClient(hub: Hub, name: string, clientInfoName = name): Promise<{ client: Client; id: string; key: string }> {
  const { agent, key } = hub.agents.createKeyAgent(name);
  return { client: await mcpClient(hub.info!.mcpUrl, key, clientInfoName), id: agent.id, key };
}

/** The built CLI (npm test builds first). */
export const CLI = join(ROOT, 'bin', 'dcc-mcp-hub.js');

export function startServe(args: string[]) {
  return spawnUntil(process.execPath, [CLI, 'serve', '--port', '0', ...args], 'DCC_MCP_HUB_READY ', 20_000);
}
