/** What the session layer needs to know about a registry row, and its configuration (SPEC §4 defaults). */
import type { TransportScheme } from '../transport/scheme';

/** A structural view of a registry ServiceEntry (see src/shared/registry.ts). */
export interface InstanceRow {
  dcc_type: string;
  instance_id: string;
  host?: string;
  port?: number;
  transport_address?: unknown;
  pid?: number | null;
  version?: string | null;
  scene?: string | null;
  display_name?: string | null;
  status?: string;
  metadata?: Record<string, string>;
  /** Last heartbeat as ms since epoch. */
  lastHeartbeatMs?: number;
}

export type SessionState = 'connected' | 'idle' | 'reconnecting' | 'closed';

/** What the UI shows for an instance: registered → reachable → ready / busy, or unreachable. */
export type InstanceState = 'registered' | 'reachable' | 'ready' | 'busy' | 'unreachable';

export interface SessionConfig {
  maxConnectionsPerDcc: number;
  idleTimeoutMs: number;
  heartbeatIntervalMs: number;
  connectTimeoutMs: number;
  reconnectMaxRetries: number;
  /** First reconnect delay; doubles each attempt up to 30 s. */
  reconnectBaseMs: number;
  /** Default per-call timeout. */
  callTimeoutMs: number;
  scheme: TransportScheme;
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = {
  maxConnectionsPerDcc: 10,
  idleTimeoutMs: 300_000,
  heartbeatIntervalMs: 5_000,
  connectTimeoutMs: 10_000,
  reconnectMaxRetries: 3,
  reconnectBaseMs: 1_000,
  callTimeoutMs: 30_000,
  scheme: 'auto',
};
