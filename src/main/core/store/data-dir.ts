/** Where the hub keeps settings, the token, the audit log and services config. */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `--data-dir`, else `$DCC_MCP_HUB_DATA_DIR`, else the OS user-data dir for `dcc-mcp-hub`; created 0700. */
export function resolveDataDir(opt?: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const dir = opt || env.DCC_MCP_HUB_DATA_DIR || osDataDir(platform, env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function osDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'dcc-mcp-hub');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'dcc-mcp-hub');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'dcc-mcp-hub');
}
