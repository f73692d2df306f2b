/**
 * One session per live DCC instance (SPEC §4): connect (IPC first, real TCP fallback), `dcc.hello`, heartbeat,
 * idle tracking, reconnect with capped jittered backoff, metrics. `closed` is terminal.
 */
import { randomUUID } from 'node:crypto';
import { HelloResultSchema, DCCLINK_PROTOCOL, type HelloResult, type PushBody } from '../../../shared/dcclink';
import { HubError } from '../errors';
import type { Logger } from '../log';
import { fromJson, formatAddress, type TransportAddress } from '../transport/address';
import { connectFirst } from '../transport/client';
import { authenticateToDcc } from '../transport/link-auth';
import { FrameConnection, type ConnectionCounters } from '../transport/frame-connection';
import { RpcPeer, type CallOptions } from '../transport/rpc-peer';
import { candidates } from '../transport/scheme';
import { isPidAlive } from '../registry/liveness';
import { SUPPORTED_FRAME_VERSIONS, type FrameVersion } from '../protocol/frame';
import type { TrafficTap } from '../transport/traffic-tap';
import { backoffDelay } from './backoff';
import type { ConnectionPool } from './connection-pool';
import { LatencyStats } from './latency-stats';
import type { InstanceRow, InstanceState, SessionConfig, SessionState } from './types';

const ALLOWED: Record<SessionState, readonly SessionState[]> = {
  connected: ['idle', 'reconnecting', 'closed'],
  idle: ['connected', 'reconnecting', 'closed'],
  reconnecting: ['connected', 'closed'],
  closed: [],
};

export interface SessionDeps {
  config: SessionConfig;
  pool: ConnectionPool;
  logger: Logger;
  hubVersion: string;
  tap?: TrafficTap;
  onChange: (s: DccSession) => void;
  onPush: (s: DccSession, push: PushBody) => void;
  /** The per-user DccLink secret, read at each connect (may throw: the session then fails authentication). */
  linkSecret: () => Buffer;
}

