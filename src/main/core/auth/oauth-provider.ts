/**
 * "Connect with consent" (SPEC §6, v0.2): the MCP authorization flow (OAuth 2.1 code + PKCE, dynamic client
 * registration) behind the official SDK's `mcpAuthRouter`. An authorization request waits for the artist: it shows
 * in the panel as a consent request, and only an Allow there (an admin action) issues a code. The allowed client
 * becomes an agent identity of its own; its access tokens (1 h) and rotating refresh tokens (30 days) are stored
 * hashed in the AgentStore, so revoking the agent ends them all.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { Response } from 'express';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokenRevocationRequest, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';
import type { ConsentRequest } from '../../../shared/agents';
import { HubError } from '../errors';
import { readJsonFile, writeFileAtomic } from '../store/atomic-file';
import type { AgentStore } from './agent-store';

export const ACCESS_TOKEN_TTL_MS = 3600_000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600_000;
const CODE_TTL_MS = 5 * 60_000;

/** Dynamic client registrations kept (those an agent was made from are never dropped). */
export const MAX_CLIENTS = 200;
/** How long a consent request waits for the artist. */
export const CONSENT_TTL_MS = 10 * 60_000;
const MAX_PENDING = 20;

interface Pending extends ConsentRequest {
  params: AuthorizationParams;
  state: 'pending' | 'allowed' | 'denied';
  location?: string;
}

interface Code {
  clientId: string;
  agentId: string;
  challenge: string;
  redirectUri: string;
  expiresAtMs: number;
}

export class HubOAuthProvider extends EventEmitter<{ changed: []; requested: [ConsentRequest] }> implements OAuthServerProvider {
  readonly clientsStore: OAuthRegisteredClientsStore;
  private readonly clients: Map<string, OAuthClientInformationFull>;
  private readonly pending = new Map<string, Pending>();
  private readonly codes = new Map<string, Code>();
  private readonly clientsPath: string;

  constructor(
    private readonly agents: AgentStore,
    dataDir: string,
    private readonly now: () => number = Date.now,
    warn: (msg: string) => void = () => {},
  ) {
    super();
    this.clientsPath = join(dataDir, 'oauth-clients.json');
    const stored = readJsonFile(this.clientsPath, z.array(z.looseObject({ client_id: z.string() })), [], warn) as OAuthClientInformationFull[];
    this.clients = new Map(stored.map((c) => [c.client_id, c]));
    this.clientsStore = {
      getClient: (id) => this.clients.get(id),
      registerClient: (c) => {
        const full = { ...c, client_id: (c as Partial<OAuthClientInformationFull>).client_id ?? randomUUID(), client_id_issued_at: Math.floor(this.now() / 1000) } as OAuthClientInformationFull;
        this.clients.set(full.client_id, full);
        // Registration is open to any caller (DCR): bounded, the oldest registrations no agent was made from go first.
        if (this.clients.size > MAX_CLIENTS) {
          const bound = new Set(this.agents.list().map((a) => a.oauthClientId));
          for (const id of this.clients.keys()) {
            if (this.clients.size <= MAX_CLIENTS) break;
            if (!bound.has(id) && id !== full.client_id) this.clients.delete(id);
          }
        }
        writeFileAtomic(this.clientsPath, JSON.stringify([...this.clients.values()], null, 2), 0o600);
        return full;
      },
    };
  }

  /** Consent requests waiting for the artist. */
  consents(): ConsentRequest[] {
    this.expire();
    return [...this.pending.values()].filter((p) => p.state === 'pending').map(({ id, clientId, clientName, redirectUri, createdAtMs, expiresAtMs }) => ({ id, clientId, clientName, redirectUri, createdAtMs, expiresAtMs }));
  }

  /** Where the consent page should send the browser now: null while the artist has not decided. */
  consentStatus(id: string): { state: 'pending' | 'allowed' | 'denied' | 'unknown'; clientName?: string; location?: string } {
    this.expire();
    const p = this.pending.get(id);
    if (!p) return { state: 'unknown' };
    return { state: p.state, clientName: p.clientName, location: p.location };
  }

