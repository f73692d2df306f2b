/**
 * The cross-process lock on `services.json` (SPEC §3). Protocol shared with the Python plugin: create
 * `services.lock` with O_CREAT|O_EXCL holding the holder's pid; release = unlink. A lock whose pid is dead or
 * whose mtime is older than 10 s is stolen. Waits up to 2 s in 10 ms steps.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubError } from '../errors';

export const LOCK_FILE = 'services.lock';
const STALE_LOCK_MS = 10_000;

export interface LockOptions {
  waitMs?: number;
  stepMs?: number;
}

/** True when `pid` names a live process (EPERM means alive but not ours). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding the registry lock in `dir`.
 * @throws HubError LOCK_TIMEOUT naming the file and the holder when the lock stays taken.
 */
export async function withLock<T>(dir: string, fn: () => T | Promise<T>, opts: LockOptions = {}): Promise<T> {
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + (opts.waitMs ?? 2_000);
  for (;;) {
    if (tryAcquire(path)) break;
    if (Date.now() > deadline) {
      throw new HubError('LOCK_TIMEOUT', `could not lock ${path} within ${opts.waitMs ?? 2_000} ms (held by pid ${holder(path) ?? 'unknown'})`);
    }
    // Jitter around the 10 ms step keeps many waiting processes from retrying in lockstep.
    await sleep((opts.stepMs ?? 10) * (0.5 + Math.random()));
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(path);
    } catch {
      // Someone stole a lock we held too long; nothing left to release.
    }
  }
}

function tryAcquire(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o644);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (isStale(path)) {
    try {
      unlinkSync(path);
    } catch {
      // Another waiter removed it first.
    }
  }
  return false;
}

function holder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** A lock left by a dead process, or held for longer than anyone should. */
function isStale(path: string): boolean {
  try {
    const st = statSync(path);
    if (Date.now() - st.mtimeMs > STALE_LOCK_MS) return true;
    const pid = holder(path);
    // An empty file is a holder between create and write: give it the benefit of the doubt.
    return pid !== null && !isPidAlive(pid);
  } catch {
    return false;
  }
}
