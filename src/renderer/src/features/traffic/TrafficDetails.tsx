import { useEffect, useMemo, useState } from 'react';
import type { TrafficFrame } from '../../../../shared/api';
import { hub } from '../../lib/hub-client';
import { bytes, clock, ms } from '../../lib/format';
import { useTrafficStore } from '../../stores/traffic-store';
import { useEscape } from '../../lib/use-escape';

const PAGE = 64 * 1024;

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The side panel of one row: the agent call and the DCC frames it caused, and its full body (paged). */
export function TrafficDetails({ frame: f, onClose }: { frame: TrafficFrame; onClose: () => void }) {
  const [body, setBody] = useState<{ text: string; total: number; full: boolean } | null>(null);
  const version = useTrafficStore((s) => s.version);
  const related = useMemo(
    () =>
      f.callId === undefined
        ? []
        : useTrafficStore
            .getState()
            .frames()
            .filter((x) => x.callId === f.callId && x.id !== f.id),
    // version changes when frames arrive
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [f.id, f.callId, version],
  );
  useEffect(() => {
    void hub()
      .invoke('traffic:body', { id: f.id, limit: PAGE })
      .then((b) => setBody({ text: b.text, total: b.total, full: b.full }));
  }, [f.id]);
  useEscape(onClose);
  const more = async (): Promise<void> => {
    if (!body) return;
    const next = await hub().invoke('traffic:body', { id: f.id, offset: body.text.length, limit: PAGE });
    setBody({ ...body, text: body.text + next.text });
  };
  const all = async (): Promise<void> => {
    let text = '';
    for (let total = 1; text.length < total;) {
      const page = await hub().invoke('traffic:body', { id: f.id, offset: text.length, limit: 1_000_000 });
      total = page.total;
      text += page.text;
      if (!page.text) break;
    }
    download(`dcc-mcp-${f.source === 'agent' ? 'call' : 'frame'}-${f.id}.json`, text, 'application/json');
  };
  return (
    <aside className="card side traffic-details" data-testid="traffic-details" aria-label="Frame details">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <h2 style={{ margin: 0 }}>
          {f.source === 'agent'
            ? `${f.agent} · ${f.method}${f.tool ? ` ${f.tool}` : ''}`
            : `${f.dccType} ${f.type} #${f.seq}`}
        </h2>
        <span style={{ flex: 1 }} />
        <button onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      <dl className="kv">
        <dt>Time</dt>
        <dd className="mono">{clock(f.ts)}</dd>
        {f.target ? (
          <>
            <dt>Target</dt>
            <dd>{f.target}</dd>
          </>
        ) : null}
        <dt>Size</dt>
        <dd className="mono">{bytes(f.size)}</dd>
        {f.latencyMs !== undefined ? (
          <>
            <dt>Duration</dt>
            <dd className="mono">{ms(f.latencyMs)}</dd>
          </>
        ) : null}
      </dl>
      {related.length ? (
        <>
          <h3>Frames of this call</h3>
          <ul className="related" data-testid="traffic-related">
            {related.map((r) => (
              <li key={r.id} className="mono">
                <span className={`t-${r.type}`}>
                  {r.source === 'agent'
                    ? `agent ${r.type}`
                    : `${r.dir === 'out' ? '→' : '←'} ${r.dccType} ${r.type}`}
                </span>{' '}
                {r.method ?? ''} <span className="muted">{bytes(r.size)}</span>
                {r.latencyMs !== undefined ? <span className="muted"> · {ms(r.latencyMs)}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>
        Body {body && !body.full ? <span className="muted">(DCC frames keep a preview only)</span> : null}
      </h3>
      <pre className="snippet body" data-testid="traffic-body" tabIndex={0} aria-label="Body">
        {body?.text ?? '…'}
      </pre>
      {body ? (
        <div className="actions">
          <span className="muted mono" data-testid="traffic-body-size">
            {body.text.length.toLocaleString()} of {body.total.toLocaleString()} characters
          </span>
          {body.text.length < body.total ? (
            <button onClick={() => void more()} data-testid="traffic-body-more">
              Show more
            </button>
          ) : null}
          <button onClick={() => void all()}>Download</button>
        </div>
      ) : null}
    </aside>
  );
}
