/**
 * The OAuth endpoints on the hub's HTTP server: the official SDK's `mcpAuthRouter` (metadata, dynamic client
 * registration, authorize, token, revoke) plus the consent page a client's browser waits on while the artist
 * decides in the panel. The page holds no decision power: it only shows the state and follows the outcome.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import type { HubOAuthProvider } from './oauth-provider';

/** @returns the request handler for every OAuth route and the protected-resource metadata URL for 401s. */
export function createOAuthHandler(provider: HubOAuthProvider, baseUrl: string, mcpUrl: string): { handler: (req: IncomingMessage, res: ServerResponse) => void; resourceMetadataUrl: string } {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(baseUrl),
      resourceServerUrl: new URL(mcpUrl),
      resourceName: 'DCC MCP Hub',
      // Loopback only and consent-gated: the per-IP limiter would only slow the artist's own clients down.
      authorizationOptions: { rateLimit: false },
      clientRegistrationOptions: { rateLimit: false },
      tokenOptions: { rateLimit: false },
      revocationOptions: { rateLimit: false },
    }),
  );
  app.get('/oauth/consent/:id', (req, res) => {
    const s = provider.consentStatus(String(req.params.id));
    res.set('cache-control', 'no-store');
    if ((s.state === 'allowed' || s.state === 'denied') && s.location) return res.redirect(303, s.location);
    if (s.state === 'unknown') return res.status(404).type('html').send(page('This connection request is unknown or expired.', 'Start the connection again from your MCP client.', false));
    // Reloads itself every second: no script needed, and nothing on this page can allow anything.
    res.type('html').send(page(`${escapeHtml(s.clientName ?? 'An MCP client')} wants to connect to DCC MCP Hub`, 'Allow or deny it in the DCC MCP Hub window (Agents page, or the tray). This page continues on its own.', true));
  });
  return { handler: (req, res) => app(req as express.Request, res as express.Response), resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(mcpUrl)) };
}

function page(title: string, body: string, refresh: boolean): string {
  return `<!doctype html><html><head><meta charset="utf-8">${refresh ? '<meta http-equiv="refresh" content="1">' : ''}<title>DCC MCP Hub</title></head><body style="font:15px system-ui;background:#1e1f22;color:#e6e6e6;padding:2em;max-width:40em"><h1 style="font-size:20px" data-testid="consent-title">${title}</h1><p>${body}</p></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
