/**
 * DccLink authentication (SPEC §2, v0.2; README "DCC link authentication"): a mutual HMAC-SHA256
 * challenge–response over the per-user secret, run before `dcc.hello`. The hub side is `authenticateToDcc`;
 * `LinkAuthResponder` is the DCC side for TypeScript peers (the Python plugin has its own in `auth.py`).
 *
 *   hub → dcc.auth_challenge {hub_nonce}        ← {plugin_nonce, endpoint, mac: MAC("plugin")}
 *   hub → dcc.auth_prove     {mac: MAC("hub")}  ← {authenticated: true}
 *   MAC(role) = hex HMAC-SHA256(secret, "dcclink-auth-v1\n" role "\n" hub_nonce "\n" plugin_nonce "\n" endpoint)
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HubError } from '../errors';
import { parseAddress, type TransportAddress } from './address';
import type { CallHandler } from './incoming-calls';
import { DccRemoteError } from './remote-error';
import type { RpcPeer } from './rpc-peer';

export const AUTH_CHALLENGE = 'dcc.auth_challenge';
export const AUTH_PROVE = 'dcc.auth_prove';
const LABEL = 'dcclink-auth-v1';
const HEX64 = /^[0-9a-f]{64}$/;

const ChallengeAnswerSchema = z.object({ plugin_nonce: z.string().regex(HEX64), endpoint: z.string(), mac: z.string() });

/** The proof of `role` for one connection, as 64 lowercase hex characters. */
export function linkMac(secret: Buffer, role: 'plugin' | 'hub', hubNonce: string, pluginNonce: string, endpoint: string): string {
  return createHmac('sha256', secret).update([LABEL, role, hubNonce, pluginNonce, endpoint].join('\n'), 'utf8').digest('hex');
}

/** Constant-time comparison; anything that is not a string of the right length is simply wrong. */
function sameMac(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when the endpoint a DCC proved itself for is the one the hub dialled (loopback hosts are one host). */
export function sameEndpoint(dialled: TransportAddress, reported: string): boolean {
  let r: TransportAddress;
  try {
    r = parseAddress(reported);
  } catch {
    return false;
  }
  const loopback = (h: string): boolean => h === '127.0.0.1' || h === 'localhost' || h === '::1';
  if (dialled.kind === 'tcp' && r.kind === 'tcp') return dialled.port === r.port && (dialled.host === r.host || (loopback(dialled.host) && loopback(r.host)));
  if (dialled.kind === 'unix' && r.kind === 'unix') return dialled.path === r.path;
  return dialled.kind === 'pipe' && r.kind === 'pipe' && dialled.name === r.name;
}

function failed(why: string): HubError {
  return new HubError('PERMISSION_DENIED', `authentication failed: ${why}`);
}

/**
 * Proves the secret to the DCC at the other end of `peer` and checks the DCC's proof first (so a DCC that does
 * not know the secret never receives the hub's proof, and never a script).
 * @throws HubError PERMISSION_DENIED "authentication failed: …"; transport errors (timeouts, a lost connection) as they are.
 */
export async function authenticateToDcc(peer: RpcPeer, secret: Buffer, dialled: TransportAddress, timeoutMs: number): Promise<void> {
  const hubNonce = randomBytes(32).toString('hex');
  let raw: unknown;
  try {
    raw = await peer.call(AUTH_CHALLENGE, { hub_nonce: hubNonce }, { timeoutMs });
  } catch (err) {
    if (err instanceof DccRemoteError && err.code === 'UNSUPPORTED') throw failed(`the DCC's plugin does not support DccLink authentication (${AUTH_CHALLENGE}); update it`);
    if (err instanceof DccRemoteError) throw failed(`the DCC refused the challenge: ${err.message}`);
    throw err;
  }
  const answer = ChallengeAnswerSchema.safeParse(raw);
  if (!answer.success) throw failed(`the DCC answered ${AUTH_CHALLENGE} with an unexpected shape (${answer.error.issues[0]?.path.join('.')}: ${answer.error.issues[0]?.message})`);
  const { plugin_nonce: pluginNonce, endpoint, mac } = answer.data;
  // Binding the proof to the endpoint stops a process from relaying a real DCC's answers through its own socket.
  if (!sameEndpoint(dialled, endpoint)) throw failed(`the DCC proved itself for ${endpoint}, not for the address the hub dialled`);
  if (!sameMac(linkMac(secret, 'plugin', hubNonce, pluginNonce, endpoint), mac)) throw failed("the DCC does not know this user's DccLink secret (different secret file or a different user)");
  try {
    await peer.call(AUTH_PROVE, { mac: linkMac(secret, 'hub', hubNonce, pluginNonce, endpoint) }, { timeoutMs });
  } catch (err) {
    if (err instanceof DccRemoteError) throw failed(`the DCC refused the hub's proof: ${err.message}`);
    throw err;
  }
}

/**
 * The DCC side for a TypeScript peer: answers the two auth methods and, through `guard`, refuses every other
 * method with PERMISSION_DENIED until the hub has proved the secret; a failed proof also drops the connection.
 */
export class LinkAuthResponder {
  authenticated = false;
  private nonces: { hub: string; plugin: string } | null = null;

  constructor(
    private readonly peer: RpcPeer,
    private readonly secret: Buffer,
    private readonly endpoint: string,
  ) {
    peer.handle(AUTH_CHALLENGE, (p) => this.challenge(p));
    peer.handle(AUTH_PROVE, (p) => this.prove(p));
  }

  /** Wraps a method handler so it runs only on an authenticated connection. */
  guard(method: string, handler: CallHandler): CallHandler {
    return (params, ctx) => {
      if (!this.authenticated) throw new DccRemoteError({ code: 'PERMISSION_DENIED', message: `${method} needs an authenticated connection: prove the DccLink secret with ${AUTH_CHALLENGE} and ${AUTH_PROVE} first`, recoverable: false });
      return handler(params, ctx);
    };
  }

  private challenge(params: unknown): unknown {
    const hubNonce = (params as { hub_nonce?: unknown } | null)?.hub_nonce;
    if (this.nonces || this.authenticated) return this.deny(`${AUTH_CHALLENGE} was already answered on this connection`);
    if (typeof hubNonce !== 'string' || !HEX64.test(hubNonce)) return this.deny(`${AUTH_CHALLENGE} needs a hub_nonce of 64 lowercase hex characters`);
    this.nonces = { hub: hubNonce, plugin: randomBytes(32).toString('hex') };
    return { plugin_nonce: this.nonces.plugin, endpoint: this.endpoint, mac: linkMac(this.secret, 'plugin', hubNonce, this.nonces.plugin, this.endpoint) };
  }

  private prove(params: unknown): unknown {
    if (this.authenticated) return { authenticated: true };
    if (!this.nonces) return this.deny(`${AUTH_PROVE} must come after ${AUTH_CHALLENGE}`);
    if (!sameMac(linkMac(this.secret, 'hub', this.nonces.hub, this.nonces.plugin, this.endpoint), (params as { mac?: unknown } | null)?.mac)) {
      return this.deny("authentication failed: the hub's proof does not match this user's DccLink secret");
    }
    this.authenticated = true;
    return { authenticated: true };
  }

  private deny(message: string): never {
    // The Err goes out first (this tick); then the connection is dropped.
    setTimeout(() => this.peer.close(new HubError('PERMISSION_DENIED', message)), 20).unref();
    throw new DccRemoteError({ code: 'PERMISSION_DENIED', message, recoverable: false });
  }
}
