/** Crash-safe small files: write a temp file in the same directory, fsync, rename. */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';

/** Writes `data` to `path` atomically (readers see the old or the new file, never half of one). */
export function writeFileAtomic(path: string, data: string, mode = 0o600): void {
  // A fresh random name, created exclusively and never through a symlink: nothing planted in the dir is followed.
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

/**
 * Reads and validates a JSON file. Missing → `fallback`; corrupt → renamed `<name>.corrupted-<secs>`, reported
 * through `warn`, and `fallback` returned (never silently lost).
 */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S, fallback: z.output<S>, warn: (msg: string) => void): z.output<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
  try {
    const r = schema.safeParse(JSON.parse(text));
    if (r.success) return r.data;
    throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  } catch (err) {
    const to = `${path}.corrupted-${Math.floor(Date.now() / 1000)}`;
    try {
      renameSync(path, to);
    } catch {
      // Keep going with defaults; the warning below still names the file.
    }
    warn(`${path} was unreadable (${(err as Error).message}); moved it to ${to} and started from defaults`);
    return fallback;
  }
}
