import type { Segment } from '../../lib/python-highlight';

/**
 * One line of code as segments: hidden characters drawn as labelled marks (never as themselves), long blank runs
 * as a gap mark, the rest highlighted. React renders the text: no HTML is injected.
 */
export function Segments({ line }: { line: Segment[] }) {
  return (
    <>
      {line.map((s, i) =>
        s.kind === 'hidden' ? (
          <span key={i} className={`hidden-mark ${s.hidden}`} title={s.name} data-testid="hidden-mark">
            {s.label}
          </span>
        ) : s.kind === 'gap' ? (
          <span
            key={i}
            className="gap-mark"
            title="A long run of blanks inside the line: code after it is easy to miss"
            data-testid="gap-mark"
          >
            {`␣ ${s.label}`}
          </span>
        ) : (
          <span key={i} className={`k-${s.kind}`}>
            {s.text}
          </span>
        ),
      )}
    </>
  );
}
