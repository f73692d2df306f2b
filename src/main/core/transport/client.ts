/**
 * Connecting to a DCC: one address with a timeout, or several in preference order with real fallback
 * (SPEC §3: unlike dcc-mcp-core, an IPC endpoint that does not answer falls back to TCP).
 */
import { connect, type Socket } from 'node:net';
import { HubError } from '../errors';
import { formatAddress, netTarget, type TransportAddress } from './address';
import { removeStaleSocket } from './socket-file';

export interface ConnectOptions {
  /** default 10 s (SPEC §4 connect_timeout) */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * When a Unix socket refuses the connection, remove its file if nobody listens on it (a crashed DCC's
   * leftover), so the next instance can bind there. Only for endpoints known to be dead (e.g. their pid is gone).
   */
  removeStale?: boolean;
}

/**
 * Opens a stream socket to `addr`.
 * @throws HubError CONNECTION_FAILED with the address and the reason (refused, missing, timed out).
 */
export function connectAddress(addr: TransportAddress, opts: ConnectOptions = {}): Promise<Socket> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const sock = connect(netTarget(addr));
    sock.setNoDelay?.(true);
    const fail = (why: string, code?: string): void => {
      cleanup();
      sock.destroy();
      reject(new HubError('CONNECTION_FAILED', `cannot connect to ${formatAddress(addr)}: ${why}`, { address: formatAddress(addr), errno: code }));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`, 'ETIMEDOUT'), timeoutMs);
    const onAbort = (): void => fail('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const onError = (e: NodeJS.ErrnoException): void => {
      if (opts.removeStale && addr.kind === 'unix' && e.code === 'ECONNREFUSED') {
        void removeStaleSocket(addr.path).then(
          (removed) => fail(`${describe(e)}${removed ? '; removed the stale socket file' : ''}`, e.code),
          () => fail(describe(e), e.code),
        );
        return;
      }
      fail(describe(e), e.code);
    };
    function cleanup(): void {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      sock.off('error', onError);
    }
    sock.once('error', onError);
    sock.once('connect', () => {
      cleanup();
      resolve(sock);
    });
  });
}

/**
 * Tries each address in order and returns the first that accepts.
 * @throws HubError CONNECTION_FAILED listing why each candidate failed.
 */
export async function connectFirst(candidates: TransportAddress[], opts: ConnectOptions = {}): Promise<{ socket: Socket; address: TransportAddress }> {
  if (candidates.length === 0) throw new HubError('CONNECTION_FAILED', 'no transport address to connect to');
  const reasons: string[] = [];
  for (const address of candidates) {
    try {
      return { socket: await connectAddress(address, opts), address };
    } catch (err) {
      reasons.push((err as Error).message);
      if (opts.signal?.aborted) break;
    }
  }
  throw new HubError('CONNECTION_FAILED', reasons.join('; '), { candidates: candidates.map(formatAddress) });
}

function describe(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such socket (the DCC is not running or uses another address)';
    case 'ECONNREFUSED':
      return 'connection refused (nothing is listening)';
    case 'EACCES':
      return 'permission denied';
    default:
      return e.message;
  }
}
