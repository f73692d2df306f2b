/**
 * The default registry dir (SPEC §1, v0.2): private to the user, so another local user can neither plant rows
 * (and capture scripts) nor read where the DCCs listen. The Python plugin's `dcc_mcp_plugin/paths.py` computes
 * the same path, so a hub and a DCC started without options meet.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubError } from '../errors';

export const REGISTRY_DIR_NAME = 'dcc-mcp-registry';

/**
 * The default path, without creating or checking it: `$XDG_RUNTIME_DIR/dcc-mcp-registry`, else
 * `<os tmpdir>/dcc-mcp-registry-<uid>`; `%LOCALAPPDATA%\dcc-mcp-registry` on Windows.
 */
export function defaultRegistryDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, uid: number = process.getuid?.() ?? 0): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), REGISTRY_DIR_NAME);
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && runtime.startsWith('/')) return `${runtime.replace(/\/+$/, '')}/${REGISTRY_DIR_NAME}`;
  return `${tmpdir()}/${REGISTRY_DIR_NAME}-${uid}`;
}

/**
 * Creates `dir` 0700 when missing and checks it is the user's own.
 * @returns `dir`
 * @throws HubError PERMISSION_DENIED for a symlink or file, a dir owned by another user, or one writable by group/others.
 */
export function ensurePrivateDir(dir: string): string {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (process.platform === 'win32') return dir; // the profile's ACLs keep LOCALAPPDATA per user
  const st = lstatSync(dir);
  const choose = 'or choose a dir with --registry-dir / DCC_MCP_REGISTRY_DIR';
  if (!st.isDirectory()) throw new HubError('PERMISSION_DENIED', `registry dir ${dir} is not a directory (a symlink or file is there); remove it, ${choose}`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new HubError('PERMISSION_DENIED', `registry dir ${dir} belongs to uid ${st.uid}, not to you (uid ${uid}): another user may have planted it; remove it, ${choose}`);
  if (st.mode & 0o022) throw new HubError('PERMISSION_DENIED', `registry dir ${dir} is writable by other users (mode ${(st.mode & 0o777).toString(8)}); run \`chmod 700 ${dir}\`, ${choose}`);
  return dir;
}

/**
 * `--registry-dir`, else `$DCC_MCP_REGISTRY_DIR` (both taken as given: the user chose them), else the private
 * default, created and checked.
 * @throws HubError PERMISSION_DENIED when the default dir is not safe (see {@link ensurePrivateDir}).
 */
export function resolvePrivateRegistryDir(opt?: string, env: NodeJS.ProcessEnv = process.env): string {
  return opt || env.DCC_MCP_REGISTRY_DIR || ensurePrivateDir(defaultRegistryDir(env));
}
