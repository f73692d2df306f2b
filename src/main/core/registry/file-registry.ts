/**
 * The hub's read side of dcc-mcp-core's file registry. Reads judge each row live or dead without writing:
 * stale (`now - last_heartbeat > staleTimeout`), a heartbeat further in the future than the clock-skew allowance,
 * a `sentinel_path` whose file is gone, or a dead local pid. Node cannot probe a sentinel's `flock` portably, so a
 * sentinel that exists but is unlocked is only caught through the pid and the heartbeat (see `liveness.ts`).
 */
import { hostname } from 'node:os';
import type { ServiceEntry } from '../../../shared/registry';
import { isPidAlive, sentinelMissing } from './liveness';
import { resolvePrivateRegistryDir } from './registry-dir';
import { readRegistryFile, type RegistryProblem } from './registry-file';

/** Default stale timeout: 3 × the 5 s heartbeat interval. */
export const DEFAULT_STALE_TIMEOUT_MS = 15_000;
/** Heartbeats up to this far in the future are clock skew; beyond it they are invalid, never "fresh forever". */
export const CLOCK_SKEW_MS = 30_000;

export type DeadReason = 'stale' | 'future_heartbeat' | 'sentinel_missing' | 'dead_pid';

export interface FileRegistryOptions {
  dir: string;
  staleTimeoutMs?: number;
  now?: () => number;
  isPidAlive?: (pid: number) => boolean;
}

/**
 * `--registry-dir`, else `$DCC_MCP_REGISTRY_DIR`, else a private per-user dir (see registry-dir.ts).
 * @throws HubError PERMISSION_DENIED when the default dir exists but another user could control it.
 */
export function resolveRegistryDir(opt?: string): string {
  return resolvePrivateRegistryDir(opt);
}

const PID_TTL_MS = 1_000;
const GATEWAY_DCC_TYPE = '__gateway__';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '']);

export class FileRegistry {
  readonly dir: string;
  readonly staleTimeoutMs: number;
  private readonly now: () => number;
  private readonly alive: (pid: number) => boolean;
  /** Problems met by the last read (torn or corrupt file, invalid rows, newer schema). */
  lastProblems: RegistryProblem[] = [];
  /** pid → [alive, checked at]: a 10,000-row file is re-read on every heartbeat; one probe per pid per second is plenty. */
  private readonly pidCache = new Map<number, [boolean, number]>();

  constructor(opts: FileRegistryOptions) {
    this.dir = opts.dir;
    this.staleTimeoutMs = opts.staleTimeoutMs ?? DEFAULT_STALE_TIMEOUT_MS;
    this.now = opts.now ?? Date.now;
    this.alive = opts.isPidAlive ?? isPidAlive;
  }

  /** Live rows (dead ones left out); [] when the file cannot be read right now. */
  listAll(): ServiceEntry[] {
    return (this.listAllWithDead() ?? []).filter((r) => r.dead === null).map((r) => r.entry);
  }

  /** Every valid row with why it is not live (null when it is); null when the file is torn or corrupt. */
  listAllWithDead(): { entry: ServiceEntry; dead: DeadReason | null }[] | null {
    const { ok, entries, problems } = readRegistryFile(this.dir);
    this.lastProblems = problems;
    if (!ok) return null;
    const now = this.now();
    return entries.map((entry) => ({ entry, dead: this.deadReason(entry, now) }));
  }

  listInstances(dcc: string): ServiceEntry[] {
    return this.listAll().filter((e) => e.dcc_type === dcc);
  }

  get(dcc: string, id: string): ServiceEntry | undefined {
    return this.listAll().find((e) => e.dcc_type === dcc && e.instance_id === id);
  }

  /** Why a row is not live, or null when it is. */
  deadReason(e: Pick<ServiceEntry, 'dcc_type' | 'last_heartbeat_ms' | 'pid' | 'host' | 'sentinel_path' | 'host_pid'>, now = this.now()): DeadReason | null {
    const age = now - e.last_heartbeat_ms;
    // dcc-mcp-core never ages out its gateway's sentinel row by heartbeat, only by its pid: neither do we.
    if (age > this.staleTimeoutMs && e.dcc_type !== GATEWAY_DCC_TYPE) return 'stale';
    if (-age > CLOCK_SKEW_MS) return 'future_heartbeat';
    if (sentinelMissing(e.sentinel_path)) return 'sentinel_missing';
    // Only pids on this machine can be checked; a sidecar's row also dies with the DCC it serves (host_pid).
    const local = LOCAL_HOSTS.has(e.host ?? '') || e.host === hostname();
    if (local && ((e.pid && !this.pidAlive(e.pid, now)) || (e.host_pid && !this.pidAlive(e.host_pid, now)))) return 'dead_pid';
    return null;
  }

  private pidAlive(pid: number, now: number): boolean {
    const hit = this.pidCache.get(pid);
    if (hit && now - hit[1] < PID_TTL_MS && now >= hit[1]) return hit[0];
    if (this.pidCache.size > 50_000) this.pidCache.clear();
    const alive = this.alive(pid);
    this.pidCache.set(pid, [alive, now]);
    return alive;
  }

  isLive(e: ServiceEntry): boolean {
    return this.deadReason(e) === null;
  }
}
