/**
 * `dcc-mcp-hub` (SPEC §1): `serve` runs the hub headless and prints the ready line; `stdio` bridges a stdio MCP
 * client to a running hub. Logs go to stderr; stdout carries only the ready line (serve) or MCP (stdio).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAdminSecret } from './core/auth/admin-auth';
import { readAgentKey } from './core/auth/key-file';
import { parseArgs, USAGE, type ServeArgs, type StdioArgs } from './core/cli/args';
import { parseHubInfo, runStdioBridge, type HubInfo } from './core/cli/stdio-bridge';
import { ADMIN_HEADER } from './core/http/hub-http-server';
import { DemoDccs } from './core/demo/demo-dccs';
import { HubError } from './core/errors';
import { HUB_VERSION } from './core/hub';
import { startHeadless } from './core/headless';
import { createLogger } from './core/log';
import { resolveDataDir } from './core/store/data-dir';
import { readHubInfoText } from './core/store/hub-info';

const here = dirname(fileURLToPath(import.meta.url));
const log = createLogger('hub');

/** Built renderer next to the built CLI (out/main → out/renderer). */
function uiDir(): string | null {
  const dir = join(here, '..', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

async function serve(args: ServeArgs): Promise<void> {
  const { hub, info, stop } = await startHeadless({ host: args.host, port: args.port, portMemory: args.portMemory, registryDir: args.registryDir, dataDir: args.dataDir, approval: args.approval, token: args.token, uiDir: uiDir(), logger: log, cliPath: join(here, '..', '..', 'bin', 'dcc-mcp-hub.js') });
  if (args.mcpConfig) {
    for (const r of await hub.services.add(args.mcpConfig, { source: 'config-file' })) {
      if (!r.ok) log.warn(`--mcp-config ${args.mcpConfig}: ${r.error}`);
    }
  }
  const demo = args.demo ? new DemoDccs(join(here, '..', '..', 'resources', 'dcc-plugin'), hub.registryDir, log.child('demo')) : null;
  demo?.start();
  process.stdout.write(`DCC_MCP_HUB_READY ${JSON.stringify(info)}\n`);
  log.info(`control panel: one-time link in the ready line; a fresh one: dcc-mcp-hub panel --data-dir ${hub.dataDir}`);
  let stopping = false;
  const shutdown = (sig: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${sig}: shutting down`);
    Promise.all([demo?.stop(), stop()]).then(
      () => process.exit(0),
      (err: Error) => {
        log.error(`shutdown failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function runningHub(dataDir: string): HubInfo {
  const text = readHubInfoText(dataDir);
  if (!text) throw new HubError('NOT_FOUND', `no running hub found: ${join(dataDir, 'hub.json')} does not exist. Start one with \`dcc-mcp-hub serve\` (or the desktop app) first.`);
  return parseHubInfo(text, join(dataDir, 'hub.json'));
}

async function stdio(args: StdioArgs): Promise<void> {
  const dataDir = resolveDataDir(args.dataDir);
  const info = runningHub(dataDir);
  // Never the panel's admin secret: the local agent's key, or the named agent's own key file.
  const token = args.agent ? readAgentKey(dataDir, args.agent) : info.token;
  await runStdioBridge({ mcpUrl: info.mcpUrl, token }, (l) => process.stderr.write(l + '\n'));
  process.exit(0);
}

async function panel(dataDirOpt?: string): Promise<void> {
  const dataDir = resolveDataDir(dataDirOpt);
  const info = runningHub(dataDir);
  const secret = readAdminSecret(dataDir);
  if (!secret) throw new HubError('NOT_FOUND', `${join(dataDir, 'admin.secret')} does not exist or cannot be read (it is readable only by the user who runs the hub)`);
  const res = await fetch(new URL('/api/panel-link', info.mcpUrl), { method: 'POST', headers: { [ADMIN_HEADER]: secret } });
  if (!res.ok) throw new HubError('PERMISSION_DENIED', `the hub refused a panel link (${res.status}): ${await res.text()}`);
  process.stdout.write(`${((await res.json()) as { uiUrl: string }).uiUrl}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.command === 'help') return void process.stdout.write(USAGE + '\n');
  if (args.command === 'version') return void process.stdout.write(HUB_VERSION + '\n');
  if (args.command === 'stdio') return stdio(args);
  if (args.command === 'panel') return panel(args.dataDir);
  return serve(args);
}

main().catch((err: unknown) => {
  const code = err instanceof HubError && err.code === 'INVALID_ARGS' ? 2 : 1;
  process.stderr.write(`dcc-mcp-hub: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(code);
});
