/**
 * TransportAddress (SPEC §3): `tcp://host:port`, `unix:///path.sock`, `pipe://name` (→ `\\.\pipe\name`),
 * and the registry's JSON form `{type: "tcp"|"unix_socket"|"named_pipe", …}`.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubError } from '../errors';

export type TransportAddress =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'unix'; path: string }
  | { kind: 'pipe'; name: string };

/** The registry row's `transport_address` JSON form. */
export type TransportAddressJson =
  | { type: 'tcp'; host: string; port: number }
  | { type: 'unix_socket'; path: string }
  | { type: 'named_pipe'; path: string };

const PIPE_PREFIX = '\\\\.\\pipe\\';

/**
 * Parses a transport URI.
 * @throws HubError INVALID_ADDRESS naming what is wrong and the accepted forms.
 */
export function parseAddress(text: string): TransportAddress {
  const s = text.trim();
  const forms = 'expected tcp://host:port, unix:///path.sock or pipe://name';
  if (s.startsWith('tcp://')) {
    const rest = s.slice(6);
    const m = /^(\[[^\]]+\]|[^:/[\]]+):(\d{1,5})$/.exec(rest);
    if (!m) throw new HubError('INVALID_ADDRESS', `bad TCP address "${text}": ${forms}`);
    const port = Number(m[2]);
    if (port > 65535) throw new HubError('INVALID_ADDRESS', `bad TCP address "${text}": port ${port} is above 65535`);
    return { kind: 'tcp', host: m[1]!.replace(/^\[|\]$/g, ''), port };
  }
  if (s.startsWith('unix://')) {
    const path = s.slice(7);
    if (!path.startsWith('/') || path.length < 2) throw new HubError('INVALID_ADDRESS', `bad Unix socket address "${text}": the path must be absolute (unix:///tmp/x.sock)`);
    return { kind: 'unix', path };
  }
  if (s.startsWith('pipe://')) {
    const name = s.slice(7).replace(/^\\\\\.\\pipe\\/, '');
    if (!name || /[\\/]/.test(name)) throw new HubError('INVALID_ADDRESS', `bad named pipe address "${text}": ${forms}`);
    return { kind: 'pipe', name };
  }
  throw new HubError('INVALID_ADDRESS', `unknown transport address "${text}": ${forms}`);
}

/** Formats an address as its URI; `parseAddress(formatAddress(a))` equals `a`. */
export function formatAddress(a: TransportAddress): string {
  switch (a.kind) {
    case 'tcp':
      return `tcp://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
    case 'unix':
      return `unix://${a.path}`;
    case 'pipe':
      return `pipe://${a.name}`;
  }
}

/** The path or options `net.connect`/`listen` take for this address. */
export function netTarget(a: TransportAddress): { path: string } | { host: string; port: number } {
  if (a.kind === 'tcp') return { host: a.host, port: a.port };
  if (a.kind === 'unix') return { path: a.path };
  return { path: PIPE_PREFIX + a.name };
}

/** True for same-machine IPC transports. */
export function isIpc(a: TransportAddress): boolean {
  return a.kind !== 'tcp';
}

/**
 * The platform's PID-unique local address: `$TMPDIR/dcc-mcp-{dcc}-{pid}.sock` on Unix,
 * `\\.\pipe\dcc-mcp-{dcc}-{pid}` on Windows.
 */
export function defaultLocal(dcc: string, pid: number, platform: NodeJS.Platform = process.platform): TransportAddress {
  if (!/^[A-Za-z0-9_.-]+$/.test(dcc)) throw new HubError('INVALID_ADDRESS', `dcc name "${dcc}" may only contain letters, digits, '_', '.', '-'`);
  const name = `dcc-mcp-${dcc}-${pid}`;
  return platform === 'win32' ? { kind: 'pipe', name } : { kind: 'unix', path: join(tmpdir(), `${name}.sock`) };
}

/** Converts the registry JSON form; unknown shapes return null. */
export function fromJson(j: unknown): TransportAddress | null {
  if (!j || typeof j !== 'object') return null;
  const o = j as Record<string, unknown>;
  if (o.type === 'tcp' && typeof o.host === 'string' && typeof o.port === 'number') return { kind: 'tcp', host: o.host, port: o.port };
  if (o.type === 'unix_socket' && typeof o.path === 'string') return { kind: 'unix', path: o.path };
  if (o.type === 'named_pipe' && typeof o.path === 'string') return { kind: 'pipe', name: o.path.replace(/^\\\\\.\\pipe\\/, '') };
  return null;
}

/** Converts to the registry JSON form. */
export function toJson(a: TransportAddress): TransportAddressJson {
  if (a.kind === 'tcp') return { type: 'tcp', host: a.host, port: a.port };
  if (a.kind === 'unix') return { type: 'unix_socket', path: a.path };
  return { type: 'named_pipe', path: PIPE_PREFIX + a.name };
}
