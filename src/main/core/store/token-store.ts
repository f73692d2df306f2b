/** The bearer token agents present: random, stored 0600 in the data dir. */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

export const TOKEN_FILE = 'token';

/**
 * The token to use: `explicit` (from `--token`, not persisted), else the stored one, else a new one stored 0600.
 * @param warn told when a stored token file was readable by others and had its mode fixed.
 */
export function loadOrCreateToken(dataDir: string, explicit: string | undefined, warn: (msg: string) => void): string {
  if (explicit) return explicit;
  return readSecretFile(join(dataDir, TOKEN_FILE), 16, warn) ?? regenerateToken(dataDir);
}

/**
 * Reads a secret file of this user's (trimmed); a file others could read gets mode 0600 and a warning.
 * @returns undefined when the file is missing or holds fewer than `minLength` characters.
 */
export function readSecretFile(path: string, minLength: number, warn: (msg: string) => void): string | undefined {
  try {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length < minLength) return undefined;
    if ((statSync(path).mode & 0o077) !== 0) {
      chmodSync(path, 0o600);
      warn(`${path} was readable by other users; its mode is now 0600`);
    }
    return secret;
  } catch {
    return undefined;
  }
}

/** Replaces the stored token with a new random one (32 bytes, base64url). */
export function regenerateToken(dataDir: string): string {
  const token = randomBytes(32).toString('base64url');
  writeFileAtomic(join(dataDir, TOKEN_FILE), token + '\n', 0o600);
  return token;
}
