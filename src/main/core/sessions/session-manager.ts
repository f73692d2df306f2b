/**
 * The session manager (SPEC §4): one session per live DccLink instance, created when the instance appears,
 * closed when it goes, re-opened when the registry shows a closed instance alive again.
 */
import { EventEmitter } from 'node:events';
import type { PushBody } from '../../../shared/dcclink';
import { HubError } from '../errors';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { loadOrCreateLinkSecret } from '../transport/link-secret';
import type { CallOptions } from '../transport/rpc-peer';
import type { TrafficTap } from '../transport/traffic-tap';
import { ConnectionPool } from './connection-pool';
import { DccSession } from './session';
import { DEFAULT_SESSION_CONFIG, type InstanceRow, type SessionConfig } from './types';

export interface SessionManagerOptions {
  config?: Partial<SessionConfig>;
  logger?: Logger;
  tap?: TrafficTap;
  hubVersion?: string;
  /** The DccLink secret; default: the per-user secret file (`linkSecretFile()`), created on first use. */
  linkSecret?: () => Buffer;
}

export interface SessionManagerEvents {
  /** Something about an instance or its session changed (state, metrics, tools). */
  change: [session: DccSession];
  /** The set of instances changed (added or removed). */
  instances: [];
  push: [session: DccSession, push: PushBody];
}

/** True for rows this hub talks DccLink to (the rest are dcc-mcp-core MCP servers, see services/). */
export function isDccLinkRow(row: InstanceRow): boolean {
  return row.metadata?.dcclink === '1';
}

export class SessionManager extends EventEmitter<SessionManagerEvents> {
  readonly config: SessionConfig;
  private readonly sessions = new Map<string, DccSession>();
  /** Sessions of removed rows still finishing their calls (closed on shutdown at the latest). */
  private readonly retiring = new Set<DccSession>();
  private readonly pool: ConnectionPool;
  private readonly log: Logger;
  private shutDown = false;

  constructor(private readonly opts: SessionManagerOptions = {}) {
    super();
    this.config = { ...DEFAULT_SESSION_CONFIG, ...opts.config };
    this.pool = new ConnectionPool(this.config.maxConnectionsPerDcc);
    this.log = (opts.logger ?? silentLogger).child('sessions');
  }

  /** Every session, live or closed (closed ones stay listed as unreachable until their row goes). */
  list(): DccSession[] {
    return [...this.sessions.values()];
  }

  /** Open connections per dcc_type (or in all). */
  poolSize(dcc?: string): number {
    return this.pool.size(dcc);
  }

  /**
   * A row appeared or changed. Creates the session for a new instance; re-opens a closed one when the row
   * shows a newer heartbeat or a new address.
   */
  upsert(row: InstanceRow): void {
    if (this.shutDown || !isDccLinkRow(row)) return;
    const existing = this.sessions.get(row.instance_id);
    if (!existing) {
      this.start(row);
      this.emit('instances');
      return;
    }
    // After a failed authentication only a new address is worth another try (a heartbeat would retry every 5 s).
    const revived = existing.state === 'closed' && (((row.lastHeartbeatMs ?? 0) > (existing.closedAtMs ?? 0) && !existing.authFailed) || addressChanged(existing.row, row));
    existing.row = { ...existing.row, ...row };
    if (revived) {
      this.log.info(`${existing.label} is alive again in the registry; reconnecting`);
      this.start(row);
    } else this.emit('change', existing);
  }

  /** A row went away: its session is dropped, and closed once its running calls are done. */
  remove(instanceId: string, reason = 'instance left the registry'): void {
    const s = this.sessions.get(instanceId);
    if (!s) return;
    this.sessions.delete(instanceId);
    s.retire(reason);
    for (const r of this.retiring) if (r.state === 'closed') this.retiring.delete(r);
    if (s.state !== 'closed') this.retiring.add(s);
    this.emit('instances');
  }

  /** Replaces the known rows with `rows` (adds, updates, removes). */
  sync(rows: InstanceRow[]): void {
    const live = new Set(rows.filter(isDccLinkRow).map((r) => r.instance_id));
    for (const id of [...this.sessions.keys()]) if (!live.has(id)) this.remove(id);
    for (const r of rows) this.upsert(r);
  }

