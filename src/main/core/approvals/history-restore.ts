/**
 * Rebuilds the approvals history from the audit log at start, so a restart keeps what ran: the script as sent,
 * the artist's edit, the decision and who made it, the (bounded) result and the before/after pictures' file names. Lines written before the log held
 * scripts and results restore with what they have (hashes, the short summary).
 */
import type { ApprovalPolicy, ApprovalRecord, PictureRef } from '../../../shared/approvals';
import { readAudit } from './audit-log';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The newest `limit` records found in the audit log at `path`, newest first. */
export function restoreHistory(path: string, limit: number): ApprovalRecord[] {
  const byId = new Map<string, ApprovalRecord>();
  for (const e of readAudit(path)) {
    if (e.event === 'request') {
      byId.set(e.requestId, {
        id: e.requestId,
        createdAtMs: e.ts,
        expiresAtMs: typeof e.expiresAtMs === 'number' ? e.expiresAtMs : e.ts,
        agent: (e.agent as ApprovalRecord['agent']) ?? { name: 'unknown' },
        instanceId: String(e.instanceId ?? ''),
        dccType: String(e.dccType ?? ''),
        scene: str(e.scene),
        tool: String(e.tool ?? ''),
        code: str(e.code),
        arguments: e.code === undefined ? e.arguments : undefined,
        sha256: String(e.sha256 ?? ''),
        policy: (e.policy as ApprovalPolicy) ?? 'ask',
        // Until a decision line says otherwise (a crash while it waited), the request counts as never run.
        decision: 'rejected',
        decidedBy: 'cancelled',
        decidedAtMs: e.ts,
      });
    } else if (e.event === 'decision') {
      const r = byId.get(e.requestId);
      if (r) Object.assign(r, { decision: e.decision, decidedBy: e.decidedBy, reason: str(e.reason), editedCode: str(e.editedCode), decidedAtMs: e.ts });
    } else if (e.event === 'result') {
      const r = byId.get(e.requestId);
      if (r) {
        const text = str(e.text);
        r.result = { success: Boolean(e.success), summary: String(e.summary ?? ''), durationMs: Number(e.durationMs ?? 0), finishedAtMs: e.ts, text, chars: typeof e.chars === 'number' ? e.chars : text?.length, truncated: e.truncated === true ? true : undefined };
      }
    } else if (e.event === 'picture' && (e.which === 'before' || e.which === 'after')) {
      const r = byId.get(e.requestId);
      const ref: PictureRef = { takenAtMs: Number(e.takenAtMs ?? e.ts), ...(typeof e.file === 'string' ? { file: e.file } : {}), ...(typeof e.error === 'string' ? { error: e.error } : {}) };
      if (r) r.pictures = { ...r.pictures, [e.which]: ref };
    }
  }
  return [...byId.values()].reverse().slice(0, limit);
}
