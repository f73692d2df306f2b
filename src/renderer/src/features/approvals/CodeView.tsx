import type { Segment } from '../../lib/python-highlight';
import { Segments } from './Segments';

/**
 * Lines with numbers, one per line Python sees. Long lines wrap under their number (never clipped); hidden
 * characters are drawn as labelled marks, never as themselves; text is laid out left to right in the order Python
 * reads it (bidi override), so nothing can be reordered on screen. React renders the segments: no HTML is injected.
 */
export function CodeView({
  lines,
  expanded,
  label,
  endRef,
}: {
  lines: Segment[][];
  expanded: boolean;
  label: string;
  /** Receives the marker after the last line (its being on screen means the whole view was scrolled through). */
  endRef: (el: HTMLDivElement | null) => void;
}) {
  return (
    <div
      className={`code${expanded ? ' expanded' : ''}`}
      data-testid="approval-code"
      // Focusable so the keyboard can scroll it (arrows, Page Down) to see it all.
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      <pre>
        {lines.map((line, n) => (
          <div className="line" key={n} data-testid="code-line">
            <span className="ln">{n + 1}</span>
            <span className="src">
              <Segments line={line} />
            </span>
          </div>
        ))}
        <div className="end-marker" ref={endRef} aria-hidden="true" />
      </pre>
    </div>
  );
}
