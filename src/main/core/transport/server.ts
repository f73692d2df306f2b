/**
 * A DccLink server on a Unix socket, named pipe or TCP port, with `maxConnections` and an idle connection
 * timeout. Used by test peers and benches; DCC plugins implement the same in Python.
 */
import { chmodSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { HubError } from '../errors';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { FrameType } from '../../../shared/dcclink';
import { formatAddress, netTarget, type TransportAddress } from './address';
import { FrameConnection, type FrameConnectionOptions } from './frame-connection';
import { removeStaleSocket } from './socket-file';

export interface DccLinkServerOptions extends FrameConnectionOptions {
  /** default 10 (dcc-mcp-core SocketServerAdapter) */
  maxConnections?: number;
  /** Idle time after which a connection is closed; default 30 s, 0 = never. */
  connectionTimeoutMs?: number;
  logger?: Logger;
}

export class DccLinkServer {
  private server: Server | null = null;
  private readonly conns = new Set<FrameConnection>();
  private ownedPath: string | null = null;
  private bound: TransportAddress | null = null;

  constructor(
    private readonly onConnection: (conn: FrameConnection) => void,
    private readonly opts: DccLinkServerOptions = {},
  ) {}

  get connectionCount(): number {
    return this.conns.size;
  }

  /** The address actually bound (TCP port 0 resolved). */
  get address(): TransportAddress {
    if (!this.bound) throw new HubError('TRANSPORT_CLOSED', 'server is not listening');
    return this.bound;
  }

  /**
   * Listens on `addr`, first removing a stale socket file left by a crashed run.
   * @throws HubError CONNECTION_FAILED when a live server owns the address.
   */
  async listen(addr: TransportAddress): Promise<TransportAddress> {
    if (addr.kind === 'unix') await removeStaleSocket(addr.path);
    const server = createServer((s) => this.accept(s));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(new HubError('CONNECTION_FAILED', `cannot listen on ${formatAddress(addr)}: ${e.message}`)));
      server.listen(netTarget(addr), () => resolve());
    });
    if (addr.kind === 'unix') {
      this.ownedPath = addr.path;
      // Only this user may connect (SPEC §2): the DccLink handshake is the second lock, not the only one.
      chmodSync(addr.path, 0o600);
    }
    const a = server.address();
    this.bound = addr.kind === 'tcp' && a && typeof a === 'object' ? { kind: 'tcp', host: addr.host, port: a.port } : addr;
    return this.bound;
  }

  /** Stops listening, closes every connection and removes the socket file it created. */
  async close(): Promise<void> {
    for (const c of this.conns) c.close();
    this.conns.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (this.ownedPath) {
      try {
        unlinkSync(this.ownedPath);
      } catch {
        // Already gone.
      }
      this.ownedPath = null;
    }
  }

  private accept(sock: Socket): void {
    const log = this.opts.logger ?? silentLogger;
    const max = this.opts.maxConnections ?? 10;
    const conn = new FrameConnection(sock, { ...this.opts, label: this.opts.label ?? 'server' });
    if (this.conns.size >= max) {
      log.warn(`refusing a connection: ${max} connections already open`);
      try {
        conn.send(FrameType.Err, 0, { code: 'CONNECTION_FAILED', message: `server is at its limit of ${max} connections`, recoverable: true });
      } finally {
        conn.close();
      }
      return;
    }
    this.conns.add(conn);
    const idle = this.opts.connectionTimeoutMs ?? 30_000;
    if (idle > 0) {
      sock.setTimeout(idle, () => {
        log.info(`closing a connection idle for ${idle} ms`);
        conn.close();
      });
    }
    // Tracked on the socket, not conn.onclose, which the RPC layer takes over.
    sock.once('close', () => this.conns.delete(conn));
    this.onConnection(conn);
  }
}
