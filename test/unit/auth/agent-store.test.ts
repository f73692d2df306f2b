import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdminAuth } from '../../../src/main/core/auth/admin-auth';
import { AgentStore, LOCAL_AGENT_ID } from '../../../src/main/core/auth/agent-store';
import { scrubSecrets } from '../../../src/main/core/log';

const dir = () => mkdtempSync(join(tmpdir(), 'auth-'));
const LOCAL = 'local-key-0123456789abcdef';

describe('agent identities', () => {
  it('the local key authenticates as the local agent; unknown, empty and refresh-kind values do not', () => {
    const s = new AgentStore(dir(), LOCAL);
    expect(s.authenticate(LOCAL)).toEqual({ id: LOCAL_AGENT_ID, name: 'local', method: 'local' });
    expect(s.authenticate(LOCAL + 'x')).toBeNull();
    expect(s.authenticate(undefined)).toBeNull();
    expect(s.authenticate('')).toBeNull();
    s.addCredential(LOCAL_AGENT_ID, 'refresh', 'refresh-secret');
    expect(s.authenticate('refresh-secret')).toBeNull();
  });

  it('a created key is its own identity, written 0600 to its key file, stored only as a hash', () => {
    const d = dir();
    const s = new AgentStore(d, LOCAL);
    const { agent, key, keyFile } = s.createKeyAgent('claude-code');
    expect(s.authenticate(key)).toMatchObject({ id: agent.id, name: 'claude-code', method: 'key' });
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const stored = readFileSync(join(d, 'agents.json'), 'utf8');
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(LOCAL);
    expect(statSync(join(d, 'agents.json')).mode & 0o777).toBe(0o600);
    // A restart keeps the identity and its key.
    expect(new AgentStore(d, LOCAL).authenticate(key)).toMatchObject({ id: agent.id });
  });

  it('names are validated and unique (case-insensitively)', () => {
    const s = new AgentStore(dir(), LOCAL);
    s.createKeyAgent('cursor');
    expect(() => s.createKeyAgent('Cursor')).toThrow(/already exists/);
    expect(() => s.createKeyAgent('../evil')).toThrow(/not allowed/);
    expect(() => s.createKeyAgent('local')).toThrow(/already exists/);
  });

  it('revoking ends the credential at once, removes the key file and tells listeners', () => {
    const s = new AgentStore(dir(), LOCAL);
    const { agent, key, keyFile } = s.createKeyAgent('codex');
    const revoked: string[] = [];
    s.on('revoked', (id) => revoked.push(id));
    s.revoke(agent.id);
    expect(s.authenticate(key)).toBeNull();
    expect(existsSync(keyFile)).toBe(false);
    expect(revoked).toEqual([agent.id]);
    expect(() => s.revoke(LOCAL_AGENT_ID)).toThrow(/cannot be removed/);
  });

  it('rotating the local key drops the old one', () => {
    const s = new AgentStore(dir(), LOCAL);
    const revoked: string[] = [];
    s.on('revoked', (id) => revoked.push(id));
    s.rotateLocal('new-local-key-0123456789');
    expect(s.authenticate(LOCAL)).toBeNull();
    expect(s.authenticate('new-local-key-0123456789')).toMatchObject({ id: LOCAL_AGENT_ID });
    expect(revoked).toEqual([LOCAL_AGENT_ID]);
  });

  it('expired credentials stop working', () => {
    let now = 1000;
    const s = new AgentStore(dir(), LOCAL, () => now);
    const a = s.createOAuthAgent('Claude Desktop', 'client-1');
    expect(a.name).toBe('Claude-Desktop');
    expect(s.createOAuthAgent('Claude Desktop', 'client-2').name).toBe('Claude-Desktop-2');
    s.addCredential(a.id, 'access', 'access-token', 2000);
    expect(s.authenticate('access-token')).toMatchObject({ id: a.id, method: 'oauth' });
    now = 2000;
    expect(s.authenticate('access-token')).toBeNull();
  });

  it('counts calls and keeps the self-declared client only as a label', () => {
    const s = new AgentStore(dir(), LOCAL);
    s.recordCall(LOCAL_AGENT_ID, 'claude-code');
    s.recordCall(LOCAL_AGENT_ID, undefined);
    expect(s.get(LOCAL_AGENT_ID)).toMatchObject({ calls: 2, client: 'claude-code', name: 'local' });
    s.close();
  });
});

describe('the panel credential', () => {
  it('a ticket works once, and only before it expires', () => {
    let now = 0;
    const a = new AdminAuth(dir(), () => now);
    const t = a.mintTicket(1000);
    const sid = a.redeemTicket(t);
    expect(sid).toBeTruthy();
    expect(a.isSession(sid!)).toBe(true);
    expect(a.redeemTicket(t)).toBeNull();
    const late = a.mintTicket(1000);
    now = 1000;
    expect(a.redeemTicket(late)).toBeNull();
    expect(a.isSession('forged')).toBe(false);
  });

  it('the secret lives in its own 0600 file; sessions survive a restart but not a rotation', () => {
    const d = dir();
    const a = new AdminAuth(d);
    const secret = readFileSync(join(d, 'admin.secret'), 'utf8').trim();
    expect(statSync(join(d, 'admin.secret')).mode & 0o777).toBe(0o600);
    expect(a.isSecret(secret)).toBe(true);
    expect(a.isSecret(secret + 'x')).toBe(false);
    const sid = a.redeemTicket(a.mintTicket())!;
    a.close();
    const b = new AdminAuth(d);
    expect(b.isSession(sid)).toBe(true);
    expect(readFileSync(join(d, 'panel-sessions.json'), 'utf8')).not.toContain(sid);
    const ended: string[][] = [];
    b.on('ended', (h) => ended.push(h));
    b.rotate();
    expect(b.isSession(sid)).toBe(false);
    expect(b.isSecret(secret)).toBe(false);
    expect(ended[0]).toEqual([b.sessionHash(sid)]);
  });
});

describe('log redaction', () => {
  it('removes credentials from any logged line', () => {
    const line = scrubSecrets('HTTP GET /?ticket=abc123&x=1 failed; /mcp?token=SECRET authorization Bearer dmh_ak_AAAAAAAAAAAAAAAAAAAAAAAAAAAA and dmh_ak_BBBBBBBBBBBBBBBBBBBBBBBBBB');
    expect(line).not.toMatch(/abc123|SECRET|AAAA|BBBB/);
    expect(line).toContain('x=1');
  });
});
