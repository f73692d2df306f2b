/**
 * The hub's one HTTP server (SPEC §1, §6): `/mcp` for agents, the OAuth endpoints agents' clients use to ask for
 * a credential, the control panel UI at `/` and its WebSocket API at `/api/ws`. Loopback bind and Host/Origin
 * checks on everything; who may call what is decided in one place (`auth/access.ts`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { classifyRoute, decideAccess, type Access, type Presented } from '../auth/access';
import type { AdminAuth } from '../auth/admin-auth';
import type { AgentIdentity } from '../auth/agent-store';
import { redactUrl, type Logger } from '../log';
import { bearerToken, checkDeclaredSize, checkHost, checkOrigin, readBody, type Refusal } from '../mcp/http-security';
import type { McpEndpoint } from '../mcp/mcp-endpoint';
import { resolveStatic, sendFile } from './static-files';

export const UI_COOKIE = 'dcc_mcp_hub_ui';
/** Header carrying the admin secret when the `panel` CLI asks for a fresh panel link. */
export const ADMIN_HEADER = 'x-dcc-mcp-admin-secret';

type RawHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HubHttpServerOptions {
  host: string;
  port: number;
  /** Agent credentials: bearer → identity (null when unknown, expired or revoked). */
  agents: { authenticate(bearer: string | undefined): AgentIdentity | null };
  /** The panel's credential. */
  admin: AdminAuth;
  mcp: McpEndpoint;
  /** Built renderer directory; null when the UI is not built. */
  uiDir: string | null;
  logger: Logger;
  /** Extra allowed Origins (lowercase). */
  allowedOrigins?: string[];
}

