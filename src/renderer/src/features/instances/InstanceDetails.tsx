import type { InstanceView } from '../../../../shared/api';
import { CopyButton } from '../../app/CopyButton';
import { DccIcon } from '../../app/Icons';
import { LiveState } from '../../app/LiveState';
import { ViewportThumbnail } from './ViewportThumbnail';
import { CAPS, roleLabel } from './instance-format';
import { useEscape } from '../../lib/use-escape';

/** The side panel for one instance: identity, address, capabilities and its tools. */
export function InstanceDetails({ instance: i, onClose }: { instance: InstanceView; onClose: () => void }) {
  useEscape(onClose);
  return (
    <aside className="card side" data-testid="instance-details">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <DccIcon dcc={i.dccType} size={26} />
        <h2 style={{ margin: 0 }}>{i.displayName ?? i.dccType}</h2>
        <span style={{ flex: 1 }} />
        <button onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      {/* The picture first: what the DCC shows says more at a glance than its ids. */}
      <div style={{ marginBottom: 14 }}>
        <ViewportThumbnail instance={i} large />
      </div>
      <dl className="kv">
        <dt>State</dt>
        <dd>
          <LiveState state={i.state} goneAtMs={i.goneAtMs} lastSeenMs={i.lastHeartbeatMs} />
          {i.stuck ? (
            <span className="chip danger" title={i.stuck.message} data-testid="instance-stuck">
              stuck
            </span>
          ) : null}
        </dd>
        {i.stuck ? (
          <>
            <dt>Main thread</dt>
            <dd className="err">{i.stuck.message}</dd>
          </>
        ) : null}
        <dt>Instance id</dt>
        <dd className="mono">
          {i.id}
          <CopyButton text={i.id} />
        </dd>
        <dt>Address</dt>
        <dd className="mono">
          {i.transport ?? '—'}
          {i.transport ? <CopyButton text={i.transport} /> : null}
        </dd>
        <dt>Kind</dt>
        <dd>
          {roleLabel(i.origin, i.role)}
          {i.adapterDcc || i.adapterVersion ? <span className="mono muted"> {`${i.adapterDcc ?? ''} ${i.adapterVersion ?? ''}`.trim()}</span> : null}
          {i.note ? <div className="muted">{i.note}</div> : null}
        </dd>
        <dt>Version</dt>
        <dd>{i.version ?? '—'}</dd>
        <dt>Scene</dt>
        <dd>{i.scene ?? '—'}</dd>
        <dt>PID</dt>
        <dd className="mono">{i.pid ?? '—'}</dd>
        <dt>Can</dt>
        <dd>
          {i.capabilities && CAPS.some((c) => i.capabilities?.[c])
            ? CAPS.filter((c) => i.capabilities?.[c]).map((c) => (
                <span key={c} className="chip">
                  {c.replace('_', ' ')}
                </span>
              ))
            : '—'}
        </dd>
        <dt>Catalog</dt>
        <dd>{i.catalogSize.toLocaleString()} commands</dd>
        {i.lastError ? (
          <>
            <dt>Last error</dt>
            <dd className="err">{i.lastError}</dd>
          </>
        ) : null}
      </dl>
      <h2>Tools</h2>
      {i.tools.length === 0 ? <p className="muted">This DCC declares no tools.</p> : null}
      {i.tools.map((t) => (
        <div key={t.name} style={{ marginBottom: 8 }}>
          <code>{t.name}</code> {t.read_only ? <span className="chip ok">read-only</span> : null}
          {t.destructive ? <span className="chip danger">destructive</span> : null}
          <div className="muted">{t.description}</div>
        </div>
      ))}
    </aside>
  );
}
