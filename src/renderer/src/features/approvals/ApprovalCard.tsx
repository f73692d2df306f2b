import { useEffect, useState } from 'react';
import type { ApprovalRequest } from '../../../../shared/approvals';
import { useApprovalsStore } from '../../stores/approvals-store';
import { DccIcon } from '../../app/Icons';
import { shortId } from '../../lib/format';
import { CodeView } from './CodeView';

/** One pending script: who, where, what, how long is left, and the decision (A approve, R reject). */
export function ApprovalCard({ req, autoFocus }: { req: ApprovalRequest; autoFocus: boolean }) {
  const decide = useApprovalsStore.getState().decide;
  const [now, setNow] = useState(Date.now());
  const [editing, setEditing] = useState(false);
  const [code, setCode] = useState(req.code ?? '');
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const total = req.expiresAtMs - req.createdAtMs;
  const left = Math.max(0, req.expiresAtMs - now);
  return (
    <div
      className="card approval"
      tabIndex={0}
      ref={(el) => {
        if (autoFocus && el && !el.contains(document.activeElement)) el.focus();
      }}
      onKeyDown={(e) => {
        if ((e.target as HTMLElement).tagName === 'TEXTAREA' || (e.target as HTMLElement).tagName === 'INPUT') return;
        if (e.key === 'a' || e.key === 'A') void decide(req.id, 'approve');
        if (e.key === 'r' || e.key === 'R') setRejecting(true);
      }}
      data-testid="approval-card"
      data-approval-id={req.id}
    >
      <div className="meta">
        <span>
          <b>{req.agent.name}</b> <span className="muted">{req.agent.version ?? ''}</span>
        </span>
        <span>
          wants to run <code>{req.tool}</code> in <DccIcon dcc={req.dccType} size={16} /> <b>{req.dccType}</b> <span className="muted mono">{shortId(req.instanceId)}</span>
          {req.scene ? <span className="muted"> · {req.scene}</span> : null}
        </span>
        <span className="spacer" style={{ flex: 1 }} />
        <span className="mono" data-testid="approval-countdown">
          {Math.ceil(left / 1000)} s
        </span>
      </div>
      <div className="countdown">
        <div style={{ width: `${(left / total) * 100}%` }} />
      </div>
      {req.code !== undefined ? editing ? <textarea value={code} onChange={(e) => setCode(e.target.value)} rows={Math.min(20, code.split('\n').length + 2)} style={{ width: '100%', fontFamily: 'var(--mono)' }} data-testid="approval-editor" /> : <CodeView code={req.code} /> : <div className="snippet">{JSON.stringify(req.arguments, null, 2)}</div>}
      {rejecting ? (
        <div className="actions">
          <input autoFocus placeholder="Reason (the agent sees it)" value={reason} onChange={(e) => setReason(e.target.value)} style={{ flex: 1 }} data-testid="approval-reason" onKeyDown={(e) => e.key === 'Enter' && void decide(req.id, 'reject', { reason })} />
          <button className="danger" onClick={() => void decide(req.id, 'reject', { reason })} data-testid="approval-confirm-reject">
            Reject
          </button>
          <button onClick={() => setRejecting(false)}>Cancel</button>
        </div>
      ) : (
        <div className="actions">
          <button className="primary" onClick={() => void decide(req.id, 'approve', editing ? { code } : {})} data-testid="approval-approve">
            {editing ? 'Run edited script' : 'Approve'} <span className="muted">(A)</span>
          </button>
          <button onClick={() => void decide(req.id, 'approve_trust')} data-testid="approval-trust">
            Approve &amp; trust {req.agent.name} here
          </button>
          {req.code !== undefined ? <button onClick={() => setEditing(!editing)}>{editing ? 'Cancel edit' : 'Edit & run'}</button> : null}
          <button className="danger" onClick={() => setRejecting(true)} data-testid="approval-reject">
            Reject… <span className="muted">(R)</span>
          </button>
        </div>
      )}
    </div>
  );
}
