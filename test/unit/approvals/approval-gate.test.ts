import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalGate } from '../../../src/main/core/approvals/approval-gate';
import { AuditLog, readAudit } from '../../../src/main/core/approvals/audit-log';
import { silentLogger } from '../../../src/main/core/log';
import { SettingsStore } from '../../../src/main/core/store/settings-store';
import { waitFor } from '../../helpers/wait';

const gates: ApprovalGate[] = [];
afterEach(() => {
  for (const g of gates.splice(0)) {
    g.close();
    g.closeLog();
  }
});

function gate(dir = mkdtempSync(join(tmpdir(), 'gate-')), timeoutSecs = 120) {
  const settings = new SettingsStore(dir);
  settings.update((s) => (s.approval.timeoutSecs = timeoutSecs));
  const g = new ApprovalGate({ settings, audit: new AuditLog(dir), logger: silentLogger });
  gates.push(g);
  return { g, dir };
}

const agent = { id: 'agent-1', name: 'claude-code', client: 'claude-code', version: '1.0' };
const req = (over: Record<string, unknown> = {}) => ({ tool: 'dcc_execute', code: 'return 1', instanceId: 'i-1', dccType: 'maya', agent, ...over });

describe('approval policies', () => {
  it('deny at any level wins; otherwise agent > instance > global', () => {
    const { g } = gate();
    expect(g.effectivePolicy('i-1', 'maya', 'a')).toBe('ask');
    g.setPolicy('global', undefined, 'auto');
    expect(g.effectivePolicy('i-1', 'maya', 'a')).toBe('auto');
    g.setPolicy('instance', 'maya', 'ask');
    expect(g.effectivePolicy('i-1', 'maya', 'a')).toBe('ask');
    g.setPolicy('agent', 'a', 'auto');
    expect(g.effectivePolicy('i-1', 'maya', 'a')).toBe('auto');
    g.setPolicy('instance', 'i-1', 'deny');
    expect(g.effectivePolicy('i-1', 'maya', 'a')).toBe('deny');
    g.setPolicy('instance', 'i-1', null);
    expect(g.getPolicies()).toEqual({ global: 'auto', perInstance: { maya: 'ask' }, perAgent: { a: 'auto' } });
    expect(() => g.setPolicy('agent', undefined, 'auto')).toThrow(/needs a key/);
  });

  it('auto approves at once and deny rejects at once with a reason naming the policy', async () => {
    const { g } = gate();
    g.setPolicy('global', undefined, 'auto');
    expect(await g.request(req())).toMatchObject({ approved: true, decidedBy: 'policy', code: 'return 1' });
    g.setPolicy('global', undefined, 'deny');
    expect(await g.request(req())).toMatchObject({ approved: false, decidedBy: 'policy', reason: expect.stringMatching(/policy .* is "deny"/) });
  });
});

