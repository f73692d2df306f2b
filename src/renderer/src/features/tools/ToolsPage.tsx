import { useState } from 'react';
import type { ToolView } from '../../../../shared/api';
import { useToolsStore } from '../../stores/tools-store';
import { agentName, useAgentsStore } from '../../stores/agents-store';
import { EmptyState } from '../../app/EmptyState';

const GROUPS: [ToolView['source'], string][] = [
  ['codemode', 'Code mode (built in)'],
  ['instance', 'DCC instances'],
  ['service', 'External MCP services'],
];

/** Every tool agents can see, grouped by source, with switches and per-agent hiding. */
export function ToolsPage() {
  const tools = useToolsStore((s) => s.tools);
  const error = useToolsStore((s) => s.error);
  const [agent, setAgent] = useState('');
  const [query, setQuery] = useState('');
  const agents = useAgentsStore((s) => s.agents);
  const { setEnabled, setAgentVisibility } = useToolsStore.getState();
  if (tools.length === 0)
    return (
      <EmptyState title="No tools yet">Tools appear when the hub starts and when DCCs connect.</EmptyState>
    );
  return (
    <div>
      <div className="toolbar" style={{ marginBottom: 12 }}>
        <input
          type="search"
          placeholder="Search tools…"
          aria-label="Search tools"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="tools-search"
          style={{ width: 220 }}
        />
        <span className="muted">Per-agent view:</span>
        <select
          value={agent}
          onChange={(e) => setAgent(e.target.value)}
          data-testid="tools-agent"
          aria-label="Per-agent view"
        >
          <option value="">all agents</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        {error ? <span className="err">{error}</span> : null}
      </div>
      {GROUPS.map(([source, title]) => {
        const q = query.trim().toLowerCase();
        const list = tools.filter(
          (t) =>
            t.source === source &&
            (!q ||
              t.name.toLowerCase().includes(q) ||
              t.description.toLowerCase().includes(q) ||
              t.origin.toLowerCase().includes(q)),
        );
        const origins = [...new Set(list.map((t) => t.origin))];
        // One switch for everything a DCC or a service brings (only the tools the search shows).
        const bulk = (origin: string, enabled: boolean): void => {
          for (const t of list)
            if (t.origin === origin && t.enabled !== enabled) void setEnabled(t.name, enabled);
        };
        return (
          <div className="section" key={source}>
            <h3>
              {title} <span className="chip">{list.length}</span>
            </h3>
            {source !== 'codemode' && origins.length ? (
              <div className="toolbar" style={{ marginBottom: 6 }}>
                {origins.map((o) => (
                  <span key={o} className="bulk" data-testid={`tools-bulk-${o}`}>
                    <b>{o}</b>
                    <button onClick={() => bulk(o, true)} data-testid={`tools-bulk-on-${o}`}>
                      Enable all
                    </button>
                    <button onClick={() => bulk(o, false)} data-testid={`tools-bulk-off-${o}`}>
                      Disable all
                    </button>
                  </span>
                ))}
              </div>
            ) : null}
            {list.length === 0 ? (
              <p className="muted">
                {source === 'service' ? 'Add external MCP services on the Services page.' : 'None connected.'}
              </p>
            ) : (
              <div className="card">
                <table>
                  <tbody>
                    {list.map((t) => (
                      <tr key={t.name} data-testid={`tool-row-${t.name}`}>
                        <td style={{ width: 48 }}>
                          <button
                            className={`toggle ${t.enabled ? 'on' : ''}`}
                            aria-label={`${t.enabled ? 'Disable' : 'Enable'} ${t.name}`}
                            onClick={() => void setEnabled(t.name, !t.enabled)}
                            data-testid={`tool-toggle-${t.name}`}
                          />
                        </td>
                        <td>
                          <code>{t.name}</code>{' '}
                          {t.annotations.readOnlyHint ? <span className="chip ok">read-only</span> : null}
                          {t.annotations.destructiveHint ? (
                            <span className="chip danger">destructive</span>
                          ) : null}
                          <div className="muted">{t.description}</div>
                        </td>
                        <td style={{ width: 170 }}>
                          {agent ? (
                            <label>
                              <input
                                type="checkbox"
                                checked={!t.hiddenFrom.includes(agent)}
                                onChange={(e) => void setAgentVisibility(agent, t.name, e.target.checked)}
                              />{' '}
                              visible to {agentName(agents, agent)}
                            </label>
                          ) : t.hiddenFrom.length ? (
                            <span className="muted">
                              hidden from {t.hiddenFrom.map((id) => agentName(agents, id)).join(', ')}
                            </span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
