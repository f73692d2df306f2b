import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useInstancesStore } from '../../stores/instances-store';
import { ago, shortId } from '../../lib/format';
import { DccIcon } from '../../app/Icons';
import { EmptyState } from '../../app/EmptyState';
import { InstanceDetails } from './InstanceDetails';
import { ViewportThumbnail } from './ViewportThumbnail';
import { FirstRunGuide } from '../guide/FirstRunGuide';
import { LiveState, liveStateAttr, useLive } from '../../app/LiveState';
import { CAPS, roleLabel } from './instance-format';

/** Every DCC the hub knows, live. */
export function InstancesPage() {
  const { instances, selectedId, select } = useInstancesStore(
    useShallow((s) => ({ instances: s.instances, selectedId: s.selectedId, select: s.select })),
  );
  const { connected } = useLive();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const selected = instances.find((i) => i.id === selectedId) ?? null;
  if (instances.length === 0) {
    return (
      <>
        <FirstRunGuide />
        <EmptyState title="No DCC connected yet" command="dcc-mcp-hub serve --demo">
          Install the Blender add-on or the Maya plug-in (see the guide above), or start the two demo DCCs:
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <FirstRunGuide />
      <div className={selected ? 'split' : ''}>
        <div className="card">
          {/* With the details open the table keeps its first columns; the details show the rest. */}
          <table className={selected ? 'compact' : undefined}>
            <thead>
              <tr>
                <th>DCC</th>
                <th>State</th>
                <th className="wide">Role · adapter</th>
                <th className="wide">Version</th>
                <th>Scene</th>
                <th className="wide">PID</th>
                <th className="wide">Heartbeat</th>
                <th className="wide">Capabilities</th>
              </tr>
            </thead>
            <tbody>
              {instances.map((i) => (
                <tr
                  key={i.id}
                  className={`clickable ${i.id === selectedId ? 'selected' : ''} ${i.goneAtMs !== undefined ? 'gone' : ''}`}
                  data-testid={`instance-row-${i.dccType}`}
                  data-instance-id={i.id}
                  data-state={liveStateAttr(i.state, connected, i.goneAtMs)}
                  tabIndex={0}
                  aria-selected={i.id === selectedId}
                  onClick={() => select(i.id === selectedId ? null : i.id)}
                  onKeyDown={(e) => {
                    if (e.key !== 'Enter' && e.key !== ' ') return;
                    e.preventDefault();
                    select(i.id === selectedId ? null : i.id);
                  }}
                >
                  <td className="nowrap">
                    <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                      <ViewportThumbnail instance={i} />
                      <span>
                        <DccIcon dcc={i.dccType} /> <b style={{ marginLeft: 6 }}>{i.dccType}</b>{' '}
                        <span className="muted mono">{shortId(i.id)}</span>
                        {i.simulated ? (
                          <span
                            className="chip sim"
                            data-testid="simulated-chip"
                            title="A demo DCC (the standalone plugin): no bpy or maya.cmds inside"
                            style={{ marginLeft: 6 }}
                          >
                            simulated
                          </span>
                        ) : null}
                      </span>
                    </div>
                  </td>
                  <td className="nowrap" data-testid="instance-state">
                    <LiveState
                      state={i.state}
                      goneAtMs={i.goneAtMs}
                      lastSeenMs={i.lastHeartbeatMs}
                      now={now}
                    />
                    {i.stuck ? (
                      <span className="chip danger" title={i.stuck.message}>
                        stuck
                      </span>
                    ) : null}
                  </td>
                  <td className="wide" data-testid="instance-role" data-role={i.role ?? 'dcclink'}>
                    <span className="chip">{roleLabel(i.origin, i.role)}</span>
                    {i.adapterDcc || i.adapterVersion ? (
                      <span className="mono muted" data-testid="instance-adapter">
                        {`${i.adapterDcc ?? ''} ${i.adapterVersion ?? ''}`.trim()}
                      </span>
                    ) : null}
                    {i.note ? (
                      <div className="muted" data-testid="instance-note">
                        {i.note}
                      </div>
                    ) : null}
                  </td>
                  <td className="mono wide">{i.version ?? '—'}</td>
                  <td>{i.scene ?? '—'}</td>
                  <td className="mono wide">{i.pid ?? '—'}</td>
                  <td className="muted wide">{connected ? ago(i.lastHeartbeatMs, now) : '—'}</td>
                  <td className="wide">
                    {i.capabilities ? (
                      CAPS.filter((c) => i.capabilities?.[c]).map((c) => (
                        <span key={c} className="chip">
                          {c.replace('_', ' ')}
                        </span>
                      ))
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {selected ? <InstanceDetails instance={selected} onClose={() => select(null)} /> : null}
      </div>
    </>
  );
}