export class HubHttpServer {
  readonly server: Server;
  private readonly allowed: Set<string>;
  private onUpgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer, panelSession: string) => void) | null = null;
  private oauth: RawHandler | null = null;
  private resourceMetadataUrl: string | null = null;
  private baseUrl = '';

  constructor(private readonly opts: HubHttpServerOptions) {
    this.allowed = new Set((opts.allowedOrigins ?? []).map((o) => o.toLowerCase()));
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: Error) => {
        // Never the raw URL: a query may carry a ticket or token.
        opts.logger.error(`HTTP ${req.method} ${redactUrl(req.url ?? '')} failed: ${err.message}`);
        if (!res.headersSent) send(res, 500, { error: 'internal_error', message: 'The hub hit an internal error; see its log.' });
        else res.end();
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  /** Listens on `port` (default: the configured one; 0 = any free port); resolves with the bound port. */
  listen(port = this.opts.port): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.opts.host, () => {
        this.server.off('error', reject);
        const a = this.server.address();
        const bound = typeof a === 'object' && a ? a.port : port;
        const h = this.opts.host;
        this.baseUrl = `http://${h.includes(':') ? `[${h}]` : h}:${bound}`;
        resolve(bound);
      });
    });
  }

  /** `http://host:port` once listening. */
  get base(): string {
    return this.baseUrl;
  }

  /** Sets the handler of authorised WebSocket upgrades on /api/ws (it gets the panel session's hash). */
  setUpgradeHandler(fn: (req: IncomingMessage, socket: Duplex, head: Buffer, panelSession: string) => void): void {
    this.onUpgrade = fn;
  }

  /** Mounts the OAuth endpoints (the SDK's auth router) and advertises them on 401s from /mcp. */
  setOAuth(handler: RawHandler, resourceMetadataUrl: string): void {
    this.oauth = handler;
    this.resourceMetadataUrl = resourceMetadataUrl;
  }

  /** A fresh one-time panel link. */
  panelLink(ttlMs?: number): string {
    return `${this.baseUrl}/?ticket=${this.opts.admin.mintTicket(ttlMs)}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private presented(req: IncomingMessage, ticket: string | null): Presented & { newSession: string | null } {
    const newSession = this.opts.admin.redeemTicket(ticket);
    const header = req.headers[ADMIN_HEADER];
    return {
      agent: this.opts.agents.authenticate(bearerToken(req)),
      panelSession: this.opts.admin.isSession(cookie(req, UI_COOKIE)),
      ticket: newSession !== null,
      adminSecret: this.opts.admin.isSecret(Array.isArray(header) ? header[0] : header),
      newSession,
    };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = checkHost(req, this.opts.host);
    if (host) return refuse(res, host);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = classifyRoute(url.pathname, false);
    // Browsers on other sites never reach the API or /mcp (the UI's own page sends its own Origin).
    if (route !== 'oauth' && route !== 'consent-page') {
      const origin = checkOrigin(req, this.allowed);
      if (origin) return refuse(res, origin);
    }
    const p = this.presented(req, route === 'panel-ui' ? url.searchParams.get('ticket') : null);
    const access = decideAccess(route, p);
    if (!access.allow) return this.deny(req, res, route, access);
    switch (route) {
      case 'health':
        return send(res, 200, { ok: true });
      case 'mcp':
        return this.routeMcp(req, res, p.agent!);
      case 'oauth':
      case 'consent-page':
        if (!this.oauth) return send(res, 404, { error: 'not_found', message: 'OAuth is not enabled on this hub' });
        return this.oauth(req, res);
      case 'panel-link':
        if (req.method !== 'POST') return send(res, 405, { error: 'method_not_allowed', message: 'POST /api/panel-link' });
        return send(res, 200, { uiUrl: this.panelLink() });
      default:
        return this.routeUi(req, res, url, p.newSession);
    }
  }

  private deny(req: IncomingMessage, res: ServerResponse, route: string, a: Exclude<Access, { allow: true }>): void {
    if (route === 'panel-ui' && (req.headers.accept ?? '').includes('text/html')) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><body style="font:14px system-ui;background:#1e1f22;color:#ddd;padding:2em"><h1>DCC MCP Hub</h1><p>${a.message.replace(/`([^`]+)`/g, '<code>$1</code>')}</p></body></html>`);
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (a.status === 401 && route === 'mcp') headers['www-authenticate'] = `Bearer realm="dcc-mcp-hub"${this.resourceMetadataUrl ? `, resource_metadata="${this.resourceMetadataUrl}"` : ''}`;
    res.writeHead(a.status, headers);
    res.end(JSON.stringify({ error: bearerToken(req) && route === 'mcp' ? 'invalid_token' : a.error, message: bearerToken(req) && route === 'mcp' ? 'The agent credential is wrong, expired or revoked. Get a current one from DCC MCP Hub (Agents page, or <data-dir>/hub.json for the local key).' : a.message }));
  }

  private async routeMcp(req: IncomingMessage, res: ServerResponse, agent: AgentIdentity): Promise<void> {
    const refusal = checkDeclaredSize(req);
    if (refusal) return refuseAfterDrain(req, res, refusal);
    if (req.method === 'POST') {
      const text = await readBody(req);
      if (typeof text !== 'string') return refuseAfterDrain(req, res, text);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return send(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: the body is not valid JSON' }, id: null });
      }
      return this.opts.mcp.handle(req, res, agent, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') return this.opts.mcp.handle(req, res, agent);
    return send(res, 405, { error: 'method_not_allowed', message: 'Use POST, GET or DELETE on /mcp' });
  }

  private routeUi(req: IncomingMessage, res: ServerResponse, url: URL, newSession: string | null): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method_not_allowed', message: `${req.method} is not served here` });
    // The one-time link is traded for an HttpOnly cookie; the page then drops the used ticket from the address bar.
    const headers: Record<string, string> = newSession ? { 'set-cookie': `${UI_COOKIE}=${newSession}; HttpOnly; SameSite=Strict; Path=/; Max-Age=2592000`, 'cache-control': 'no-store' } : {};
    if (!this.opts.uiDir) return send(res, 404, { error: 'ui_not_built', message: 'The control panel is not built; run `npm run build`.' });
    const file = resolveStatic(this.opts.uiDir, url.pathname);
    if (!file) return send(res, 404, { error: 'not_found', message: `${url.pathname} not found` });
    sendFile(res, file, headers);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const refusal = checkHost(req, this.opts.host) ?? checkOrigin(req, this.allowed);
    if (refusal) return rejectUpgrade(socket, refusal.status, refusal.message);
    const route = classifyRoute(path, true);
    const sid = cookie(req, UI_COOKIE);
    const access = decideAccess(route, { ...this.presented(req, null), ticket: false });
    if (!access.allow) return rejectUpgrade(socket, access.status, access.message);
    if (!this.onUpgrade) return rejectUpgrade(socket, 404, 'not found');
    this.onUpgrade(req, socket, head, this.opts.admin.sessionHash(sid!));
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
  res.writeHead(r.status, { 'content-type': 'application/json' });
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
