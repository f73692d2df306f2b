import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TrafficFrame } from '../../../../shared/api';
import { useTrafficStore } from '../../stores/traffic-store';
import { bytes, clock, ms, shortId } from '../../lib/format';
import { Sparkline } from '../../app/Sparkline';
import { filterTraffic, toJsonl } from './traffic-filter';
import { TrafficDetails } from './TrafficDetails';

const ROW = 24;
const TYPES = ['', 'Call', 'Reply', 'Err', 'Progress', 'Cancel', 'Push', 'Ping', 'Pong'];

/** Filters frames; an empty filter keeps the ring buffer's own array (no copy). */
function useFiltered(): TrafficFrame[] {
  const { version, filter } = useTrafficStore(useShallow((s) => ({ version: s.version, filter: s.filter })));
  return useMemo(() => {
    return filterTraffic(useTrafficStore.getState().frames(), filter);
    // version changes when frames arrive
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, filter]);
}

/** The live frame log: virtualised (only visible rows exist), bounded, pausable, filterable. */
export function TrafficPage() {
  const frames = useFiltered();
  const s = useTrafficStore(
    useShallow((x) => ({
      paused: x.paused,
      rate: x.rate,
      rateHistory: x.rateHistory,
      dropped: x.dropped,
      filter: x.filter,
      hl: x.highlightSeq,
    })),
  );
  const actions = useTrafficStore.getState();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [follow, setFollow] = useState(true);
  const search = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState<TrafficFrame | null>(null);
  const exportShown = (): void => {
    const url = URL.createObjectURL(new Blob([toJsonl(frames)], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `dcc-mcp-traffic-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    a.click();
    URL.revokeObjectURL(url);
  };

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    if (follow && scroller.current) scroller.current.scrollTop = frames.length * ROW;
  }, [frames, follow]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (
        ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes((e.target as HTMLElement).tagName) ||
        (e.target as HTMLElement).closest?.('[role="button"]')
      )
        return;
      if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === ' ') {
        e.preventDefault();
        actions.setPaused(!useTrafficStore.getState().paused);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  const first = Math.max(0, Math.floor(scrollTop / ROW) - 5);
  const last = Math.min(frames.length, Math.ceil((scrollTop + height) / ROW) + 5);
  const visible = frames.slice(first, last);
  return (
    <div className={open ? 'split traffic-split' : ''} style={{ height: '100%' }}>
      <div style={{ display: 'flex', flexDirection: 'column', height: '100%', gap: 10, minWidth: 0 }}>
        <div className="toolbar">
          <input
            ref={search}
            aria-label="Filter frames"
            placeholder="Filter (/)…"
            value={s.filter.text}
            onChange={(e) => actions.setFilter({ text: e.target.value })}
            data-testid="traffic-filter"
            style={{ width: 220 }}
          />
          <select
            value={s.filter.type}
            onChange={(e) => actions.setFilter({ type: e.target.value })}
            data-testid="traffic-type"
            aria-label="Frame type"
          >
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t || 'All types'}
              </option>
            ))}
          </select>
          <button onClick={() => actions.setPaused(!s.paused)} data-testid="traffic-pause">
            {s.paused ? '▶ Resume' : '❚❚ Pause'} <span className="muted">(Space)</span>
          </button>
          <button onClick={() => void actions.clear()}>Clear</button>
          <button
            onClick={exportShown}
            data-testid="traffic-export"
            title="Exports the rows shown (the filter applies)"
          >
            Export JSONL
          </button>
          <span className="spacer" style={{ flex: 1 }} />
          <Sparkline values={s.rateHistory} width={100} />
          <span className="mono" data-testid="traffic-rate">
            {s.rate.toLocaleString()} frames/s
          </span>
          <span className="muted mono" data-testid="traffic-count">
            {frames.length.toLocaleString()} shown
          </span>
          {s.dropped ? <span className="chip danger">{s.dropped.toLocaleString()} dropped</span> : null}
        </div>
        <div
          className="card traffic"
          style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }}
        >
          <div className="row head">
            <span>time</span>
            <span />
            <span>instance</span>
            <span>type</span>
            <span>seq</span>
            <span>size</span>
            <span>latency</span>
            <span>method / body</span>
          </div>
          <div
            ref={scroller}
            style={{ flex: 1, overflow: 'auto', position: 'relative' }}
            onScroll={(e) => {
              const el = e.currentTarget;
              setScrollTop(el.scrollTop);
              setFollow(el.scrollTop + el.clientHeight >= el.scrollHeight - ROW * 2);
            }}
            data-testid="traffic-list"
          >
            {frames.length === 0 ? (
              <div className="empty">
                No frames yet. Frames appear here as agents and the hub talk to DCCs.
              </div>
            ) : null}
            <div style={{ height: frames.length * ROW, position: 'relative' }}>
              {visible.map((f, i) => (
                <div
                  key={f.id}
                  role="button"
                  tabIndex={0}
                  aria-pressed={open?.id === f.id}
                  className={`row ${f.source === 'agent' ? 'agent' : ''} ${(s.hl && s.hl.instanceId === f.instanceId && s.hl.seq === f.seq && f.seq !== 0) || (open && open.callId !== undefined && open.callId === f.callId) ? 'hl' : ''}`}
                  style={{ position: 'absolute', top: (first + i) * ROW, left: 0, right: 0 }}
                  onClick={() => {
                    actions.highlight({ instanceId: f.instanceId, seq: f.seq });
                    setOpen(f);
                  }}
                  onKeyDown={(e) => {
                    if (e.key !== 'Enter' && e.key !== ' ') return;
                    e.preventDefault();
                    setOpen(f);
                  }}
                  data-testid={f.source === 'agent' ? 'traffic-call-row' : 'traffic-row'}
                  data-type={f.type}
                  data-call-id={f.callId}
                >
                  <span className="muted">{clock(f.ts)}</span>
                  <span
                    title={
                      f.source === 'agent'
                        ? f.dir === 'in'
                          ? 'agent → hub'
                          : 'hub → agent'
                        : f.dir === 'out'
                          ? 'hub → DCC'
                          : 'DCC → hub'
                    }
                  >
                    {f.source === 'agent' ? (f.dir === 'in' ? '⇢' : '⇠') : f.dir === 'out' ? '→' : '←'}
                  </span>
                  <span>
                    {f.source === 'agent' ? (
                      <>
                        {f.agent} <span className="muted">{f.target ? `→ ${f.target}` : ''}</span>
                      </>
                    ) : (
                      <>
                        {f.dccType} <span className="muted">{shortId(f.instanceId)}</span>
                      </>
                    )}
                  </span>
                  <span className={`t-${f.type}`}>{f.type}</span>
                  <span>{f.source === 'agent' ? `#${f.seq}` : f.seq}</span>
                  <span className="muted">{bytes(f.size)}</span>
                  <span>{f.latencyMs !== undefined ? ms(f.latencyMs) : ''}</span>
                  <span className="preview">
                    {f.method ? (
                      <b style={{ color: 'var(--text)', marginRight: 8 }}>
                        {f.source === 'agent' && f.tool ? `${f.method} ${f.tool}` : f.method}
                      </b>
                    ) : null}
                    {f.preview}
                  </span>
                </div>
              ))}
            </div>
          </div>
        </div>
      </div>
      {open ? <TrafficDetails frame={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
