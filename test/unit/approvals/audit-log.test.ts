import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalGate } from '../../../src/main/core/approvals/approval-gate';
import { AuditLog, readAudit } from '../../../src/main/core/approvals/audit-log';
import { silentLogger } from '../../../src/main/core/log';
import { SettingsStore } from '../../../src/main/core/store/settings-store';

const gates: ApprovalGate[] = [];
afterEach(() => {
  for (const g of gates.splice(0)) {
    g.close();
    g.closeLog();
  }
});

function autoGate(policy: 'auto' | 'ask' = 'auto') {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  const settings = new SettingsStore(dir);
  settings.update((s) => (s.approval.global = policy));
  const g = new ApprovalGate({ settings, audit: new AuditLog(dir), logger: silentLogger });
  gates.push(g);
  return { g, dir, path: join(dir, 'audit.jsonl') };
}
const agent = { id: 'agent-1', name: 'claude-code', version: '1.0' };
const req = { tool: 'dcc_execute', code: 'return 1', instanceId: 'i-1', dccType: 'maya', agent };

describe('audit log under rotation, deletion and failure', () => {
  it('reopens after logrotate-style rename: new records go to the new file, mode 0600', async () => {
    const { g, path } = autoGate();
    await g.request(req);
    renameSync(path, `${path}.1`);
    const second = await g.request(req);
    expect(second.approved).toBe(true);
    expect(readAudit(`${path}.1`).map((l) => l.event)).toEqual(['request', 'decision']);
    expect(readAudit(path).map((l) => [l.event, l.requestId])).toEqual([
      ['request', second.requestId],
      ['decision', second.requestId],
    ]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('recreates a deleted file', async () => {
    const { g, path } = autoGate();
    await g.request(req);
    unlinkSync(path);
    const r = await g.request(req);
    expect(readAudit(path).map((l) => l.requestId)).toEqual([r.requestId, r.requestId]);
  });

  it('refuses (fails closed, with a clear reason) when the file cannot be written, and recovers once it can', async () => {
    const { g, path } = autoGate();
    unlinkSync(path);
    mkdirSync(path); // a directory where the log should be: every open fails
    const refused = await g.request(req);
    expect(refused).toMatchObject({ approved: false, reason: expect.stringMatching(/audit log .*audit\.jsonl cannot be written .*does not run scripts or tools it cannot record/) });
    rmSync(path, { recursive: true });
    expect((await g.request(req)).approved).toBe(true);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('an asking request whose request line cannot be written is refused at once: no card waits for it', async () => {
    const { g, path } = autoGate('ask');
    unlinkSync(path);
    mkdirSync(path);
    const refused = await g.request(req);
    expect(refused).toMatchObject({ approved: false, reason: expect.stringMatching(/cannot be written/) });
    expect(g.list().pending).toEqual([]);
  });

  it('an approval whose decision line cannot be written is a rejection: the script does not run', async () => {
    const { g, path } = autoGate('ask');
    const waiting = g.request(req);
    const [pending] = g.list().pending;
    unlinkSync(path);
    mkdirSync(path); // the request line is written; from now on nothing can be
    g.decide(pending!.id, { decision: 'approve' });
    expect(await waiting).toMatchObject({ approved: false, reason: expect.stringMatching(/cannot be written/) });
    expect(g.list().history[0]).toMatchObject({ id: pending!.id, decision: 'rejected' });
  });

  it('once closed for shutdown, nothing is approved: new requests are refused, and a closed log fails closed', async () => {
    const { g, path } = autoGate();
    g.close();
    expect(await g.request(req)).toMatchObject({ approved: false, reason: 'the hub is shutting down' });
    expect(readFileSync(path, 'utf8')).toBe('');
    const log = new AuditLog(mkdtempSync(join(tmpdir(), 'audit-')));
    log.close();
    expect(() => log.append({ ts: 1, event: 'request', requestId: 'x' })).toThrow(expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }));
  });

  it('AuditLog.append throws AUDIT_UNAVAILABLE rather than losing a line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const log = new AuditLog(dir);
    rmSync(dir, { recursive: true });
    expect(() => log.append({ ts: 1, event: 'request', requestId: 'x' })).toThrow(expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }));
    log.close();
  });

  it('reads back only the end of a large log: a line cut by the window or torn by a crash is skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const path = join(dir, 'audit.jsonl');
    const line = (i: number) => JSON.stringify({ ts: i, event: 'request', requestId: `r${i}`, code: 'é'.repeat(40) }) + '\n';
    const all = Array.from({ length: 100 }, (_, i) => line(i)).join('');
    writeFileSync(path, all + '{"ts":100,"event":"req');
    const window = Buffer.byteLength(line(99)) * 10 + 30; // ten whole lines, the torn one, and part of an eleventh
    const read = readAudit(path, 5_000, window);
    expect(read.map((e) => e.requestId)).toEqual(Array.from({ length: 10 }, (_, i) => `r${90 + i}`));
    expect(readAudit(path).length).toBe(100);
    expect(readAudit(path, 3).map((e) => e.requestId)).toEqual(['r97', 'r98', 'r99']);
    expect(readAudit(join(dir, 'missing.jsonl'))).toEqual([]);
  });
});
