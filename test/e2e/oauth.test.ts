/**
 * "Connect with consent" end to end: the official SDK client's OAuth support (dynamic client registration + PKCE)
 * against the hub, the client's browser waiting on the consent page, the artist clicking Allow in the panel in
 * Chromium, the client's own revocable token, and a revoke that ends its session.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { startHeadless, type HeadlessHub } from '../../src/main/core/headless';
import { silentLogger } from '../../src/main/core/log';
import { CLI } from '../helpers/hub';
import { ROOT } from '../helpers/processes';
import { chromiumAvailable, launch } from '../helpers/browser';
import { waitFor } from '../helpers/wait';

/** What an MCP client application keeps: its registration, PKCE verifier and tokens (in memory here). */
class TestClientAuth implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | null = null;
  constructor(
    private readonly callback: string,
    private readonly name: string,
  ) {}
  get redirectUrl(): string {
    return this.callback;
  }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: this.name, redirect_uris: [this.callback], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(i: OAuthClientInformationMixed) {
    this.info = i;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(t: OAuthTokens) {
    this.saved = t;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

let h: HeadlessHub;
let browser: Browser;
let panel: Page;
let callbackServer: Server;
let callbackBase = '';
const callbacks: URL[] = [];

describe.runIf(chromiumAvailable())('connect with consent (OAuth 2.1 + PKCE + DCR) in Chromium', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-'));
    h = await startHeadless({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, uiDir: join(ROOT, 'out', 'renderer'), cliPath: CLI });
    callbackServer = createServer((req, res) => {
      callbacks.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('you can close this window');
    });
    await new Promise<void>((r) => callbackServer.listen(0, '127.0.0.1', () => r()));
    callbackBase = `http://127.0.0.1:${(callbackServer.address() as { port: number }).port}`;
    browser = await launch();
    panel = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await panel.goto(h.info.uiUrl);
    await panel.click('[data-testid="nav-agents"]');
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    callbackServer?.close();
    await h?.stop();
  });

  /** Runs the client side up to the consent page; returns the provider and the client's browser page on it. */
  async function startFlow(name: string): Promise<{ auth: TestClientAuth; transport: StreamableHTTPClientTransport; page: Page }> {
    const auth = new TestClientAuth(`${callbackBase}/callback/${name}`, name);
    const transport = new StreamableHTTPClientTransport(new URL(h.info.mcpUrl), { authProvider: auth });
    await expect(new Client({ name, version: '1' }).connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(auth.authorizationUrl?.pathname).toBe('/authorize');
    const page = await browser.newPage();
    await page.goto(auth.authorizationUrl!.href);
    expect(await page.textContent('[data-testid="consent-title"]')).toBe(`${name} wants to connect to DCC MCP Hub`);
    return { auth, transport, page };
  }

  it('Allow in the panel gives the client its own token; revoking it ends the session', async () => {
    const { auth, transport, page } = await startFlow('Test Desktop');
    // The consent page itself holds no power: an agent fetching it cannot allow anything.
    await panel.waitForSelector('[data-testid="consent-card"]');
    await panel.waitForSelector('[data-testid="badge-consents"]');
    await panel.click('[data-testid="consent-allow"]');
    const back = await waitFor(() => callbacks.find((u) => u.pathname === '/callback/Test Desktop' || u.pathname === '/callback/Test%20Desktop'), 'redirect back to the client', 10_000);
    await page.close();
    const code = back.searchParams.get('code')!;
    expect(code).toBeTruthy();
    await transport.finishAuth(code);
    expect(auth.saved?.access_token).toMatch(/^dmh_at_/);
    expect(auth.saved?.refresh_token).toBeTruthy();

    const client = new Client({ name: 'Test Desktop', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(h.info.mcpUrl), { authProvider: auth }));
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('dcc_execute');
    const agent = h.hub.agents.list().find((a) => a.method === 'oauth')!;
    expect(agent).toMatchObject({ name: 'Test-Desktop', oauthClientId: (auth.info as { client_id: string }).client_id });
    await panel.waitForSelector('[data-testid="agent-row-Test-Desktop"]');
    await waitFor(async () => (await panel.textContent('[data-testid="agent-sessions-Test-Desktop"]')) === '1', 'live session shown');

    // The code works once.
    const again = await fetch(new URL('/token', h.info.mcpUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: auth.verifier, client_id: (auth.info as { client_id: string }).client_id, redirect_uri: auth.redirectUrl }) });
    expect(again.status).toBe(400);

    // A refresh token rotates: it works once and the new access token works.
    const refresh = async (token: string) => fetch(new URL('/token', h.info.mcpUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token, client_id: (auth.info as { client_id: string }).client_id }) });
    const r1 = await refresh(auth.saved!.refresh_token!);
    expect(r1.status).toBe(200);
    const fresh = (await r1.json()) as OAuthTokens;
    expect((await refresh(auth.saved!.refresh_token!)).status).toBe(400);
    expect(h.hub.agents.authenticate(fresh.access_token)).toMatchObject({ id: agent.id, method: 'oauth' });

    panel.once('dialog', (d) => void d.accept());
    await panel.click('[data-testid="agent-revoke-Test-Desktop"]');
    await expect(client.listTools()).rejects.toThrow();
    expect(h.hub.agents.authenticate(fresh.access_token)).toBeNull();
    expect(h.hub.agents.authenticate(auth.saved!.access_token)).toBeNull();
    await panel.waitForSelector('[data-testid="agent-row-Test-Desktop"]', { state: 'detached' });
  }, 60_000);

  it('Deny sends the client back with access_denied and creates no agent', async () => {
    const before = h.hub.agents.list().length;
    const { page } = await startFlow('Evil Client');
    await panel.waitForSelector('[data-testid="consent-card"]');
    await panel.click('[data-testid="consent-deny"]');
    const back = await waitFor(() => callbacks.find((u) => u.pathname.startsWith('/callback/Evil')), 'redirect back with an error', 10_000);
    await page.close();
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
    expect(h.hub.agents.list()).toHaveLength(before);
  }, 60_000);

  it('advertises the authorization server to clients that meet a 401', async () => {
    const r = await fetch(h.info.mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
    const meta = /resource_metadata="([^"]+)"/.exec(r.headers.get('www-authenticate') ?? '')?.[1];
    expect(meta).toBe(new URL('/.well-known/oauth-protected-resource/mcp', h.info.mcpUrl).href);
    const prm = (await (await fetch(meta!)).json()) as { authorization_servers: string[]; resource: string };
    expect(prm.resource).toBe(h.info.mcpUrl);
    const as = (await (await fetch(new URL('/.well-known/oauth-authorization-server', h.info.mcpUrl))).json()) as { code_challenge_methods_supported: string[]; registration_endpoint: string };
    expect(as.code_challenge_methods_supported).toContain('S256');
    expect(as.registration_endpoint).toMatch(/\/register$/);
  });
});
