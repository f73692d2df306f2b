import { useShallow } from 'zustand/react/shallow';
import { useApprovalsStore } from '../../stores/approvals-store';
import { EmptyState } from '../../app/EmptyState';
import { DccIcon } from '../../app/Icons';
import { clock, ms } from '../../lib/format';
import { ApprovalCard } from './ApprovalCard';
import { BeforeAfter } from './BeforeAfter';
import { AutoPolicyWarning, PolicyPanel } from './PolicyPanel';

/** The queue of requests waiting for a decision first, then the policy in force, then what was decided before. */
export function ApprovalsPage() {
  const s = useApprovalsStore(
    useShallow((x) => ({ pending: x.pending, history: x.history, policies: x.policies, error: x.error })),
  );
  return (
    <div>
      <AutoPolicyWarning policies={s.policies} />
      {s.error ? <p className="err">{s.error}</p> : null}
      <div className="section">
        <h3>
          Waiting for you {s.pending.length ? <span className="badge amber">{s.pending.length}</span> : null}
        </h3>
        {s.pending.length === 0 ? (
          <EmptyState title="Nothing to approve">
            {s.policies?.global === 'auto'
              ? "The global policy is auto: agents' scripts run at once, without asking (unless a rule below says ask), and show up in the history."
              : 'When an agent asks to run a script, it appears here with its code; nothing runs until you decide.'}
          </EmptyState>
        ) : (
          <>
            <p className="muted keys-hint">
              Click a card (or Tab to it), then A approves and R rejects; keys never act while you type in a
              field.
            </p>
            {s.pending.map((r) => (
              <ApprovalCard key={r.id} req={r} />
            ))}
          </>
        )}
      </div>
      <PolicyPanel policies={s.policies} />
      <div className="section">
        <h3>History</h3>
        {s.history.length === 0 ? (
          <p className="muted">No decisions yet.</p>
        ) : (
          <div className="card">
            <table>
              <tbody>
                {s.history.slice(0, 200).map((h) => (
                  <tr key={h.id} data-testid="approval-history-row">
                    <td className="mono muted">{clock(h.decidedAtMs)}</td>
                    <td>
                      <DccIcon dcc={h.dccType} size={16} /> {h.dccType}
                    </td>
                    <td>{h.agent.name}</td>
                    <td>
                      <code>{h.tool}</code>
                    </td>
                    <td>
                      <span className={`chip ${h.decision === 'approved' ? 'ok' : 'danger'}`}>
                        {h.decision}
                      </span>{' '}
                      <span className="muted">by {h.decidedBy}</span>
                      {h.reason ? <div className="muted">{h.reason}</div> : null}
                    </td>
                    <td>
                      {h.result ? (
                        <span className={h.result.success ? '' : 'err'}>
                          {h.result.success ? '✓' : '✗'} {h.result.summary.slice(0, 80)}{' '}
                          <span className="muted">{ms(h.result.durationMs)}</span>
                        </span>
                      ) : null}
                      <BeforeAfter record={h} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
