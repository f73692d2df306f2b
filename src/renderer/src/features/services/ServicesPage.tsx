import { Fragment, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useServicesStore } from '../../stores/services-store';
import { EmptyState } from '../../app/EmptyState';
import { ago, clock } from '../../lib/format';
import { LiveState, liveStateAttr, useLive } from '../../app/LiveState';
import { hub } from '../../lib/hub-client';

const EXAMPLE = `{
  "mcpServers": {
    "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/projects"] },
    "assets": { "url": "http://127.0.0.1:9000/mcp", "headers": { "Authorization": "Bearer …" } }
  }
}`;

/** External MCP services: add from JSON, watch their lifecycle, see their tools, restart or remove them. */
export function ServicesPage() {
  const s = useServicesStore(useShallow((x) => ({ services: x.services, results: x.results })));
  const { add, remove, restart } = useServicesStore.getState();
  const [json, setJson] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const { connected } = useLive();
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <div>
      <div className="section">
        <h3>Add services</h3>
        <div className="card side">
          <textarea
            value={json}
            onChange={(e) => setJson(e.target.value)}
            placeholder={EXAMPLE}
            rows={7}
            style={{ width: '100%', fontFamily: 'var(--mono)' }}
            data-testid="services-json"
          />
          <div className="actions">
            <button
              className="primary"
              disabled={!json.trim()}
              onClick={() => void add(json).then((ok) => ok && setJson(''))}
              data-testid="services-add"
            >
              Add
            </button>
            <span className="muted">
              {
                'An {"mcpServers": {…}} block (as in Claude Desktop or Cursor), one service with a "name", or a list.'
              }
            </span>
          </div>
          {s.results.map((r, i) => (
            <div key={i} className={r.ok ? 'muted' : 'err'} data-testid="services-result">
              {r.ok ? `✓ ${r.name} added` : `✗ ${r.error}`}
            </div>
          ))}
        </div>
      </div>
      <div className="section">
        <h3>Services</h3>
        {s.services.length === 0 ? (
          <EmptyState title="No external MCP services">
            Paste a config above, or start the hub with --mcp-config services.json. Their tools join the hub
            as service__tool.
          </EmptyState>
        ) : (
          <div className="card">
            <table>
              <tbody>
                {s.services.map((svc) => (
                  <Fragment key={svc.name}>
                    <tr
                      className="clickable"
                      tabIndex={0}
                      aria-expanded={open === svc.name}
                      onKeyDown={(e) => {
                        if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
                        e.preventDefault();
                        setOpen(open === svc.name ? null : svc.name);
                      }}
                      onClick={() => setOpen(open === svc.name ? null : svc.name)}
                      data-testid={`service-row-${svc.name}`}
                      data-state={liveStateAttr(svc.state, connected)}
                    >
                      <td className="nowrap">
                        <b>{svc.name}</b>
                      </td>
                      <td>
                        {svc.disabled ? (
                          <span className="live-state">
                            <span className="dot closed" />
                            disabled
                          </span>
                        ) : (
                          <LiveState state={svc.state} />
                        )}
                        {connected ? <span className="muted"> since {ago(svc.since)}</span> : null}
                      </td>
                      <td className="mono muted">{svc.transport}</td>
                      <td style={{ maxWidth: 300 }}>
                        <div className="mono ellipsis" title={svc.target}>
                          {svc.target}
                        </div>
                        {svc.lastError ? (
                          <div className="err wrap" data-testid="service-error">
                            {svc.lastError}
                          </div>
                        ) : null}
                      </td>
                      <td>{svc.tools.length} tools</td>
                      <td className="muted">{svc.source}</td>
                      <td className="nowrap">
                        {svc.source === 'dcc-mcp-core' ? null : (
                          <>
                            <button
                              data-testid="service-edit"
                              onClick={(e) => {
                                e.stopPropagation();
                                void hub()
                                  .invoke('services:config', { name: svc.name })
                                  .then((r) => setJson(r.json));
                              }}
                            >
                              Edit
                            </button>{' '}
                            <button
                              data-testid="service-toggle"
                              onClick={(e) => (
                                e.stopPropagation(),
                                void hub().invoke('services:setEnabled', {
                                  name: svc.name,
                                  enabled: Boolean(svc.disabled),
                                })
                              )}
                            >
                              {svc.disabled ? 'Enable' : 'Disable'}
                            </button>{' '}
                          </>
                        )}
                        {svc.disabled ? null : (
                          <>
                            <button onClick={(e) => (e.stopPropagation(), void restart(svc.name))}>
                              Restart
                            </button>{' '}
                          </>
                        )}
                        {svc.source === 'dcc-mcp-core' || svc.disabled ? null : confirming === svc.name ? (
                          <>
                            <button
                              className="danger"
                              data-testid="service-remove-confirm"
                              onClick={(e) => (
                                e.stopPropagation(),
                                setConfirming(null),
                                void remove(svc.name)
                              )}
                            >
                              Remove {svc.name}?
                            </button>{' '}
                            <button onClick={(e) => (e.stopPropagation(), setConfirming(null))}>
                              Cancel
                            </button>
                          </>
                        ) : (
                          <button
                            className="danger"
                            data-testid="service-remove"
                            onClick={(e) => (e.stopPropagation(), setConfirming(svc.name))}
                          >
                            Remove
                          </button>
                        )}
                      </td>
                    </tr>
                    {open === svc.name ? (
                      <tr>
                        <td colSpan={7}>
                          {svc.stderrTail?.length ? (
                            <>
                              <b>stderr (last lines)</b>
                              <pre className="snippet" tabIndex={0} data-testid="service-stderr">
                                {svc.stderrTail.join('\n')}
                              </pre>
                            </>
                          ) : null}
                          <div className="grid2">
                            <div>
                              <b>Tools</b>
                              {svc.tools.map((t) => (
                                <div key={t.name}>
                                  <code>
                                    {svc.name}__{t.name}
                                  </code>{' '}
                                  <span className="muted">{t.description}</span>
                                </div>
                              ))}
                            </div>
                            <div>
                              <b>Transitions</b>
                              {svc.transitions
                                .slice()
                                .reverse()
                                .map((t, i) => (
                                  <div key={i} className="mono">
                                    {clock(t.at)} {t.from} → {t.to} <span className="muted">{t.reason}</span>
                                  </div>
                                ))}
                            </div>
                          </div>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
