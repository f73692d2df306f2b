import { useState } from 'react';
import type { ApprovalPolicies, ApprovalPolicy } from '../../../../shared/approvals';
import { useApprovalsStore } from '../../stores/approvals-store';
import { agentName, useAgentsStore } from '../../stores/agents-store';

const POLICIES: ApprovalPolicy[] = ['ask', 'auto', 'deny'];

/** Says plainly when scripts run without asking: shown at the top of the page whenever the global policy is auto. */
export function AutoPolicyWarning({ policies }: { policies: ApprovalPolicies | null }) {
  if (policies?.global !== 'auto') return null;
  return (
    <div className="warn-box strong" role="status" data-testid="policy-auto-warning">
      <b>Scripts run without asking.</b> The global policy is <b>auto</b>: every agent's scripts and
      destructive tool calls run at once, unless a rule below says ask or deny. Choose <b>ask</b> to see each
      one first.
    </div>
  );
}

/** The policy in force: the global choice (switching to auto needs a confirmation) and the per-DCC / per-agent rules. */
export function PolicyPanel({ policies }: { policies: ApprovalPolicies | null }) {
  const setPolicy = useApprovalsStore.getState().setPolicy;
  const agents = useAgentsStore((x) => x.agents);
  const [confirmAuto, setConfirmAuto] = useState(false);
  const apply = (p: ApprovalPolicy): void => {
    setConfirmAuto(false);
    void setPolicy('global', undefined, p);
  };
  // Why: auto takes the person out of the loop for every agent; one stray click must not do that.
  const choose = (p: ApprovalPolicy): void =>
    p === 'auto' && policies?.global !== 'auto' ? setConfirmAuto(true) : apply(p);
  return (
    <div className="section">
      <h3>Policy in force</h3>
      <div className="toolbar">
        <span>Global:</span>
        <span className="policy" data-testid="policy-global" role="group" aria-label="Global approval policy">
          {POLICIES.map((p) => (
            <button
              key={p}
              className={policies?.global === p ? 'sel' : ''}
              aria-pressed={policies?.global === p}
              onClick={() => choose(p)}
              data-testid={`policy-global-${p}`}
            >
              {p}
            </button>
          ))}
        </span>
        {Object.entries(policies?.perInstance ?? {}).map(([k, p]) => (
          <Rule key={`i${k}`} label={k} policy={p} onClear={() => void setPolicy('instance', k, null)} />
        ))}
        {Object.entries(policies?.perAgent ?? {}).map(([k, p]) => (
          <Rule
            key={`a${k}`}
            label={`agent ${agentName(agents, k)}`}
            policy={p}
            onClear={() => void setPolicy('agent', k, null)}
          />
        ))}
      </div>
      {confirmAuto ? (
        <div className="warn-box" data-testid="policy-auto-confirm-box">
          Switch to <b>auto</b>? Agents' scripts and destructive tool calls will run <b>without asking you</b>
          , on every DCC, until you switch back.
          <div className="actions">
            <button className="danger" onClick={() => apply('auto')} data-testid="policy-auto-confirm">
              Yes, run without asking
            </button>
            <button onClick={() => setConfirmAuto(false)} data-testid="policy-auto-cancel">
              Keep {policies?.global ?? 'ask'}
            </button>
          </div>
        </div>
      ) : null}
      <PolicyForm />
    </div>
  );
}

function Rule({ label, policy, onClear }: { label: string; policy: ApprovalPolicy; onClear: () => void }) {
  return (
    <span
      className={`chip${policy === 'auto' ? ' warn' : ''}`}
      title={policy === 'auto' ? 'Runs without asking' : undefined}
    >
      {label}: {policy}
      {policy === 'auto' ? ' (runs without asking)' : ''}{' '}
      <button
        className="link"
        title="Clear this rule"
        aria-label={`Clear the rule for ${label}`}
        onClick={onClear}
      >
        ✕
      </button>
    </span>
  );
}

/** Sets a policy for one DCC (type or instance id) or one agent (picked from the real agents: identities, not names). */
function PolicyForm() {
  const [scope, setScope] = useState<'instance' | 'agent'>('agent');
  const [key, setKey] = useState('');
  const [policy, setPolicyValue] = useState<ApprovalPolicy>('ask');
  const agents = useAgentsStore((x) => x.agents);
  return (
    <div className="toolbar" style={{ marginTop: 8 }}>
      <span className="muted">Add a rule:</span>
      <select
        value={scope}
        onChange={(e) => (setScope(e.target.value as 'instance' | 'agent'), setKey(''))}
        data-testid="policy-scope"
        aria-label="Rule for"
      >
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
      <select
        value={policy}
        onChange={(e) => setPolicyValue(e.target.value as ApprovalPolicy)}
        data-testid="policy-value"
        aria-label="Policy"
      >
        {POLICIES.map((p) => (
          <option key={p} value={p}>
            {p === 'auto' ? 'auto (runs without asking)' : p}
          </option>
        ))}
      </select>
      <button
        disabled={!key.trim()}
        onClick={() =>
          void useApprovalsStore
            .getState()
            .setPolicy(scope, key.trim(), policy)
            .then(() => setKey(''))
        }
        data-testid="policy-set"
      >
        Set
      </button>
    </div>
  );
}
