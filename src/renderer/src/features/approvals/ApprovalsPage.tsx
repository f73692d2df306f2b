import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApprovalPolicy } from '../../../../shared/approvals';
import { useApprovalsStore } from '../../stores/approvals-store';
import { agentName, useAgentsStore } from '../../stores/agents-store';
import { EmptyState } from '../../app/EmptyState';
import { DccIcon } from '../../app/Icons';
import { clock, ms } from '../../lib/format';
import { ApprovalCard } from './ApprovalCard';

const POLICIES: ApprovalPolicy[] = ['ask', 'auto', 'deny'];

/** The queue of scripts waiting for a decision, the policy in force, and what was decided before. */
export function ApprovalsPage() {
  const s = useApprovalsStore(useShallow((x) => ({ pending: x.pending, history: x.history, policies: x.policies, error: x.error })));
  const setPolicy = useApprovalsStore.getState().setPolicy;
  const agents = useAgentsStore((x) => x.agents);
  return (
    <div>
      <div className="section">
        <h3>Policy in force</h3>
        <div className="toolbar">
          <span>Global:</span>
          <span className="policy" data-testid="policy-global">
            {POLICIES.map((p) => (
              <button key={p} className={s.policies?.global === p ? 'sel' : ''} onClick={() => void setPolicy('global', undefined, p)}>
                {p}
              </button>
            ))}
          </span>
          {Object.entries(s.policies?.perInstance ?? {}).map(([k, p]) => (
            <span key={k} className="chip">
              {k}: {p}{' '}
              <a role="button" title="Clear" onClick={() => void setPolicy('instance', k, null)}>
                ✕
              </a>
            </span>
          ))}
          {Object.entries(s.policies?.perAgent ?? {}).map(([k, p]) => (
            <span key={k} className="chip">
              agent {agentName(agents, k)}: {p}{' '}
              <a role="button" title="Clear" onClick={() => void setPolicy('agent', k, null)}>
                ✕
              </a>
            </span>
          ))}
        </div>
        <PolicyForm />
      </div>
      {s.error ? <p className="err">{s.error}</p> : null}
      <div className="section">
        <h3>Waiting for you {s.pending.length ? <span className="badge amber">{s.pending.length}</span> : null}</h3>
        {s.pending.length === 0 ? <EmptyState title="Nothing to approve">When an agent asks to run a script, it appears here with its code; nothing runs until you decide.</EmptyState> : s.pending.map((r, i) => <ApprovalCard key={r.id} req={r} autoFocus={i === 0} />)}
      </div>
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
                      <span className={`chip ${h.decision === 'approved' ? 'ok' : 'danger'}`}>{h.decision}</span> <span className="muted">by {h.decidedBy}</span>
                      {h.reason ? <div className="muted">{h.reason}</div> : null}
                    </td>
                    <td>{h.result ? <span className={h.result.success ? '' : 'err'}>{h.result.success ? '✓' : '✗'} {h.result.summary.slice(0, 80)} <span className="muted">{ms(h.result.durationMs)}</span></span> : null}</td>
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

/** Sets a policy for one DCC (type or instance id) or one agent (picked from the real agents: identities, not names). */
function PolicyForm() {
  const [scope, setScope] = useState<'instance' | 'agent'>('agent');
  const [key, setKey] = useState('');
  const [policy, setPolicyValue] = useState<ApprovalPolicy>('auto');
  const agents = useAgentsStore((x) => x.agents);
  return (
    <div className="toolbar" style={{ marginTop: 8 }}>
      <span className="muted">Add a rule:</span>
      <select value={scope} onChange={(e) => (setScope(e.target.value as 'instance' | 'agent'), setKey(''))} data-testid="policy-scope" aria-label="Rule for">
        <option value="agent">agent</option>
        <option value="instance">DCC type or instance id</option>
      </select>
      {scope === 'agent' ? (
        <select value={key} onChange={(e) => setKey(e.target.value)} data-testid="policy-key" aria-label="Agent">
          <option value="">pick an agent…</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      ) : (
        <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="e.g. maya" data-testid="policy-key" aria-label="DCC type or instance id" />
      )}
      <select value={policy} onChange={(e) => setPolicyValue(e.target.value as ApprovalPolicy)} data-testid="policy-value">
        {POLICIES.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <button disabled={!key.trim()} onClick={() => void useApprovalsStore.getState().setPolicy(scope, key.trim(), policy).then(() => setKey(''))} data-testid="policy-set">
        Set
      </button>
    </div>
  );
}