describe('asking the user', () => {
  it('waits until approved, reporting progress while pending', async () => {
    const { g } = gate();
    const waits: number[] = [];
    const p = g.request(req({ onWaiting: (ms: number) => waits.push(ms) }));
    const [pending] = g.list().pending;
    expect(pending).toMatchObject({ tool: 'dcc_execute', code: 'return 1', agent, policy: 'ask' });
    expect(waits[0]).toBe(120_000);
    g.decide(pending!.id, { decision: 'approve' });
    expect(await p).toMatchObject({ approved: true, decidedBy: 'user', code: 'return 1' });
    expect(g.list().pending).toEqual([]);
    expect(g.list().history[0]).toMatchObject({ decision: 'approved', decidedBy: 'user' });
  });

  it('edit-then-run returns the edited code; reject returns the reason', async () => {
    const { g } = gate();
    const p1 = g.request(req());
    g.decide(g.list().pending[0]!.id, { decision: 'approve', code: 'return 2' });
    expect(await p1).toMatchObject({ approved: true, code: 'return 2' });
    const p2 = g.request(req());
    g.decide(g.list().pending[0]!.id, { decision: 'reject', reason: 'not in my scene' });
    expect(await p2).toMatchObject({ approved: false, reason: 'not in my scene', decidedBy: 'user' });
  });

  it('approve & trust makes this agent auto on this instance only', async () => {
    const { g } = gate();
    const p = g.request(req());
    g.decide(g.list().pending[0]!.id, { decision: 'approve_trust' });
    await p;
    expect(await g.request(req())).toMatchObject({ approved: true, decidedBy: 'trust' });
    void g.request(req({ agent: { id: 'agent-2', name: 'cursor' } }));
    void g.request(req({ instanceId: 'i-2' }));
    // Another credential that calls itself claude-code does not inherit the trust (identity is the credential).
    void g.request(req({ agent: { id: 'agent-3', name: 'claude-code', client: 'claude-code' } }));
    expect(g.list().pending).toHaveLength(3);
    expect(g.trustEntries()).toEqual([expect.objectContaining({ agentId: 'agent-1', agentName: 'claude-code', instanceId: 'i-1', dccType: 'maya' })]);
    g.revokeTrust('agent-1', 'i-1');
    void g.request(req());
    expect(g.list().pending).toHaveLength(4);
  });

  it('a trust grant never crosses between a service and a DCC, or between DCC types, whatever a registry row is named', async () => {
    const { g } = gate();
    const onService = g.request(req({ tool: 'files__write', code: undefined, arguments: { path: 'x' }, instanceId: 'files', dccType: 'files', service: true }));
    g.decide(g.list().pending[0]!.id, { decision: 'approve_trust' });
    await onService;
    expect(await g.request(req({ tool: 'files__write', code: undefined, arguments: {}, instanceId: 'files', dccType: 'files', service: true }))).toMatchObject({ approved: true, decidedBy: 'trust' });
    // Tampered rows reusing the service's name as instance id, and as both instance id and DCC type: they still ask.
    void g.request(req({ instanceId: 'files' }));
    void g.request(req({ instanceId: 'files', dccType: 'files' }));
    expect(g.list().pending).toHaveLength(2);
    // Trust on one DCC instance does not cover a row of another type reusing its id.
    const onMaya = g.request(req());
    g.decide(g.list().pending[2]!.id, { decision: 'approve_trust' });
    await onMaya;
    void g.request(req({ dccType: 'blender' }));
    expect(g.list().pending).toHaveLength(3);
  });

  it('forgetting a revoked agent rejects its waiting requests and drops its trust and policy', async () => {
    const { g } = gate();
    g.setPolicy('agent', 'agent-1', 'ask');
    const p = g.request(req());
    const other = g.request(req({ agent: { id: 'agent-2', name: 'cursor' } }));
    g.forgetAgent('agent-1');
    expect(await p).toMatchObject({ approved: false, decidedBy: 'cancelled', reason: expect.stringMatching(/revoked/) });
    expect(g.list().pending.map((r) => r.agent.id)).toEqual(['agent-2']);
    expect(g.getPolicies().perAgent).toEqual({});
    g.decide(g.list().pending[0]!.id, { decision: 'reject' });
    await other;
  });

  it('times out as a rejection, and an aborted request is dropped', async () => {
    const { g } = gate(undefined, 5);
    const ac = new AbortController();
    const aborted = g.request(req({ signal: ac.signal }));
    ac.abort();
    expect(await aborted).toMatchObject({ approved: false, decidedBy: 'cancelled' });
    expect(g.list().pending).toEqual([]);
    expect(() => g.decide('nope', { decision: 'approve' })).toThrow(/no pending approval nope/);
  });

  it('a request nobody decides is rejected when the timeout passes', async () => {
    const { g } = gate(undefined, 5);
    const out = await g.request(req());
    expect(out).toMatchObject({ approved: false, decidedBy: 'timeout', reason: 'no decision within 5 s' });
    const rec = g.list().history[0]!;
    expect(rec.expiresAtMs - rec.createdAtMs).toBe(5_000);
    expect(rec.decidedAtMs).toBeGreaterThanOrEqual(rec.expiresAtMs - 5); // decided by its deadline, not before
  }, 10_000);

  it('close() rejects everything pending', async () => {
    const { g } = gate();
    const p = g.request(req());
    g.close();
    gates.pop();
    expect(await p).toMatchObject({ approved: false, reason: 'the hub is shutting down' });
  });
});

