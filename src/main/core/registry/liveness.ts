/**
 * Liveness tests a Node reader can make of a registry row's owner. Node cannot take a `flock` portably, so the
 * hub cannot probe a row's sentinel lock (SPEC §3) the way dcc-mcp-core does; it falls back to the pid (local
 * rows) plus the heartbeat age, and treats a row whose `sentinel_path` file is missing as dead.
 */
import { existsSync } from 'node:fs';

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

/** A sentinel that was written but no longer exists: its owner deregistered or a reader pruned it. */
export function sentinelMissing(path: unknown): boolean {
  return typeof path === 'string' && path !== '' && !existsSync(path);
}
