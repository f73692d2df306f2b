/**
 * The per-user DccLink secret (SPEC §2, v0.2): 32 random bytes stored as 64 hex characters in a 0600 file in the
 * user's config dir, created by whichever side (hub or DCC plugin) needs it first. The Python plugin's
 * `dcc_mcp_plugin/auth.py` reads and writes the same file the same way.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, linkSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { HubError } from '../errors';

/** Overrides the secret file's path (tests, several users sharing one account's hub). */
export const SECRET_FILE_ENV = 'DCC_MCP_SECRET_FILE';
export const SECRET_BYTES = 32;

/**
 * Where the secret lives: `$DCC_MCP_SECRET_FILE`, else `<config>/dcc-mcp/link.secret` with <config> =
 * `$XDG_CONFIG_HOME`, else `~/.config` (`%APPDATA%` on Windows).
 */
export function linkSecretFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env[SECRET_FILE_ENV]) return env[SECRET_FILE_ENV];
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'dcc-mcp', 'link.secret');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.config'), 'dcc-mcp', 'link.secret');
}

/**
 * Reads the secret, creating it first when missing.
 * @param path default {@link linkSecretFile}()
 * @throws HubError PERMISSION_DENIED when the file is not the user's, is open to others, or is not 64 hex chars.
 */
export function loadOrCreateLinkSecret(path: string = linkSecretFile()): Buffer {
  try {
    return readSecret(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  createSecret(path);
  return readSecret(path);
}

function readSecret(path: string): Buffer {
  const fd = openSync(path, 'r');
  let text: string;
  try {
    const st = fstatSync(fd);
    if (process.platform !== 'win32' && process.getuid) {
      const uid = process.getuid();
      if (st.uid !== uid) throw new HubError('PERMISSION_DENIED', `the DccLink secret ${path} belongs to uid ${st.uid}, not to you (uid ${uid}); remove it to create a new one`);
      if (st.mode & 0o077) throw new HubError('PERMISSION_DENIED', `the DccLink secret ${path} is readable or writable by other users (mode ${(st.mode & 0o777).toString(8)}); run \`chmod 600 ${path}\``);
    }
    const buf = Buffer.alloc(4096);
    text = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('latin1').trim().toLowerCase();
  } finally {
    closeSync(fd);
  }
  if (!/^[0-9a-f]{64}$/.test(text)) throw new HubError('PERMISSION_DENIED', `the DccLink secret ${path} is not 64 hex characters; delete it and restart the hub and your DCCs to make a new one`);
  return Buffer.from(text, 'hex');
}

/** Why link(): the secret is complete before its name appears, and when two sides race the first link wins. */
function createSecret(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${randomBytes(8).toString('hex')}`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    writeSync(fd, `${randomBytes(SECRET_BYTES).toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new HubError('PERMISSION_DENIED', `cannot create the DccLink secret ${path}: ${(err as Error).message}`);
  } finally {
    unlinkSync(tmp);
  }
}
