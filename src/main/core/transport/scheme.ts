/**
 * TransportScheme: which addresses to try for an instance, in which order (dcc-mcp-core's
 * `TransportScheme.select_address`, plus the fallback list the hub really walks).
 */
import { HubError } from '../errors';
import { defaultLocal, type TransportAddress } from './address';

export const TRANSPORT_SCHEMES = ['auto', 'tcp_only', 'prefer_named_pipe', 'prefer_unix_socket', 'prefer_ipc'] as const;
export type TransportScheme = (typeof TRANSPORT_SCHEMES)[number];

/** @throws HubError INVALID_ARGS for an unknown scheme name. */
export function parseScheme(s: string): TransportScheme {
  const v = s.trim().toLowerCase();
  if ((TRANSPORT_SCHEMES as readonly string[]).includes(v)) return v as TransportScheme;
  throw new HubError('INVALID_ARGS', `unknown transport scheme "${s}" (expected one of ${TRANSPORT_SCHEMES.join(', ')})`);
}

export interface Endpoint {
  /** The instance's IPC address, when it has one (registry `transport_address`, or derived from dcc + pid). */
  ipc?: TransportAddress | null;
  host?: string;
  /** TCP port; 0 or absent = IPC only. */
  port?: number;
}

/**
 * Orders the candidate addresses for `scheme`: IPC first (when allowed and suited to the platform), then TCP.
 */
export function candidates(scheme: TransportScheme, ep: Endpoint, platform: NodeJS.Platform = process.platform): TransportAddress[] {
  const tcp: TransportAddress[] = ep.port ? [{ kind: 'tcp', host: ep.host || '127.0.0.1', port: ep.port }] : [];
  const ipc = ep.ipc && ep.ipc.kind !== 'tcp' ? [ep.ipc] : [];
  const ipcTcp = ep.ipc && ep.ipc.kind === 'tcp' ? [ep.ipc] : [];
  const allowed = (a: TransportAddress): boolean => {
    if (scheme === 'prefer_named_pipe') return a.kind === 'pipe';
    if (scheme === 'prefer_unix_socket') return a.kind === 'unix';
    if (scheme === 'auto') return platform === 'win32' ? a.kind === 'pipe' : a.kind === 'unix';
    return true;
  };
  if (scheme === 'tcp_only') return dedupe([...tcp, ...ipcTcp]);
  return dedupe([...ipc.filter(allowed), ...ipcTcp, ...tcp]);
}

/** dcc-mcp-core's `select_address`: the single preferred address for a new local instance. */
export function selectAddress(scheme: TransportScheme, dcc: string, host: string, port: number, pid: number, platform: NodeJS.Platform = process.platform): TransportAddress {
  if (scheme === 'tcp_only') return { kind: 'tcp', host, port };
  const local = defaultLocal(dcc, pid, platform);
  if (scheme === 'prefer_named_pipe' && platform !== 'win32') return { kind: 'tcp', host, port };
  if (scheme === 'prefer_unix_socket' && platform === 'win32') return { kind: 'tcp', host, port };
  return local;
}

function dedupe(list: TransportAddress[]): TransportAddress[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = JSON.stringify(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
