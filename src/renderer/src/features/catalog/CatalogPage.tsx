import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useCatalogStore } from '../../stores/catalog-store';
import { useInstancesStore } from '../../stores/instances-store';
import { DccIcon } from '../../app/Icons';
import { EmptyState } from '../../app/EmptyState';
import { CopyButton } from '../../app/CopyButton';
import { catalogSnippet } from './catalog-snippet';

/** Search each DCC's command catalog the way an agent's dcc_search does. */
export function CatalogPage() {
  const s = useCatalogStore(
    useShallow((x) => ({
      results: x.results,
      message: x.message,
      hint: x.hint,
      error: x.error,
      loading: x.loading,
      query: x.query,
      dcc: x.dcc,
    })),
  );
  const dccs = useInstancesStore(
    useShallow((x) => [...new Set(x.instances.filter((i) => i.catalogSize > 0).map((i) => i.dccType))]),
  );
  const [query, setQuery] = useState(s.query);
  const [dcc, setDcc] = useState(s.dcc);
  const input = useRef<HTMLInputElement>(null);
  const [openKey, setOpenKey] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => void useCatalogStore.getState().search(query, dcc), 150);
    return () => clearTimeout(t);
  }, [query, dcc]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === '/' && document.activeElement !== input.current) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div>
      <div className="toolbar" style={{ marginBottom: 12 }}>
        <input
          ref={input}
          aria-label="Search commands"
          autoFocus
          placeholder='Search commands, e.g. "add a uv sphere" (press /)'
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          style={{ width: 420 }}
          data-testid="catalog-search"
        />
        <select value={dcc} onChange={(e) => setDcc(e.target.value)} data-testid="catalog-dcc" aria-label="DCC">
          <option value="">All DCCs</option>
          {dccs.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <span className="muted">{s.loading ? 'searching…' : s.message}</span>
      </div>
      {s.error ? <p className="err">{s.error}</p> : null}
      {!query.trim() ? (
        <EmptyState title="Search the DCC APIs">
          Type what you want to do in plain words; results are ranked like the agents' dcc_search.
        </EmptyState>
      ) : s.results.length === 0 && !s.loading ? (
        <EmptyState title="No command matched">{s.hint ?? 'Try fewer or more general words.'}</EmptyState>
      ) : (
        <div className="card">
          <table>
            <tbody>
              {s.results.map((r, i) => {
                const key = `${r.dcc ?? ''}:${r.name}`;
                const isOpen = openKey === key;
                const snippet = isOpen ? catalogSnippet({ ...r, dcc: r.dcc ?? (dcc || undefined) }) : '';
                return (
                  <tr
                    key={key}
                    data-testid="catalog-result"
                    className={`clickable ${isOpen ? 'selected' : ''}`}
                    tabIndex={0}
                    aria-expanded={isOpen}
                    onClick={() => setOpenKey(isOpen ? null : key)}
                    onKeyDown={(e) => {
                      if (e.key !== 'Enter' && e.key !== ' ') return;
                      e.preventDefault();
                      setOpenKey(isOpen ? null : key);
                    }}
                  >
                    <td style={{ width: 30 }} className="muted">
                      {i + 1}
                    </td>
                    <td>
                      <div>
                        {r.dcc ? <DccIcon dcc={r.dcc} size={16} /> : null} <b className="mono">{r.name}</b>
                      </div>
                      {r.signature ? (
                        <div className={`mono muted ${isOpen ? 'wrap' : 'ellipsis'}`}>{r.signature}</div>
                      ) : null}
                      <div className={isOpen ? '' : 'ellipsis'}>{r.description}</div>
                      {isOpen ? (
                        <div
                          className="catalog-snippet"
                          data-testid="catalog-snippet"
                          onClick={(e) => e.stopPropagation()}
                        >
                          <pre className="snippet" tabIndex={0}>{snippet}</pre>
                          <CopyButton text={snippet} label="Copy snippet" />
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
