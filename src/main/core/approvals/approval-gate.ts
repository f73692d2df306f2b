/**
 * The approval gate (SPEC §5) before any `dcc_execute` and any destructive tool. Which policy applies is decided
 * by `effectivePolicy` (policy.ts); agents are keyed by the id of their credential, never by clientInfo.
 */
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { TrustEntry } from '../../../shared/agents';
import { RESULT_TEXT_MAX, type ApprovalPolicies, type ApprovalPolicy, type ApprovalRecord, type ApprovalRequest, type PictureRef, type PictureWhich } from '../../../shared/approvals';
import { HubError } from '../errors';
import type { Logger } from '../log';
import type { ApprovalOutcome, ApprovalPort, ApprovalRequestInput } from '../mcp/ports';
import type { SettingsStore } from '../store/settings-store';
import type { AuditEntry, AuditLog } from './audit-log';
import { restoreHistory } from './history-restore';
import { effectivePolicy } from './policy';

const HISTORY_LIMIT = 500;

interface Pending {
  req: ApprovalRequest;
  /** What an "approve & trust" of this request would trust (see trustKey). */
  target: Pick<ApprovalRequestInput, 'instanceId' | 'dccType' | 'service'>;
  resolve: (o: ApprovalOutcome) => void;
  timer: NodeJS.Timeout;
  ticker: NodeJS.Timeout | null;
  cleanup: () => void;
}

