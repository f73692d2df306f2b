import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAgentsStore } from '../../stores/agents-store';
import { useApprovalsStore } from '../../stores/approvals-store';
import { CopyButton } from '../../app/CopyButton';
import { EmptyState } from '../../app/EmptyState';
import { clock } from '../../lib/format';
import { ConsentCard } from './ConsentCard';

const METHOD: Record<string, string> = { local: 'local key (hub.json)', key: 'agent key', oauth: 'connected with consent (OAuth)' };

/** Who may talk to the hub: connection requests, every agent identity, its keys, policies and trust grants. */
export function AgentsPage() {
  const s = useAgentsStore(useShallow((x) => ({ agents: x.agents, trust: x.trust, consents: x.consents, error: x.error, created: x.created })));
  const perAgent = useApprovalsStore((x) => x.policies?.perAgent ?? {});
  const { revoke, revokeTrust } = useAgentsStore.getState();
  return (
    <div>
      {s.consents.length ? (
        <div className="section">
          <h3>
            Asking to connect <span className="badge amber">{s.consents.length}</span>
          </h3>
          {s.consents.map((c) => (
            <ConsentCard key={c.id} req={c} />
          ))}
        </div>
      ) : null}
      {s.error ? <p className="err">{s.error}</p> : null}
      <div className="section">
        <h3>Agents</h3>
        <div className="card">
          <table>
            <thead>
              <tr>
                <th>Agent</th>
                <th>How it connects</th>
                <th>Client says it is</th>
                <th>Last seen</th>
                <th className="num">Calls</th>
                <th className="num">Sessions</th>
                <th>Policy</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {s.agents.map((a) => (
                <tr key={a.id} data-testid={`agent-row-${a.name}`}>
                  <td>
                    <b>{a.name}</b>
                  </td>
                  <td>{METHOD[a.method]}</td>
                  <td className="muted">{a.client ?? '—'}</td>
                  <td className="mono">{a.lastSeenMs ? clock(a.lastSeenMs) : 'never'}</td>
                  <td className="num mono">{a.calls}</td>
                  <td className="num mono" data-testid={`agent-sessions-${a.name}`}>
                    {a.sessions}
                  </td>
                  <td>{perAgent[a.id] ?? <span className="muted">default</span>}</td>
                  <td>
                    {a.method === 'local' ? (
                      <span className="muted">rotate in Settings</span>
                    ) : (
                      <button className="danger" onClick={() => confirm(`Revoke ${a.name}? Its sessions end now and its credential stops working.`) && void revoke(a.id)} data-testid={`agent-revoke-${a.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <NewKeyForm />
      </div>
      <div className="section">
        <h3>Approve &amp; trust grants</h3>
        {s.trust.length === 0 ? (
          <EmptyState title="No trusted agents">"Approve &amp; trust" on an approval card lets one agent run on one DCC without asking until the hub restarts; grants show here.</EmptyState>
        ) : (
          <div className="card">
            <table>
              <tbody>
                {s.trust.map((t) => (
                  <tr key={`${t.agentId}/${t.instanceId}`} data-testid="trust-row">
                    <td>
                      <b>{t.agentName}</b> runs without asking on <b>{t.dccType}</b> <code>{t.instanceId.slice(0, 8)}</code>
                    </td>
                    <td className="mono">since {clock(t.sinceMs)}</td>
                    <td>
                      <button onClick={() => void revokeTrust(t.agentId, t.instanceId)}>Stop trusting</button>
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

/** Creates a named agent key; the key is shown once with the stdio command that uses it. */
function NewKeyForm() {
  const [name, setName] = useState('');
  const created = useAgentsStore((x) => x.created);
  const { createKey, dismissCreated } = useAgentsStore.getState();
  return (
    <div style={{ marginTop: 8 }}>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void createKey(name.trim()).then(() => setName(''));
        }}
      >
        <label htmlFor="new-agent-name" className="muted">
          New agent key for a client without OAuth:
        </label>
        <input id="new-agent-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. codex" data-testid="agent-new-name" />
        <button type="submit" disabled={!name.trim()} data-testid="agent-new-create">
          Create
        </button>
      </form>
      {created ? (
        <div className="card" style={{ padding: 10, marginTop: 8 }} data-testid="agent-created">
          <p>
            Key for <b>{created.name}</b> (shown once; it is also in <code>{created.keyFile}</code>, readable only by you):
          </p>
          <p className="mono">
            {created.key} <CopyButton text={created.key} />
          </p>
          <p className="muted">
            stdio clients: <code>dcc-mcp-hub stdio --agent {created.name}</code>. HTTP clients: header <code>Authorization: Bearer &lt;key&gt;</code>.
          </p>
          <button onClick={dismissCreated}>Done</button>
        </div>
      ) : null}
    </div>
  );
}
