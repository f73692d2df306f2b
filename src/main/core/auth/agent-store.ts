/**
 * Agent identities and their credentials (SPEC §6, v0.2). Every agent has its own record and credential; the
 * hub keys trust, policies and scopes by the record's id. Credentials are stored hashed (sha256 of a 256-bit
 * random secret), so `agents.json` alone lets nobody in. The default local agent's key is the ready line's
 * `token` (kept in `<data-dir>/token`, 0600, as before); keys the artist creates get a 0600 key file each for
 * `dcc-mcp-hub stdio --agent NAME`.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AGENT_NAME_RE, AgentMethodSchema, type AgentMethod } from '../../../shared/agents';
import { HubError } from '../errors';
import { readJsonFile, writeFileAtomic } from '../store/atomic-file';

/** The default local agent (the ready line's token). */
export const LOCAL_AGENT_ID = 'local';
export const AGENTS_FILE = 'agents.json';
export const KEYS_DIR = 'agents';

const AgentRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  method: AgentMethodSchema,
  createdAtMs: z.number(),
  lastSeenMs: z.number().nullable().default(null),
  calls: z.number().default(0),
  client: z.string().nullable().default(null),
  oauthClientId: z.string().optional(),
});
export type AgentRecord = z.infer<typeof AgentRecordSchema>;

const CredentialSchema = z.object({ hash: z.string(), agentId: z.string(), kind: z.enum(['key', 'access', 'refresh']), expiresAtMs: z.number().optional() });
export type Credential = z.infer<typeof CredentialSchema>;

const FileSchema = z.object({ agents: z.array(AgentRecordSchema).default([]), credentials: z.array(CredentialSchema).default([]) });

/** Who a request is, once its credential checked out. */
export interface AgentIdentity {
  id: string;
  name: string;
  method: AgentMethod;
}