export interface ApprovalGateOptions {
  settings: SettingsStore;
  audit: AuditLog;
  logger: Logger;
  now?: () => number;
  /** `serve --approval`: the global policy for this run only, not persisted; setting the global policy clears it. */
  globalOverride?: ApprovalPolicy;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class ApprovalGate extends EventEmitter<{ changed: []; requested: [ApprovalRequest] }> implements ApprovalPort {
  private readonly pending = new Map<string, Pending>();
  private history: ApprovalRecord[] = [];
  private readonly trusted = new Map<string, TrustEntry>();
  private readonly now: () => number;
  private globalOverride: ApprovalPolicy | undefined;
  private closing = false;

  constructor(private readonly opts: ApprovalGateOptions) {
    super();
    this.now = opts.now ?? Date.now;
    this.globalOverride = opts.globalOverride;
    this.history = restoreHistory(opts.audit.path, HISTORY_LIMIT);
  }

  getPolicies(): ApprovalPolicies {
    const a = this.opts.settings.get().approval;
    return { global: this.globalOverride ?? a.global, perInstance: { ...a.perInstance }, perAgent: { ...a.perAgent } };
  }

  /** Sets (or with `null` clears) a policy; `key` is the instance id / dcc type, or the agent id. */
  setPolicy(scope: 'global' | 'instance' | 'agent', key: string | undefined, policy: ApprovalPolicy | null): void {
    if (scope === 'global') this.globalOverride = undefined;
    this.opts.settings.update((s) => {
      if (scope === 'global') s.approval.global = policy ?? 'ask';
      else {
        if (!key) throw new HubError('INVALID_ARGS', `a ${scope} policy needs a key (${scope === 'agent' ? 'agent id' : 'instance id or dcc type'})`);
        const map = scope === 'agent' ? s.approval.perAgent : s.approval.perInstance;
        if (policy) map[key] = policy;
        else delete map[key];
      }
    });
    this.emit('changed');
  }

  /** The policy in force for this agent (by id) on this instance (or service). */
  effectivePolicy(instanceId: string, dccType: string, agentId: string, service = false): ApprovalPolicy {
    return effectivePolicy(this.getPolicies(), { agentId, instanceId, dccType, trusted: this.trusted.has(trustKey(agentId, { instanceId, dccType, service })) });
  }

  /** The "approve & trust" grants in force. */
  trustEntries(): TrustEntry[] {
    return [...this.trusted.values()].sort((a, b) => a.sinceMs - b.sinceMs);
  }

  /** Withdraws a trust grant; the agent is asked again on that instance. */
  revokeTrust(agentId: string, instanceId: string): void {
    let gone = false;
    for (const [k, t] of this.trusted) if (t.agentId === agentId && t.instanceId === instanceId) gone = this.trusted.delete(k);
    if (gone) this.emit('changed');
  }

  /**
   * Forgets a revoked agent: its trust grants and policy go, and its waiting requests are rejected.
   */
  forgetAgent(agentId: string): void {
    for (const [k, t] of this.trusted) if (t.agentId === agentId) this.trusted.delete(k);
    for (const p of [...this.pending.values()]) if (p.req.agent.id === agentId) this.finish(p, 'rejected', 'cancelled', 'the agent was revoked in DCC MCP Hub');
    if (Object.hasOwn(this.getPolicies().perAgent, agentId)) this.setPolicy('agent', agentId, null);
    this.emit('changed');
  }

  request(input: ApprovalRequestInput): Promise<ApprovalOutcome> {
    if (this.closing) return Promise.resolve({ approved: false, reason: 'the hub is shutting down', decidedBy: 'cancelled', requestId: '' });
    const policy = this.effectivePolicy(input.instanceId, input.dccType, input.agent.id, input.service);
    const now = this.now();
    const timeoutMs = this.opts.settings.get().approval.timeoutSecs * 1000;
    const text = input.code ?? JSON.stringify(input.arguments ?? {});
    const req: ApprovalRequest = { id: randomUUID(), createdAtMs: now, expiresAtMs: now + timeoutMs, agent: input.agent, instanceId: input.instanceId, dccType: input.dccType, scene: input.scene, tool: input.tool, code: input.code, arguments: input.code === undefined ? input.arguments : undefined, sha256: sha256(text), policy };
    // The audit log is the record of what ran: the script (or the tool's arguments) itself, not only its hash.
    const unrecorded = this.record({ ts: now, event: 'request', requestId: req.id, agent: req.agent, instanceId: req.instanceId, dccType: req.dccType, scene: req.scene, tool: req.tool, sha256: req.sha256, policy, expiresAtMs: req.expiresAtMs, code: req.code, arguments: req.arguments });
    if (unrecorded) return Promise.resolve({ approved: false, reason: unrecorded, decidedBy: 'policy', requestId: req.id });
    if (policy === 'auto' || policy === 'deny') {
      const trusted = policy === 'auto' && this.trusted.has(trustKey(input.agent.id, input));
      const reason = policy === 'deny' ? `the approval policy for ${input.agent.name} on ${input.dccType} is "deny"; the user can change it in DCC MCP Hub → Approvals` : undefined;
      return Promise.resolve(this.settle(req, policy === 'auto' ? 'approved' : 'rejected', trusted ? 'trust' : 'policy', reason));
    }
    return this.wait(req, input, timeoutMs);
  }

  /**
   * Decides a pending request.
   * @throws HubError NOT_FOUND for an unknown or already decided id.
   */
  decide(id: string, d: { decision: 'approve' | 'approve_trust' | 'reject'; code?: string; reason?: string }): ApprovalRecord {
    const p = this.pending.get(id);
    if (!p) throw new HubError('NOT_FOUND', `no pending approval ${id} (it was decided, timed out or cancelled)`);
    // Only a script can be edited: a tool call runs with its own arguments, so an "edit" would be recorded but not run.
    if (d.code !== undefined && p.req.code === undefined) throw new HubError('INVALID_ARGS', `only scripts can be edited; ${p.req.tool} runs with the arguments shown`);
    const agentId = p.req.agent.id;
    if (d.decision === 'approve_trust' && agentId) this.trusted.set(trustKey(agentId, p.target), { agentId, agentName: p.req.agent.name, instanceId: p.req.instanceId, dccType: p.req.dccType, sinceMs: this.now() });
    const edited = d.decision !== 'reject' && d.code !== undefined && d.code !== p.req.code ? d.code : undefined;
    const outcome = this.finish(p, d.decision === 'reject' ? 'rejected' : 'approved', 'user', d.decision === 'reject' ? d.reason?.trim() || 'rejected by the user' : undefined, edited);
    return this.history.find((h) => h.id === outcome.requestId)!;
  }

  /**
   * Records how an approved call ended. `text` is the whole result as text (default: `summary`); at most
   * `RESULT_TEXT_MAX` characters of it are kept, in the history and in the audit log, marked `truncated` when cut.
   */
  recordResult(requestId: string, result: { success: boolean; summary: string; durationMs: number; text?: string }): void {
    const rec = this.history.find((h) => h.id === requestId);
    const whole = result.text ?? result.summary;
    const summary = result.summary.slice(0, 500);
    const text = whole.slice(0, RESULT_TEXT_MAX);
    const truncated = whole.length > RESULT_TEXT_MAX ? true : undefined;
    const finishedAtMs = this.now();
    if (rec) rec.result = { success: result.success, summary, durationMs: result.durationMs, finishedAtMs, text, chars: whole.length, truncated };
    this.record({ ts: finishedAtMs, event: 'result', requestId, success: result.success, summary, durationMs: result.durationMs, text, chars: whole.length, truncated });
    this.emit('changed');
  }

  /** Attaches a before/after picture reference (a stored file's name, or why there is none) to a history record. */
  recordPicture(requestId: string, which: PictureWhich, ref: PictureRef): void {
    const rec = this.history.find((h) => h.id === requestId);
    if (rec) rec.pictures = { ...rec.pictures, [which]: ref };
    // Only the file's name goes into the log, never image bytes. A picture is not worth refusing anything over,
    // nor an fsync: losing its reference in a crash loses only the picture.
    this.record({ ts: this.now(), event: 'picture', requestId, which, ...ref }, false);
    this.emit('changed');
  }

  /** What waits and what was decided; history results carry their summary only (`detail` has the full text). */
  list(): { pending: ApprovalRequest[]; history: ApprovalRecord[] } {
    const history = this.history.map((h) => (h.result?.text === undefined ? h : { ...h, result: { ...h.result, text: undefined } }));
    return { pending: [...this.pending.values()].map((p) => p.req), history };
  }

  /**
   * One history record in full: the script as sent, the edit, the decision and the whole (bounded) result.
   * @throws HubError NOT_FOUND when it is not (or no longer) in the history.
   */
  detail(id: string): ApprovalRecord {
    const rec = this.history.find((h) => h.id === id);
    if (!rec) throw new HubError('NOT_FOUND', `no approval ${id} in the history (it is still waiting, or older than the last ${HISTORY_LIMIT})`);
    return rec;
  }

  /**
   * Rejects everything pending and every later request ("hub shutting down"). The audit log stays open for the
   * results of calls still running: `closeLog()` once they have ended.
   */
  close(): void {
    this.closing = true;
    for (const p of [...this.pending.values()]) this.finish(p, 'rejected', 'cancelled', 'the hub is shutting down');
  }

  /** Closes the audit log (after `close()` and the end of running calls); any later record fails closed. */
  closeLog(): void {
    this.opts.audit.close();
  }

  private wait(req: ApprovalRequest, input: ApprovalRequestInput, timeoutMs: number): Promise<ApprovalOutcome> {
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.finish(p, 'rejected', 'cancelled', 'the agent cancelled the request');
      };
      const p: Pending = {
        req,
        target: { instanceId: input.instanceId, dccType: input.dccType, service: input.service },
        resolve,
        timer: setTimeout(() => this.finish(p, 'rejected', 'timeout', `no decision within ${Math.round(timeoutMs / 1000)} s`), timeoutMs),
        ticker: input.onWaiting ? setInterval(() => input.onWaiting!(Math.max(0, req.expiresAtMs - this.now())), 1000) : null,
        cleanup: () => input.signal?.removeEventListener('abort', onAbort),
      };
      input.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(req.id, p);
      input.onWaiting?.(timeoutMs);
      this.opts.logger.info(`approval needed: ${req.tool} from ${req.agent.name} on ${req.dccType}`, { request: req.id.slice(0, 8) });
      this.emit('requested', req);
      this.emit('changed');
    });
  }

  private finish(p: Pending, decision: 'approved' | 'rejected', by: ApprovalRecord['decidedBy'], reason?: string, editedCode?: string): ApprovalOutcome {
    clearTimeout(p.timer);
    if (p.ticker) clearInterval(p.ticker);
    p.cleanup();
    this.pending.delete(p.req.id);
    const outcome = this.settle(p.req, decision, by, reason, editedCode);
    p.resolve(outcome);
    return outcome;
  }

  private settle(req: ApprovalRequest, decision: 'approved' | 'rejected', by: ApprovalRecord['decidedBy'], reason?: string, editedCode?: string): ApprovalOutcome {
    const rec: ApprovalRecord = { ...req, decision, decidedBy: by, reason, editedCode, decidedAtMs: this.now() };
    this.history.unshift(rec);
    if (this.history.length > HISTORY_LIMIT) this.history.length = HISTORY_LIMIT;
    const unrecorded = this.record({ ts: rec.decidedAtMs, event: 'decision', requestId: req.id, decision, decidedBy: by, reason, sha256: req.sha256, editedSha256: editedCode ? sha256(editedCode) : undefined, editedCode });
    // Fail closed: an approval that cannot be recorded is a rejection.
    if (unrecorded && decision === 'approved') Object.assign(rec, { decision: (decision = 'rejected'), reason: (reason = unrecorded) });
    this.emit('changed');
    if (decision === 'rejected') return { approved: false, reason: reason ?? 'rejected', decidedBy: by, requestId: req.id };
    return { approved: true, code: editedCode ?? req.code, decidedBy: by, requestId: req.id };
  }

  /** Appends to the audit log; returns the reason when it cannot (the caller then refuses to run anything). */
  private record(entry: AuditEntry, sync = true): string | null {
    try {
      this.opts.audit.append(entry, { sync });
      return null;
    } catch (err) {
      this.opts.logger.error((err as Error).message);
      return (err as Error).message;
    }
  }
}

/**
 * What a trust grant is for: the agent, and the exact target — a DCC instance of its type, or a service. A registry
 * row cannot take a trust grant by reusing a service's name or another type's instance id.
 */
function trustKey(agentId: string, t: Pick<ApprovalRequestInput, 'instanceId' | 'dccType' | 'service'>): string {
  return [agentId, t.service ? 'service' : 'dcc', t.dccType, t.instanceId].join('\u0000');
}