  /**
   * The artist's answer (an admin action, from the panel or the tray). Allow creates the client's agent identity.
   * @throws HubError NOT_FOUND when the request is unknown, decided or expired.
   */
  decide(id: string, allow: boolean): void {
    this.expire();
    const p = this.pending.get(id);
    if (!p || p.state !== 'pending') throw new HubError('NOT_FOUND', `no waiting connection request ${id} (it was decided or expired)`);
    const back = new URL(p.params.redirectUri);
    if (p.params.state !== undefined) back.searchParams.set('state', p.params.state);
    if (allow) {
      const agent = this.agents.createOAuthAgent(p.clientName, p.clientId);
      const code = randomBytes(32).toString('base64url');
      this.codes.set(code, { clientId: p.clientId, agentId: agent.id, challenge: p.params.codeChallenge, redirectUri: p.params.redirectUri, expiresAtMs: this.now() + CODE_TTL_MS });
      back.searchParams.set('code', code);
    } else {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied this connection in DCC MCP Hub');
    }
    p.state = allow ? 'allowed' : 'denied';
    p.location = back.href;
    // The decided request stays a short while so the consent page can pick up where to go.
    p.expiresAtMs = this.now() + 60_000;
    this.emit('changed');
  }

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    this.expire();
    if ([...this.pending.values()].filter((p) => p.state === 'pending').length >= MAX_PENDING) {
      res.status(429).type('text/plain').send('Too many connection requests are waiting in DCC MCP Hub; try again later.');
      return;
    }
    const id = randomBytes(18).toString('base64url');
    const clientName = (client.client_name ?? '').trim().slice(0, 80) || `client ${client.client_id.slice(0, 8)}`;
    const now = this.now();
    const req: Pending = { id, clientId: client.client_id, clientName, redirectUri: params.redirectUri, createdAtMs: now, expiresAtMs: now + CONSENT_TTL_MS, params, state: 'pending' };
    this.pending.set(id, req);
    this.emit('requested', this.consents().find((c) => c.id === id)!);
    this.emit('changed');
    res.redirect(302, `/oauth/consent/${id}`);
  }

  async challengeForAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<string> {
    return this.liveCode(client, code).challenge;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string, _verifier?: string, redirectUri?: string): Promise<OAuthTokens> {
    const c = this.liveCode(client, code);
    this.codes.delete(code);
    if (redirectUri !== undefined && redirectUri !== c.redirectUri) throw new InvalidGrantError('redirect_uri does not match the authorization request');
    return this.issue(c.agentId);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string): Promise<OAuthTokens> {
    const cred = this.agents.credential(refreshToken);
    const agent = cred ? this.agents.get(cred.agentId) : undefined;
    if (!cred || cred.kind !== 'refresh' || !agent || agent.oauthClientId !== client.client_id || (cred.expiresAtMs ?? 0) <= this.now()) throw new InvalidGrantError('refresh token is invalid, expired or revoked');
    // Rotation: a refresh token works once.
    this.agents.dropCredential(refreshToken);
    return this.issue(agent.id);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const id = this.agents.authenticate(token);
    const cred = this.agents.credential(token);
    if (!id || !cred || cred.kind !== 'access') throw new InvalidTokenError('access token is invalid, expired or revoked');
    return { token, clientId: this.agents.get(id.id)?.oauthClientId ?? id.id, scopes: [], expiresAt: Math.floor((cred.expiresAtMs ?? 0) / 1000), extra: { agentId: id.id } };
  }

  async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest): Promise<void> {
    const cred = this.agents.credential(request.token);
    if (cred && this.agents.get(cred.agentId)?.oauthClientId === client.client_id) this.agents.dropCredential(request.token);
  }

  private issue(agentId: string): OAuthTokens {
    const access = `dmh_at_${randomBytes(32).toString('base64url')}`;
    const refresh = `dmh_rt_${randomBytes(32).toString('base64url')}`;
    this.agents.addCredential(agentId, 'access', access, this.now() + ACCESS_TOKEN_TTL_MS);
    this.agents.addCredential(agentId, 'refresh', refresh, this.now() + REFRESH_TOKEN_TTL_MS);
    return { access_token: access, token_type: 'bearer', expires_in: ACCESS_TOKEN_TTL_MS / 1000, refresh_token: refresh };
  }

  private liveCode(client: OAuthClientInformationFull, code: string): Code {
    const c = this.codes.get(code);
    if (!c || c.clientId !== client.client_id || c.expiresAtMs <= this.now() || !this.agents.get(c.agentId)) throw new InvalidGrantError('authorization code is invalid or expired');
    return c;
  }

  private expire(): void {
    const now = this.now();
    let changed = false;
    for (const [id, p] of this.pending) {
      if (p.expiresAtMs <= now) {
        this.pending.delete(id);
        changed = true;
      }
    }
    for (const [code, c] of this.codes) if (c.expiresAtMs <= now) this.codes.delete(code);
    if (changed) this.emit('changed');
  }
}
