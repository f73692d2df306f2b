import { useMemo } from 'react';
import { scriptDiff } from '../../../../shared/line-diff';
import { highlightLines, type Segment } from '../../lib/python-highlight';
import { Segments } from './Segments';

interface Row {
  op: ' ' | '+' | '-';
  from: number | null;
  to: number | null;
  line: Segment[];
}

/**
 * The artist's edit as a line diff of the script as sent → what ran: both line numbers, `-`/`+` marks, the same
 * highlighting and hidden-character marks as the approval card (lines split where Python splits them).
 */
export function DiffView({ sent, ran }: { sent: string; ran: string }) {
  const rows = useMemo(() => {
    const a = highlightLines(sent);
    const b = highlightLines(ran);
    let i = 0;
    let j = 0;
    return scriptDiff(sent, ran).map((d): Row => {
      if (d.op === '-') return { op: d.op, from: ++i, to: null, line: a[i - 1] ?? [] };
      if (d.op === '+') return { op: d.op, from: null, to: ++j, line: b[j - 1] ?? [] };
      return { op: d.op, from: ++i, to: ++j, line: b[j - 1] ?? [] };
    });
  }, [sent, ran]);
  const changed = rows.filter((r) => r.op !== ' ').length;
  return (
    <div
      className="code diff-view"
      data-testid="history-diff"
      tabIndex={0}
      role="region"
      aria-label="The artist's edit: lines removed and added"
    >
      <pre>
        {rows.map((r, k) => (
          <div
            className={`line ${r.op === '+' ? 'add' : r.op === '-' ? 'del' : ''}`}
            key={k}
            data-testid="diff-line"
            data-op={r.op}
          >
            <span className="ln">{r.from ?? ''}</span>
            <span className="ln">{r.to ?? ''}</span>
            <span className="op" aria-label={r.op === '+' ? 'added' : r.op === '-' ? 'removed' : undefined}>
              {r.op === ' ' ? '' : r.op}
            </span>
            <span className="src">
              <Segments line={r.line} />
            </span>
          </div>
        ))}
      </pre>
      {changed === 0 ? <p className="muted">Only invisible differences (e.g. line breaks).</p> : null}
    </div>
  );
}
