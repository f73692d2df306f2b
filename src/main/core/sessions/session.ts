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
import { FrameConnection, type ConnectionCounters } from '../transport/frame-connection';
import { RpcPeer, type CallOptions } from '../transport/rpc-peer';
import { candidates } from '../transport/scheme';
import { isPidAlive } from '../registry/file-lock';
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

  constructor(
    public row: InstanceRow,
    private readonly deps: SessionDeps,
  ) {
    this.log = deps.logger.child(`${row.dcc_type}:${row.instance_id.slice(0, 8)}`);
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
      this.scheduleRetry();
    }
  }

  /**
   * Calls a method on the DCC.
   * @throws HubError CONNECTION_FAILED while reconnecting or closed; whatever the call itself throws.
   */
  async call<T = unknown>(method: string, params?: unknown, opts: CallOptions = {}): Promise<T> {
    const peer = this.peer;
    if (this.state === 'closed') throw new HubError('CONNECTION_FAILED', `${this.label} is unreachable (gave up after ${this.deps.config.reconnectMaxRetries} reconnect attempts${this.lastError ? `: ${this.lastError}` : ''})`);
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
      this.armIdle();
      this.deps.onChange(this);
    }
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
      const conn = new FrameConnection(socket, { framing: this.row.metadata?.framing === 'ipckit' ? 'ipckit' : 'dcclink', label: this.row.instance_id, logger: this.log });
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
      const raw = await p.call('dcc.hello', { hub_version: this.deps.hubVersion, protocol: DCCLINK_PROTOCOL }, { timeoutMs: cfg.connectTimeoutMs });
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

  private onPeerClosed(peer: RpcPeer, why: string): void {
    if (this.peer !== peer) return;
    const c = peer.conn.counters;
    this.totals.framesIn += c.framesIn;
    this.totals.framesOut += c.framesOut;
    this.totals.bytesIn += c.bytesIn;
    this.totals.bytesOut += c.bytesOut;
    this.peer = null;
    this.phase = 'connecting';
    this.stuck = null;
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
          this.scheduleRetry();
        },
      );
    }, delay);
    this.retryTimer.unref();
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
