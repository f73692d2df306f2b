import { useSessionsStore } from '../../stores/sessions-store';
import { bytes, ms, shortId } from '../../lib/format';
import { DccIcon } from '../../app/Icons';
import { EmptyState } from '../../app/EmptyState';
import { Sparkline } from '../../app/Sparkline';
import { LiveState, liveStateAttr, useLive } from '../../app/LiveState';

/** One row per DCC session: state, reconnects, counts, latency drawn as a sparkline, bytes each way. */
export function SessionsPage() {
  const sessions = useSessionsStore((s) => s.sessions);
  const { connected } = useLive();
  if (sessions.length === 0) return <EmptyState title="No sessions">Sessions open by themselves when a DCC appears in the registry.</EmptyState>;
  return (
    <div className="card">
      <table>
        <thead>
          <tr>
            <th>DCC</th>
            <th>State</th>
            <th>Reconnects</th>
            <th>Requests</th>
            <th>Errors</th>
            <th>p50</th>
            <th>p95</th>
            <th>Latency</th>
            <th>RTT</th>
            <th>In</th>
            <th>Out</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-testid={`session-row-${s.dccType}`} data-state={liveStateAttr(s.state, connected)}>
              <td>
                <DccIcon dcc={s.dccType} /> <b style={{ marginLeft: 6 }}>{s.dccType}</b> <span className="muted mono">{shortId(s.instanceId)}</span>
              </td>
              <td>
                <LiveState state={s.state} />
                {s.inFlight ? <span className="chip">{s.inFlight} in flight</span> : null}
              </td>
              <td>{s.reconnectAttempts}</td>
              <td>{s.requests.toLocaleString()}</td>
              <td className={s.errors ? 'err' : ''} title={s.lastError ?? ''}>
                {s.errors}
              </td>
              <td className="mono">{ms(s.latency.p50Ms)}</td>
              <td className="mono">{ms(s.latency.p95Ms)}</td>
              <td>
                <Sparkline values={s.latencyHistory} />
              </td>
              <td className="mono">{ms(s.rttMs)}</td>
              <td className="mono">
                {bytes(s.bytesIn)} <span className="muted">/ {s.framesIn}</span>
              </td>
              <td className="mono">
                {bytes(s.bytesOut)} <span className="muted">/ {s.framesOut}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
