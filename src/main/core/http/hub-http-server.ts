/**
 * The hub's one HTTP server (SPEC §1, §6): `/mcp` for agents, the control panel UI at `/`, and the UI's
 * WebSocket API at `/api/ws`. Loopback bind, Host/Origin checks and the bearer token on by default.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log';
import { checkBearer, checkDeclaredSize, checkHost, checkOrigin, readBody, tokenMatches, type Refusal } from '../mcp/http-security';
import type { McpEndpoint } from '../mcp/mcp-endpoint';
import { resolveStatic, sendFile } from './static-files';

export const UI_COOKIE = 'dcc_mcp_hub_ui';

export interface HubHttpServerOptions {
  host: string;
  port: number;
  /** Returns the current bearer token (it can be regenerated while running). */
  token: () => string;
  mcp: McpEndpoint;
  /** Built renderer directory; null when the UI is not built. */
  uiDir: string | null;
  logger: Logger;
  /** Extra allowed Origins (lowercase). */
  allowedOrigins?: string[];
  /** Handles WebSocket upgrades on /api/ws once the request is authorised. */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export class HubHttpServer {
  readonly server: Server;
  private readonly uiSessions = new Set<string>();
  private readonly allowed: Set<string>;

  constructor(private readonly opts: HubHttpServerOptions) {
    this.allowed = new Set((opts.allowedOrigins ?? []).map((o) => o.toLowerCase()));
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: Error) => {
        opts.logger.error(`HTTP ${req.method} ${req.url} failed: ${err.message}`);
        if (!res.headersSent) send(res, 500, { error: 'internal_error', message: 'The hub hit an internal error; see its log.' });
        else res.end();
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  /** Listens; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        const a = this.server.address();
        resolve(typeof a === 'object' && a ? a.port : this.opts.port);
      });
    });
  }

  /** Sets the handler of authorised WebSocket upgrades on /api/ws. */
  setUpgradeHandler(fn: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): void {
    this.opts.onUpgrade = fn;
  }

  /** True when the request carries a valid UI cookie or the bearer token. */
  isAuthorized(req: IncomingMessage): boolean {
    const c = cookie(req, UI_COOKIE);
    return (c !== undefined && this.uiSessions.has(c)) || checkBearer(req, this.opts.token()) === null;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = checkHost(req, this.opts.host);
    if (host) return refuse(res, host);
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/mcp') return this.routeMcp(req, res);
    if (path === '/healthz') return send(res, 200, { ok: true });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method_not_allowed', message: `${req.method} is not served here` });
    return this.routeUi(req, res, path);
  }

  private async routeMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkOrigin(req, this.allowed) ?? checkBearer(req, this.opts.token()) ?? checkDeclaredSize(req);
    if (refusal) return refusal.status === 413 ? refuseAfterDrain(req, res, refusal) : refuse(res, refusal);
    if (req.method === 'POST') {
      const text = await readBody(req);
      if (typeof text !== 'string') return refuseAfterDrain(req, res, text);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return send(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: the body is not valid JSON' }, id: null });
      }
      return this.opts.mcp.handle(req, res, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') return this.opts.mcp.handle(req, res);
    return send(res, 405, { error: 'method_not_allowed', message: 'Use POST, GET or DELETE on /mcp' });
  }

  private routeUi(req: IncomingMessage, res: ServerResponse, path: string): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const given = url.searchParams.get('token');
    const headers: Record<string, string> = {};
    let authorized = this.isAuthorized(req);
    // The uiUrl carries the token once; it is traded for an HttpOnly cookie so the page never holds it.
    if (given !== null && tokenMatches(given, this.opts.token())) {
      const sid = randomBytes(24).toString('base64url');
      this.uiSessions.add(sid);
      // Bounded: the oldest panel sessions are forgotten first (they just open the uiUrl again).
      if (this.uiSessions.size > 200) this.uiSessions.delete(this.uiSessions.values().next().value!);
      headers['set-cookie'] = `${UI_COOKIE}=${sid}; HttpOnly; SameSite=Strict; Path=/`;
      authorized = true;
    }
    if (!authorized) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><body style="font:14px system-ui;background:#1e1f22;color:#ddd;padding:2em"><h1>DCC MCP Hub</h1><p>This control panel needs the link the hub printed when it started (its <code>uiUrl</code>, with the token), or open it from the tray.</p></body></html>');
      return;
    }
    if (!this.opts.uiDir) return send(res, 404, { error: 'ui_not_built', message: 'The control panel is not built; run `npm run build`.' });
    const file = resolveStatic(this.opts.uiDir, path);
    if (!file) return send(res, 404, { error: 'not_found', message: `${path} not found` });
    sendFile(res, file, headers);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '/').split('?')[0];
    const refusal = checkHost(req, this.opts.host) ?? checkOrigin(req, this.allowed);
    if (refusal) return rejectUpgrade(socket, refusal.status, refusal.message);
    if (path !== '/api/ws' || !this.opts.onUpgrade) return rejectUpgrade(socket, 404, 'not found');
    if (!this.isAuthorized(req)) return rejectUpgrade(socket, 401, 'open the control panel with the uiUrl the hub printed (it carries the token)');
    this.opts.onUpgrade(req, socket, head);
  }
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, r: Refusal): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (r.status === 401) headers['www-authenticate'] = 'Bearer realm="dcc-mcp-hub"';
  res.writeHead(r.status, headers);
  res.end(JSON.stringify({ error: r.error, message: r.message }));
}

/** Most a refused body is read (and discarded) so the client sees the 413 rather than a connection reset. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Answers a refusal only once the client's body has been read: closing a socket with unread bytes makes the
 * kernel send a reset, and the client would never see the 413. A body beyond DRAIN_LIMIT_BYTES is cut.
 */
function refuseAfterDrain(req: IncomingMessage, res: ServerResponse, r: Refusal): void {
  let drained = 0;
  const answer = (): void => {
    res.setHeader('connection', 'close');
    refuse(res, r);
  };
  if (req.complete) return answer();
  req.on('data', (c: Buffer) => {
    drained += c.length;
    if (drained > DRAIN_LIMIT_BYTES) req.destroy();
  });
  req.once('end', answer);
  req.once('error', () => res.destroy());
  req.resume();
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}`);
}