export class DccSession {
  readonly id = randomUUID();
  state: SessionState = 'reconnecting';
  /** Reconnect attempts since the last successful connect. */
  attempts = 0;
  everConnected = false;
  hello: HelloResult | null = null;
  address: TransportAddress | null = null;
  lastError: string | null = null;
  /** The last connect failed DccLink authentication: retrying cannot help until the DCC's address changes. */
  authFailed = false;
  /** The DCC's own report (Push `status`) that its main thread is stuck in a stopped script; null when fine. */
  stuck: { sinceMs: number; message: string } | null = null;
  connectedAtMs: number | null = null;
  closedAtMs: number | null = null;
  requests = 0;
  errors = 0;
  inFlight = 0;
  readonly latency = new LatencyStats();
  private peer: RpcPeer | null = null;
  private phase: 'connecting' | 'hello' | 'ready' = 'connecting';
  private readonly totals: ConnectionCounters = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0 };
  private idleTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly log: Logger;
  /** Frame version for the next connection's first frames: what the peer last used, else what its row says. */
  private frameVersion: FrameVersion;
  /** Set when the row left the registry while calls were running: close once they are done. */
  private retiring: string | null = null;

  constructor(
    public row: InstanceRow,
    private readonly deps: SessionDeps,
  ) {
    this.log = deps.logger.child(`${row.dcc_type}:${row.instance_id.slice(0, 8)}`);
    this.frameVersion = advertisedFrameVersion(row);
  }

  get instanceId(): string {
    return this.row.instance_id;
  }

  /** The instance's state as an artist sees it. */
  get instanceState(): InstanceState {
    if (this.state === 'closed' || (this.state === 'reconnecting' && this.everConnected) || (this.attempts > 0 && !this.peer)) return 'unreachable';
    if (!this.peer) return 'registered';
    if (this.phase !== 'ready') return 'reachable';
    return this.inFlight > 0 || this.row.status === 'busy' ? 'busy' : 'ready';
  }

  /** Frames and bytes in/out across every connection this session has had. */
  get counters(): ConnectionCounters {
    const c = this.peer?.conn.counters;
    return {
      framesIn: this.totals.framesIn + (c?.framesIn ?? 0),
      framesOut: this.totals.framesOut + (c?.framesOut ?? 0),
      bytesIn: this.totals.bytesIn + (c?.bytesIn ?? 0),
      bytesOut: this.totals.bytesOut + (c?.bytesOut ?? 0),
    };
  }

  get rttMs(): number {
    return this.peer?.lastRttMs ?? NaN;
  }

  /** First connection; on failure the session goes on retrying with backoff. */
  async open(): Promise<void> {
    try {
      await this.connectOnce();
      this.onConnected();
    } catch (err) {
      this.fail(err);
      this.retryUnlessRefused(err);
    }
  }

  /**
   * Calls a method on the DCC.
   * @throws HubError CONNECTION_FAILED while reconnecting or closed; whatever the call itself throws.
   */
  async call<T = unknown>(method: string, params?: unknown, opts: CallOptions = {}): Promise<T> {
    const peer = this.peer;
    if (this.state === 'closed') throw new HubError('CONNECTION_FAILED', `${this.label} is unreachable (gave up after ${this.deps.config.reconnectMaxRetries} reconnect attempts${this.lastError ? `: ${this.lastError}` : ''})`);
    if (this.retiring) throw new HubError('CONNECTION_FAILED', `${this.label} left the registry (${this.retiring}); finishing its running calls only`);
    if (!peer || this.phase !== 'ready') throw new HubError('CONNECTION_FAILED', `${this.label} is not connected yet (${this.state}${this.attempts ? `, attempt ${this.attempts}/${this.deps.config.reconnectMaxRetries}` : ''})`);
    if (this.state === 'idle') this.transition('connected');
    this.requests++;
    this.inFlight++;
    if (this.inFlight === 1) this.deps.onChange(this);
    try {
      return await peer.call<T>(method, params, opts);
    } catch (err) {
      this.errors++;
      this.lastError = (err as Error).message;
      throw err;
    } finally {
      this.inFlight--;
      if (this.retiring && this.inFlight === 0) this.close(this.retiring);
      else {
        this.armIdle();
        this.deps.onChange(this);
      }
    }
  }

  /**
   * Ends the session once its in-flight calls are done: a row leaving the registry (or one bad read of it) must
   * not cut a running script. A peer that is really gone still fails them at once (its connection closes).
   */
  retire(reason: string): void {
    if (this.inFlight === 0) this.close(reason);
    else this.retiring ??= reason;
  }

  /** Re-reads the instance's tools after a `tools.changed` push. */
  async refreshHello(): Promise<void> {
    if (!this.peer) return;
    this.hello = HelloResultSchema.parse(await this.peer.call('dcc.hello', { hub_version: this.deps.hubVersion, protocol: DCCLINK_PROTOCOL }));
    this.deps.onChange(this);
  }

  /** Ends the session for good. */
  close(reason = 'session closed'): void {
    if (this.state === 'closed') return;
    this.transition('closed');
    this.closedAtMs = Date.now();
    this.clearTimers();
    const peer = this.peer;
    this.peer = null;
    peer?.close(new HubError('CONNECTION_FAILED', `${this.label}: ${reason}`));
    this.deps.onChange(this);
  }

  get label(): string {
    return `${this.row.dcc_type} ${this.row.instance_id.slice(0, 8)}`;
  }

  private async connectOnce(): Promise<void> {
    const cfg = this.deps.config;
    // A pool slot is taken only once the DCC has answered hello: rows that never answer (dead or hung
    // processes) must not keep a real instance of the same DCC waiting.
    let release: (() => void) | null = null;
    let peer: RpcPeer | null = null;
    try {
      const list = candidates(cfg.scheme, { ipc: fromJson(this.row.transport_address), host: this.row.host, port: this.row.port });
      // A DCC whose process is gone may have left its socket file: clear it on the way.
      const dead = typeof this.row.pid === 'number' && !isPidAlive(this.row.pid);
      const { socket, address } = await connectFirst(list, { timeoutMs: cfg.connectTimeoutMs, removeStale: dead });
      const conn = new FrameConnection(socket, { framing: this.row.metadata?.framing === 'ipckit' ? 'ipckit' : 'dcclink', label: this.row.instance_id, logger: this.log, frameVersion: this.frameVersion });
      peer = new RpcPeer(conn, { tap: this.deps.tap, logger: this.log, defaultTimeoutMs: cfg.callTimeoutMs, onCallDone: (ms) => this.latency.add(ms) });
      const p = peer;
      p.onclose = (r) => {
        release?.();
        this.onPeerClosed(p, r.error?.message ?? 'connection closed');
      };
      p.onpush = (push) => this.onPush(push);
      this.peer = p;
      this.address = address;
      this.phase = 'hello';
      this.deps.onChange(this);
      await authenticateToDcc(p, this.secret(), address, cfg.connectTimeoutMs);
      const raw = await p.call('dcc.hello', { hub_version: this.deps.hubVersion, protocol: DCCLINK_PROTOCOL, frame_versions: SUPPORTED_FRAME_VERSIONS }, { timeoutMs: cfg.connectTimeoutMs });
      const hello = HelloResultSchema.safeParse(raw);
      if (!hello.success) throw new HubError('INVALID_ARGS', `dcc.hello answered an unexpected shape: ${hello.error.issues[0]?.path.join('.')} ${hello.error.issues[0]?.message}`);
      if (hello.data.protocol !== DCCLINK_PROTOCOL) throw new HubError('INVALID_ARGS', `${this.label} speaks DccLink protocol ${hello.data.protocol}; this hub speaks ${DCCLINK_PROTOCOL}`);
      release = await this.deps.pool.acquire(this.row.dcc_type, cfg.connectTimeoutMs);
      if (!p.isOpen) throw new HubError('CONNECTION_FAILED', `${this.label}: connection closed while waiting for a pool slot`);
      this.hello = hello.data;
      this.phase = 'ready';
      p.startHeartbeat(cfg.heartbeatIntervalMs, 3);
    } catch (err) {
      release?.();
      if (peer) {
        this.rememberVersion(peer);
        this.peer = null;
        this.phase = 'connecting';
        peer.close();
      }
      throw err;
    }
  }

  private onConnected(): void {
    if (this.state === 'closed') {
      this.peer?.close();
      return;
    }
    this.attempts = 0;
    this.everConnected = true;
    this.lastError = null;
    this.connectedAtMs = Date.now();
    this.transition('connected');
    this.log.info(`connected over ${this.address ? formatAddress(this.address) : '?'}`);
    this.armIdle();
    this.deps.onChange(this);
  }

  /** A peer that answered (even with an error) in some version is spoken to in it next time. */
  private rememberVersion(peer: RpcPeer): void {
    if (peer.conn.peerVersion !== null) this.frameVersion = peer.conn.peerVersion;
  }

  private onPeerClosed(peer: RpcPeer, why: string): void {
    if (this.peer !== peer) return;
    this.rememberVersion(peer);
    const c = peer.conn.counters;
    this.totals.framesIn += c.framesIn;
    this.totals.framesOut += c.framesOut;
    this.totals.bytesIn += c.bytesIn;
    this.totals.bytesOut += c.bytesOut;
    this.peer = null;
    this.phase = 'connecting';
    this.stuck = null;
    if (this.retiring) return this.close(this.retiring);
    if (this.state === 'closed' || this.state === 'reconnecting') return;
    this.lastError = why;
    this.log.warn(`connection lost: ${why}`);
    this.transition('reconnecting');
    this.deps.onChange(this);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.state === 'closed') return;
    const cfg = this.deps.config;
    if (this.attempts >= cfg.reconnectMaxRetries) {
      this.log.warn(`giving up after ${this.attempts} reconnect attempts: ${this.lastError ?? ''}`);
      this.close('unreachable');
      return;
    }
    this.attempts++;
    const delay = backoffDelay(this.attempts, { baseMs: cfg.reconnectBaseMs });
    this.deps.onChange(this);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connectOnce().then(
        () => this.onConnected(),
        (err) => {
          this.fail(err);
          this.retryUnlessRefused(err);
        },
      );
    }, delay);
    this.retryTimer.unref();
  }

  private secret(): Buffer {
    try {
      return this.deps.linkSecret();
    } catch (err) {
      throw new HubError('PERMISSION_DENIED', `authentication failed: cannot use the DccLink secret: ${(err as Error).message}`);
    }
  }

  /** A failed authentication closes the session at once (shown as unreachable): retrying would only hammer the DCC. */
  private retryUnlessRefused(err: unknown): void {
    this.authFailed = err instanceof HubError && err.code === 'PERMISSION_DENIED';
    if (!this.authFailed) return this.scheduleRetry();
    this.log.warn(this.lastError ?? 'authentication failed');
    this.close('authentication failed');
  }

  private fail(err: unknown): void {
    this.lastError = (err as Error).message;
    this.log.debug(`connect failed: ${this.lastError}`);
    this.deps.onChange(this);
  }

  private onPush(push: PushBody): void {
    if (push.topic === 'status') this.onStatus(push.data);
    if (push.topic === 'tools.changed') this.refreshHello().catch((e: Error) => this.log.warn(`refreshing tools failed: ${e.message}`));
    if (push.topic === 'scene.changed' && push.data && typeof push.data === 'object' && 'scene' in push.data) {
      this.row = { ...this.row, scene: String((push.data as { scene: unknown }).scene) };
      this.deps.onChange(this);
    }
    this.deps.onPush(this, push);
  }

  private onStatus(data: unknown): void {
    const d = (data && typeof data === 'object' ? data : {}) as { state?: unknown; since_ms?: unknown; message?: unknown };
    const stuck = d.state === 'stuck' ? { sinceMs: typeof d.since_ms === 'number' ? d.since_ms : Date.now(), message: typeof d.message === 'string' ? d.message : 'the main thread is stuck' } : null;
    if (stuck) this.log.warn(stuck.message);
    this.stuck = stuck;
    this.deps.onChange(this);
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.state === 'connected' && this.inFlight === 0) {
        this.transition('idle');
        this.deps.onChange(this);
      }
    }, this.deps.config.idleTimeoutMs);
    this.idleTimer.unref();
  }

  private clearTimers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.idleTimer = this.retryTimer = null;
  }

  private transition(to: SessionState): void {
    if (this.state === to) return;
    if (!ALLOWED[this.state].includes(to)) throw new HubError('INTERNAL', `illegal session transition ${this.state} → ${to}`);
    this.state = to;
  }
}

/** The allowed state transitions, exported for tests and docs. */
export const SESSION_TRANSITIONS = ALLOWED;

/** `metadata.dcclink_versions` ("0,1") lists the frame versions a row's server reads; start with the highest we share. */
export function advertisedFrameVersion(row: Pick<InstanceRow, 'metadata'>): FrameVersion {
  const listed = String(row.metadata?.dcclink_versions ?? '').split(',').map((v) => v.trim());
  return listed.includes('1') ? 1 : 0;
}