/** sha256 hex: credentials are looked up by hash, so the secret itself is never stored or compared. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random credential (256 bits, base64url) with a readable prefix. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export class AgentStore extends EventEmitter<{ changed: []; revoked: [agentId: string] }> {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly byHash = new Map<string, Credential>();
  private localHash = '';
  private saveTimer: NodeJS.Timeout | null = null;
  private readonly path: string;

  /**
   * @param localKey the default local agent's key (the ready line's token); in memory only, its file is the token store's.
   * @param now clock (tests).
   */
  constructor(
    private readonly dataDir: string,
    localKey: string,
    private readonly now: () => number = Date.now,
    warn: (msg: string) => void = () => {},
  ) {
    super();
    this.path = join(dataDir, AGENTS_FILE);
    const f = readJsonFile(this.path, FileSchema, FileSchema.parse({}), warn);
    for (const a of f.agents) this.agents.set(a.id, a);
    for (const c of f.credentials) if (this.agents.has(c.agentId) && c.agentId !== LOCAL_AGENT_ID) this.byHash.set(c.hash, c);
    if (!this.agents.has(LOCAL_AGENT_ID)) this.agents.set(LOCAL_AGENT_ID, { id: LOCAL_AGENT_ID, name: 'local', method: 'local', createdAtMs: now(), lastSeenMs: null, calls: 0, client: null });
    this.setLocalKey(localKey);
  }

  /**
   * The agent a bearer credential belongs to, or null (unknown, expired, or its agent was revoked).
   * Lookup is by sha256 of the presented value, so no comparison leaks how much of a secret matched.
   */
  authenticate(bearer: string | undefined): AgentIdentity | null {
    if (!bearer) return null;
    const c = this.byHash.get(hashSecret(bearer));
    if (!c || c.kind === 'refresh') return null;
    if (c.expiresAtMs !== undefined && c.expiresAtMs <= this.now()) return null;
    const a = this.agents.get(c.agentId);
    return a ? { id: a.id, name: a.name, method: a.method } : null;
  }

  get(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }

  list(): AgentRecord[] {
    return [...this.agents.values()].sort((a, b) => (a.id === LOCAL_AGENT_ID ? -1 : b.id === LOCAL_AGENT_ID ? 1 : a.createdAtMs - b.createdAtMs));
  }

  /** Where `stdio --agent NAME` finds the key of the agent called NAME. */
  keyFile(name: string): string {
    return join(this.dataDir, KEYS_DIR, `${name}.key`);
  }

  /**
   * Creates an agent with its own key, written 0600 to its key file.
   * @throws HubError INVALID_ARGS for a bad or taken name.
   */
  createKeyAgent(name: string): { agent: AgentRecord; key: string; keyFile: string } {
    this.checkNewName(name);
    const agent = this.add(name, 'key');
    const key = newSecret('dmh_ak');
    this.addCredential(agent.id, 'key', key);
    const keyFile = this.keyFile(name);
    mkdirSync(join(this.dataDir, KEYS_DIR), { recursive: true, mode: 0o700 });
    writeFileAtomic(keyFile, key + '\n', 0o600);
    return { agent, key, keyFile };
  }

  /** Creates the agent an OAuth client became when the artist allowed it (name derived from its client_name). */
  createOAuthAgent(clientName: string, oauthClientId: string): AgentRecord {
    const base = clientName.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 48) || 'oauth-client';
    let name = base;
    for (let i = 2; this.nameTaken(name); i++) name = `${base}-${i}`;
    const agent = this.add(name, 'oauth');
    agent.oauthClientId = oauthClientId;
    return agent;
  }

  /** Stores a credential (hashed) for an agent. */
  addCredential(agentId: string, kind: Credential['kind'], secret: string, expiresAtMs?: number): void {
    const c: Credential = { hash: hashSecret(secret), agentId, kind, ...(expiresAtMs !== undefined ? { expiresAtMs } : {}) };
    this.byHash.set(c.hash, c);
    this.saveSoon(0);
  }

  /** The credential record of a secret (any kind, expired or not), for the OAuth refresh and revoke paths. */
  credential(secret: string): Credential | undefined {
    return this.byHash.get(hashSecret(secret));
  }

  /** Removes one credential; the agent and its other credentials stay. */
  dropCredential(secret: string): void {
    if (this.byHash.delete(hashSecret(secret))) this.saveSoon(0);
  }

  /** Counts a call and remembers the client label (saved in the background). */
  recordCall(agentId: string, client: string | undefined): void {
    const a = this.agents.get(agentId);
    if (!a) return;
    a.calls++;
    a.lastSeenMs = this.now();
    if (client) a.client = client;
    this.saveSoon(2000);
    this.emit('changed');
  }

  /**
   * Revokes an agent: its credentials stop working at once and `revoked` tells the MCP layer to end its sessions.
   * The local agent cannot be removed; revoking it replaces its key (see rotateLocal()).
   * @throws HubError NOT_FOUND for an unknown id.
   */
  revoke(id: string): void {
    const a = this.agents.get(id);
    if (!a) throw new HubError('NOT_FOUND', `no agent ${id}`);
    if (id === LOCAL_AGENT_ID) throw new HubError('INVALID_ARGS', 'the local agent cannot be removed; regenerate its key in Settings instead');
    for (const [h, c] of this.byHash) if (c.agentId === id) this.byHash.delete(h);
    this.agents.delete(id);
    if (a.method === 'key') rmSync(this.keyFile(a.name), { force: true });
    this.saveSoon(0);
    this.emit('revoked', id);
    this.emit('changed');
  }

  /** Replaces the local agent's key (the token store already wrote the new one); its sessions end. */
  rotateLocal(newKey: string): void {
    this.setLocalKey(newKey);
    this.emit('revoked', LOCAL_AGENT_ID);
    this.emit('changed');
  }

  /** Writes pending changes now (on shutdown). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.save();
  }

  close(): void {
    this.flush();
  }

  private setLocalKey(key: string): void {
    if (this.localHash) this.byHash.delete(this.localHash);
    this.localHash = hashSecret(key);
    this.byHash.set(this.localHash, { hash: this.localHash, agentId: LOCAL_AGENT_ID, kind: 'key' });
  }

  private add(name: string, method: AgentMethod): AgentRecord {
    const a: AgentRecord = { id: randomUUID(), name, method, createdAtMs: this.now(), lastSeenMs: null, calls: 0, client: null };
    this.agents.set(a.id, a);
    this.emit('changed');
    return a;
  }

  private nameTaken(name: string): boolean {
    return [...this.agents.values()].some((a) => a.name.toLowerCase() === name.toLowerCase());
  }

  private checkNewName(name: string): void {
    if (!AGENT_NAME_RE.test(name)) throw new HubError('INVALID_ARGS', `agent name "${name}" is not allowed: use 1–64 letters, digits, "_", "." or "-", starting with a letter or digit`);
    if (this.nameTaken(name)) throw new HubError('INVALID_ARGS', `an agent called "${name}" already exists; pick another name or revoke that one first`);
  }

  private saveSoon(delayMs: number): void {
    if (delayMs === 0) return this.flush();
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, delayMs);
    this.saveTimer.unref();
  }

  private save(): void {
    const credentials = [...this.byHash.values()].filter((c) => c.agentId !== LOCAL_AGENT_ID && (c.expiresAtMs === undefined || c.expiresAtMs > this.now()));
    writeFileAtomic(this.path, JSON.stringify({ agents: [...this.agents.values()], credentials }, null, 2), 0o600);
  }
}