describe('audit log', () => {
  it('appends request, decision and result with the script sha256, mode 0600, and history survives a restart', async () => {
    const { g, dir } = gate();
    const p = g.request(req({ code: 'print("hi")\nreturn 42' }));
    const id = g.list().pending[0]!.id;
    g.decide(id, { decision: 'approve', code: 'return 43' });
    await p;
    g.recordResult(id, { success: true, summary: '43', durationMs: 12 });
    const path = join(dir, 'audit.jsonl');
    const lines = readAudit(path);
    expect(lines.map((l) => l.event)).toEqual(['request', 'decision', 'result']);
    expect(lines[0]!.sha256).toBe(createHash('sha256').update('print("hi")\nreturn 42').digest('hex'));
    expect(lines[1]!.editedSha256).toBe(createHash('sha256').update('return 43').digest('hex'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toMatch(/token/i);
    const again = gate(dir).g;
    await waitFor(() => again.list().history.length === 1, 'restored history');
    expect(again.list().history[0]).toMatchObject({ id, decision: 'approved', decidedBy: 'user', result: { success: true, summary: '43' } });
  });

  it('records the script as sent, the edit and the whole result (first 64 Ki characters, marked truncated), and restores them', async () => {
    const { g, dir } = gate();
    const p = g.request(req({ code: 'print("hi")\nreturn 42', scene: 'shot010.ma' }));
    const id = g.list().pending[0]!.id;
    g.decide(id, { decision: 'approve', code: 'return 43' });
    await p;
    const whole = JSON.stringify({ success: true, output: 'y'.repeat(70_000) });
    g.recordResult(id, { success: true, summary: 'yyy', text: whole, durationMs: 5 });
    const lines = readAudit(join(dir, 'audit.jsonl'));
    expect(lines[0]).toMatchObject({ event: 'request', code: 'print("hi")\nreturn 42', scene: 'shot010.ma' });
    expect(lines[1]).toMatchObject({ event: 'decision', editedCode: 'return 43' });
    expect(lines[2]).toMatchObject({ event: 'result', text: whole.slice(0, 64 * 1024), chars: whole.length, truncated: true });
    // The pushed list stays small: results there carry the summary only; `detail` has the whole (bounded) text.
    expect(g.list().history[0]!.result).toEqual({ success: true, summary: 'yyy', durationMs: 5, finishedAtMs: expect.any(Number), chars: whole.length, truncated: true, text: undefined });
    expect(g.detail(id).result!.text).toBe(whole.slice(0, 64 * 1024));
    expect(() => g.detail('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const again = gate(dir).g;
    expect(again.detail(id)).toMatchObject({ code: 'print("hi")\nreturn 42', editedCode: 'return 43', scene: 'shot010.ma', decidedBy: 'user', result: { truncated: true, chars: whole.length, text: whole.slice(0, 64 * 1024) } });
  });

  it('a short result is kept whole and not marked truncated; a tool call keeps its arguments', async () => {
    const { g, dir } = gate();
    g.setPolicy('global', undefined, 'auto');
    const r = await g.request({ tool: 'maya__delete_object', arguments: { name: 'pCube1' }, instanceId: 'i-1', dccType: 'maya', agent });
    g.recordResult(r.requestId, { success: true, summary: '{"deleted":1}', durationMs: 1 });
    const again = gate(dir).g;
    expect(again.detail(r.requestId)).toMatchObject({ arguments: { name: 'pCube1' }, decidedBy: 'policy', result: { text: '{"deleted":1}', chars: 13 } });
    expect(again.detail(r.requestId).result!.truncated).toBeUndefined();
  });
});
