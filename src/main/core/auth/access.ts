/**
 * Who may call what on the hub's HTTP server (SPEC §6, v0.2): the one decision, as a table. Two roles, two kinds
 * of credential: an agent credential opens `/mcp` and nothing else; the panel's credential (a cookie from a
 * one-time link, or the admin secret for minting links) opens the UI, its WebSocket API and nothing an agent uses.
 */
import type { AgentIdentity } from './agent-store';

/** What a request asks for. */
export type Route = 'mcp' | 'oauth' | 'consent-page' | 'panel-ui' | 'panel-ws' | 'panel-link' | 'health' | 'unknown';

/** The credentials a request carries (already checked against their stores). */
export interface Presented {
  /** The agent whose bearer credential the request carries, if any. */
  agent: AgentIdentity | null;
  /** A live panel session cookie. */
  panelSession: boolean;
  /** A one-time panel ticket that was just redeemed. */
  ticket: boolean;
  /** The admin secret itself (only the `panel` CLI sends it). */
  adminSecret: boolean;
}

export type Access = { allow: true } | { allow: false; status: 401 | 403 | 404; error: string; message: string };

const OAUTH_PATHS = new Set(['/authorize', '/token', '/register', '/revoke']);

/** Classifies a request path (query already stripped). */
export function classifyRoute(path: string, isUpgrade: boolean): Route {
  if (isUpgrade) return path === '/api/ws' ? 'panel-ws' : 'unknown';
  if (path === '/mcp') return 'mcp';
  if (path === '/healthz') return 'health';
  if (path === '/api/panel-link') return 'panel-link';
  if (OAUTH_PATHS.has(path) || path.startsWith('/.well-known/oauth-')) return 'oauth';
  if (path.startsWith('/oauth/consent/')) return 'consent-page';
  if (path.startsWith('/api/')) return 'unknown';
  return 'panel-ui';
}

const PANEL_HELP = 'Open the control panel with the link the hub printed when it started, from the tray, or get a fresh link with `dcc-mcp-hub panel`.';

/** The access decision for a route given what the request presented. */
export function decideAccess(route: Route, p: Presented): Access {
  switch (route) {
    case 'health':
    case 'oauth':
    case 'consent-page':
      // Public by design: OAuth endpoints authenticate clients themselves; the consent page only shows status.
      return { allow: true };
    case 'mcp':
      if (p.agent) return { allow: true };
      return { allow: false, status: 401, error: 'missing_token', message: 'This hub requires an agent credential: "Authorization: Bearer <token>" (an agent key from the hub, or a token from its OAuth flow). Clients that cannot send headers can use `dcc-mcp-hub stdio`.' };
    case 'panel-ui':
    case 'panel-ws':
      if (p.panelSession || (route === 'panel-ui' && p.ticket)) return { allow: true };
      // An agent credential is never a panel credential, whatever it is.
      return { allow: false, status: 401, error: 'panel_login_required', message: `${p.agent ? 'Agent credentials cannot open the control panel. ' : ''}${PANEL_HELP}` };
    case 'panel-link':
      if (p.adminSecret) return { allow: true };
      return { allow: false, status: 401, error: 'admin_secret_required', message: 'Minting a panel link needs the admin secret (<data-dir>/admin.secret); agent credentials cannot.' };
    default:
      return { allow: false, status: 404, error: 'not_found', message: 'not found' };
  }
}