  /**
   * Finds a session by exact instance id, id prefix, or dcc_type (when only one instance of it is live).
   * @throws HubError NOT_FOUND listing the live instances, or INVALID_ARGS when ambiguous.
   */
  resolve(ref: string): DccSession {
    const all = this.list();
    const exact = this.sessions.get(ref);
    if (exact) return exact;
    const listing = all.map((s) => `${s.row.dcc_type} ${s.instanceId.slice(0, 8)}`).join(', ') || 'none';
    const found = matchInstances(all, ref);
    if (found.length === 1) return found[0]!;
    if (found.length === 0) throw new HubError('NOT_FOUND', `no DCC instance matches "${ref}"; live instances: ${listing}`);
    throw new HubError('INVALID_ARGS', `"${ref}" matches ${found.length} instances; use an instance-id prefix: ${found.map((s) => `${s.row.dcc_type} ${s.instanceId.slice(0, 8)}`).join(', ')}`);
  }

  /** Calls `method` on the instance `ref` names (see resolve). */
  call<T = unknown>(ref: string, method: string, params?: unknown, opts?: CallOptions): Promise<T> {
    if (this.shutDown) return Promise.reject(new HubError('SHUT_DOWN', 'the session manager is shut down'));
    return this.resolve(ref).call<T>(method, params, opts);
  }

  /**
   * Housekeeping: drops closed sessions whose rows are stale, closes idle ones.
   * @param liveRows the registry's current rows (stale/dead already pruned); `stale` counts rows pruned by the caller.
   */
  cleanup(liveRows?: InstanceRow[], stale = 0): { stale: number; sessions: number; evicted: number } {
    let sessions = 0;
    let evicted = 0;
    const live = liveRows ? new Set(liveRows.map((r) => r.instance_id)) : null;
    for (const s of this.list()) {
      if (live && !live.has(s.instanceId)) {
        this.remove(s.instanceId, 'stale');
        sessions++;
      } else if (s.state === 'idle') {
        s.close('evicted while idle');
        this.sessions.delete(s.instanceId);
        evicted++;
      }
    }
    if (sessions || evicted) this.emit('instances');
    return { stale, sessions, evicted };
  }

  /** Closes every session; final. */
  shutdown(): void {
    if (this.shutDown) return;
    this.shutDown = true;
    for (const s of [...this.sessions.values(), ...this.retiring]) s.close('hub shutting down');
    this.sessions.clear();
    this.retiring.clear();
    this.pool.close();
    this.emit('instances');
  }

  get isShutDown(): boolean {
    return this.shutDown;
  }

  private start(row: InstanceRow): void {
    const s = new DccSession(row, {
      config: this.config,
      pool: this.pool,
      logger: this.log,
      hubVersion: this.opts.hubVersion ?? '0.0.0',
      tap: this.opts.tap,
      onChange: (x) => this.emit('change', x),
      onPush: (x, p) => this.emit('push', x, p),
      linkSecret: this.opts.linkSecret ?? (() => loadOrCreateLinkSecret()),
    });
    this.sessions.set(row.instance_id, s);
    void s.open();
  }
}

function addressChanged(a: InstanceRow, b: InstanceRow): boolean {
  return JSON.stringify(a.transport_address) !== JSON.stringify(b.transport_address) || a.port !== b.port || a.host !== b.host;
}

/**
 * Which instances a reference names (SPEC §5): a DCC type names exactly the instances of that type; otherwise an
 * instance-id prefix (hex and dashes only, at least 4 characters). A name that is any known DCC type is never read
 * as an id prefix, so a row whose id starts "maya-…" cannot capture `instance: "maya"` from another DCC type.
 */
export function matchInstances<T extends { instanceId: string; row: { dcc_type: string } }>(all: T[], ref: string): T[] {
  const r = ref.toLowerCase();
  if (all.some((s) => s.row.dcc_type.toLowerCase() === r)) return all.filter((s) => s.row.dcc_type.toLowerCase() === r);
  if (!/^[0-9a-f-]{4,}$/.test(r)) return [];
  const bare = r.replace(/-/g, '');
  return all.filter((s) => s.instanceId.toLowerCase().startsWith(r) || s.instanceId.toLowerCase().replace(/-/g, '').startsWith(bare));
}
