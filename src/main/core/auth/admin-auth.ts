/**
 * The control panel's own credential (SPEC §6, v0.2), separate from every agent credential. Headless, the panel
 * is opened with a one-time link (`/?ticket=…`) that is traded for an HttpOnly cookie; new links are minted with
 * the admin secret (`<data-dir>/admin.secret`, 0600, never in hub.json or any file an agent is told to read) by
 * `dcc-mcp-hub panel`. In Electron the renderer talks over IPC and needs none of this. Cookie sessions are kept
 * hashed in `<data-dir>/panel-sessions.json` so an open tab reconnects after a hub restart; rotating the secret
 * ends every one of them at once.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../store/atomic-file';
import { readSecretFile } from '../store/token-store';
import { hashSecret } from './agent-store';

export const ADMIN_SECRET_FILE = 'admin.secret';
const SESSIONS_FILE = 'panel-sessions.json';
const MAX_SESSIONS = 200;
/** The ready line's link lives until used (or a day); minted links are for opening the panel right away. */
export const START_TICKET_TTL_MS = 24 * 3600_000;
export const MINTED_TICKET_TTL_MS = 10 * 60_000;
/** A panel session unused for this long is forgotten. */
const SESSION_IDLE_MS = 30 * 24 * 3600_000;

const SessionsSchema = z.array(z.object({ hash: z.string(), lastUsedMs: z.number() }));

export class AdminAuth extends EventEmitter<{ ended: [sessionHashes: string[]] }> {
  private secret: string;
  private readonly tickets = new Map<string, number>();
  private readonly sessions = new Map<string, number>();
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => number = Date.now,
    warn: (msg: string) => void = () => {},
  ) {
    super();
    this.secret = loadOrCreateSecret(dataDir, warn);
    for (const s of readJsonFile(join(dataDir, SESSIONS_FILE), SessionsSchema, [], warn)) if (now() - s.lastUsedMs < SESSION_IDLE_MS) this.sessions.set(s.hash, s.lastUsedMs);
  }

  /** A one-time ticket for the panel link. */
  mintTicket(ttlMs = MINTED_TICKET_TTL_MS): string {
    const t = randomBytes(24).toString('base64url');
    this.tickets.set(hashSecret(t), this.now() + ttlMs);
    return t;
  }

  /** Redeems a ticket once; @returns a new session id for the cookie, or null. */
  redeemTicket(ticket: string | null | undefined): string | null {
    if (!ticket) return null;
    const h = hashSecret(ticket);
    const exp = this.tickets.get(h);
    if (exp === undefined) return null;
    this.tickets.delete(h);
    return exp > this.now() ? this.openSession() : null;
  }

  /** True for the admin secret itself (the `panel` CLI presents it to mint a link). */
  isSecret(given: string | undefined): boolean {
    return given !== undefined && hashSecret(given) === hashSecret(this.secret);
  }

  /** True for a live panel session cookie (and marks it used). */
  isSession(sid: string | undefined): boolean {
    if (!sid) return false;
    const h = hashSecret(sid);
    if (!this.sessions.has(h)) return false;
    this.sessions.set(h, this.now());
    this.saveSoon();
    return true;
  }

  /** The stored form of a session id (the WebSocket bridge tags connections with it). */
  sessionHash(sid: string): string {
    return hashSecret(sid);
  }

  /** New admin secret: every ticket, cookie session and open panel connection ends now. */
  rotate(): void {
    this.secret = newAdminSecret(this.dataDir);
    this.tickets.clear();
    const ended = [...this.sessions.keys()];
    this.sessions.clear();
    this.save();
    this.emit('ended', ended);
  }

  close(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.save();
  }

  private openSession(): string {
    const sid = randomBytes(24).toString('base64url');
    this.sessions.set(hashSecret(sid), this.now());
    // Bounded: the least recently used panel sessions are forgotten first (they open a new link).
    while (this.sessions.size > MAX_SESSIONS) {
      const oldest = [...this.sessions].sort((a, b) => a[1] - b[1])[0]![0];
      this.sessions.delete(oldest);
      this.emit('ended', [oldest]);
    }
    this.save();
    return sid;
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, 5000);
    this.saveTimer.unref();
  }

  private save(): void {
    writeFileAtomic(join(this.dataDir, SESSIONS_FILE), JSON.stringify([...this.sessions].map(([hash, lastUsedMs]) => ({ hash, lastUsedMs }))), 0o600);
  }
}

function newAdminSecret(dataDir: string): string {
  const s = randomBytes(32).toString('base64url');
  writeFileAtomic(join(dataDir, ADMIN_SECRET_FILE), s + '\n', 0o600);
  return s;
}

/** Reads `<data-dir>/admin.secret`, fixing a too-open mode, or creates it. */
export function loadOrCreateSecret(dataDir: string, warn: (msg: string) => void): string {
  return readSecretFile(join(dataDir, ADMIN_SECRET_FILE), 32, warn) ?? newAdminSecret(dataDir);
}

/** Reads the admin secret for the `panel` CLI. @returns undefined when there is none. */
export function readAdminSecret(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, ADMIN_SECRET_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
