/**
 * The file registry API of dcc-mcp-core (register / deregister / heartbeat / update / list), multi-process safe.
 * Reads prune stale rows (`now - last_heartbeat > staleTimeout`) and rows of dead local pids without writing.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServiceEntry, ServiceStatus } from '../../../shared/registry';
import { isPidAlive } from './file-lock';
import { resolvePrivateRegistryDir } from './registry-dir';
import { parseRow, readRegistryFile, toTimestamp, updateRegistryFile, type RawRow, type RegistryProblem } from './registry-file';

/** Default stale timeout: 3 × the 5 s heartbeat interval. */
export const DEFAULT_STALE_TIMEOUT_MS = 15_000;

export interface FileRegistryOptions {
  dir: string;
  staleTimeoutMs?: number;
  now?: () => number;
  isPidAlive?: (pid: number) => boolean;
}

export interface NewEntry {
  dcc_type: string;
  instance_id?: string;
  host?: string;
  port?: number;
  transport_address?: Record<string, unknown> | null;
  version?: string | null;
  scene?: string | null;
  documents?: string[];
  pid?: number | null;
  display_name?: string | null;
  metadata?: Record<string, string>;
  extras?: Record<string, unknown>;
  status?: ServiceStatus;
}

/**
 * `--registry-dir`, else `$DCC_MCP_REGISTRY_DIR`, else a private per-user dir (see registry-dir.ts).
 * @throws HubError PERMISSION_DENIED when the default dir exists but another user could control it.
 */
export function resolveRegistryDir(opt?: string): string {
  return resolvePrivateRegistryDir(opt);
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '']);

export class FileRegistry {
  readonly dir: string;
  readonly staleTimeoutMs: number;
  private readonly now: () => number;
  private readonly alive: (pid: number) => boolean;
  /** Problems met by the last read or write (corrupt file, invalid rows). */
  lastProblems: RegistryProblem[] = [];

  constructor(opts: FileRegistryOptions) {
    this.dir = opts.dir;
    this.staleTimeoutMs = opts.staleTimeoutMs ?? DEFAULT_STALE_TIMEOUT_MS;
    this.now = opts.now ?? Date.now;
    this.alive = opts.isPidAlive ?? isPidAlive;
  }

  /** Adds a row; @returns its instance_id. */
  async register(e: NewEntry): Promise<string> {
    const id = e.instance_id ?? randomUUID();
    const now = this.now();
    const row: RawRow = {
      dcc_type: e.dcc_type,
      instance_id: id,
      host: e.host ?? '127.0.0.1',
      port: e.port ?? 0,
      transport_address: e.transport_address ?? null,
      version: e.version ?? null,
      scene: e.scene ?? null,
      documents: e.documents ?? [],
      pid: e.pid ?? process.pid,
      display_name: e.display_name ?? null,
      metadata: e.metadata ?? {},
      extras: e.extras ?? {},
      registered_at: toTimestamp(now),
      last_heartbeat: toTimestamp(now),
      status: e.status ?? 'available',
    };
    await this.write((rows) => [...rows.filter((r) => !same(r, e.dcc_type, id)), row]);
    return id;
  }

  async deregister(dcc: string, id: string): Promise<void> {
    await this.write((rows) => rows.filter((r) => !same(r, dcc, id)));
  }

  async heartbeat(dcc: string, id: string): Promise<boolean> {
    return this.patch(dcc, id, { last_heartbeat: toTimestamp(this.now()) });
  }

  async updateStatus(dcc: string, id: string, status: ServiceStatus): Promise<boolean> {
    return this.patch(dcc, id, { status, last_heartbeat: toTimestamp(this.now()) });
  }

  async updateScene(dcc: string, id: string, scene: string | null, documents?: string[]): Promise<boolean> {
    return this.patch(dcc, id, documents ? { scene, documents } : { scene });
  }

  /** Live rows (stale and dead-pid rows left out). */
  listAll(): ServiceEntry[] {
    return this.listAllWithDead()
      .filter((r) => r.dead === null)
      .map((r) => r.entry);
  }

  /** Every valid row with why it is not live (null when it is). */
  listAllWithDead(): { entry: ServiceEntry; dead: 'stale' | 'dead_pid' | null }[] {
    const { entries, problems } = readRegistryFile(this.dir);
    this.lastProblems = problems;
    return entries.map((entry) => ({ entry, dead: this.deadReason(entry) }));
  }

  listInstances(dcc: string): ServiceEntry[] {
    return this.listAll().filter((e) => e.dcc_type === dcc);
  }

  get(dcc: string, id: string): ServiceEntry | undefined {
    return this.listAll().find((e) => e.dcc_type === dcc && e.instance_id === id);
  }

  /** Rewrites the file without stale and dead rows; @returns how many were removed. */
  async pruneFile(): Promise<number> {
    let removed = 0;
    await this.write((rows) =>
      rows.filter((r) => {
        const keep = this.isLiveRaw(r);
        if (!keep) removed++;
        return keep;
      }),
    );
    return removed;
  }

  /** Why a row is not live, or null when it is. */
  deadReason(e: Pick<ServiceEntry, 'last_heartbeat_ms' | 'pid' | 'host'>): 'stale' | 'dead_pid' | null {
    if (this.now() - e.last_heartbeat_ms > this.staleTimeoutMs) return 'stale';
    // Only pids on this machine can be checked.
    if (e.pid && (LOCAL_HOSTS.has(e.host ?? '') || e.host === hostname()) && !this.alive(e.pid)) return 'dead_pid';
    return null;
  }

  isLive(e: ServiceEntry): boolean {
    return this.deadReason(e) === null;
  }

  private isLiveRaw(r: RawRow): boolean {
    const e = parseRow(r, []);
    return e !== null && this.isLive(e);
  }

  private async patch(dcc: string, id: string, fields: RawRow): Promise<boolean> {
    let found = false;
    await this.write((rows) =>
      rows.map((r) => {
        if (!same(r, dcc, id)) return r;
        found = true;
        return { ...r, ...fields };
      }),
    );
    return found;
  }

  private async write(mutate: (rows: RawRow[]) => RawRow[]): Promise<void> {
    this.lastProblems = await updateRegistryFile(this.dir, mutate);
  }
}

function same(r: RawRow, dcc: string, id: string): boolean {
  return r.dcc_type === dcc && r.instance_id === id;
}
