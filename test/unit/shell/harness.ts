/** Shared set-up of the shell tests: temp data/registry dirs in the environment the bootstrap reads. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ShellEnv {
  dataDir: string;
  registryDir: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh environment: own data dir and registry dir; `port` sets DCC_MCP_HUB_PORT when given. */
export function shellEnv(port?: number): ShellEnv {
  const root = mkdtempSync(join(tmpdir(), 'shell-'));
  const dataDir = join(root, 'data');
  const registryDir = join(root, 'reg');
  const env: NodeJS.ProcessEnv = { ...process.env, DCC_MCP_HUB_DATA_DIR: dataDir, DCC_MCP_REGISTRY_DIR: registryDir, XDG_CONFIG_HOME: join(root, 'config') };
  if (port !== undefined) env.DCC_MCP_HUB_PORT = String(port);
  else delete env.DCC_MCP_HUB_PORT;
  return { dataDir, registryDir, env };
}
