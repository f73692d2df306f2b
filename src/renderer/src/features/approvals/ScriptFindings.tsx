import type { HintKind } from '../../../../shared/script-hints';
import type { HiddenKind, NonAsciiIdentifier, ScriptView } from '../../../../shared/script-view';

const HIDDEN_WORDS: Record<HiddenKind, string> = {
  bidi: 'bidirectional control (can reorder how code looks)',
  'zero-width': 'zero-width',
  control: 'control',
  format: 'invisible format',
  separator: 'line-separator look-alike (not a line break to Python)',
  space: 'unusual space',
  ignorable: 'invisible',
  surrogate: 'broken (lone surrogate)',
  combining: 'combining mark on punctuation (changes how it looks)',
};

const HINT_WORDS: Record<HintKind, string> = {
  import: 'import',
  process: 'runs programs',
  network: 'network',
  'file-write': 'writes files',
  'dynamic-code': 'dynamic code',
  delete: 'deletes',
};

/** The non-ASCII characters of a name with their code points, e.g. `а U+0430`. */
function nonAsciiChars(name: string): string {
  // eslint-disable-next-line no-control-regex
  const chars = [...new Set([...name].filter((c) => /[^\x00-\x7f]/.test(c)))];
  return chars
    .map((c) => `${c} U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
    .join(', ');
}

/** The warnings (hidden characters, lone carriage returns, non-ASCII names) and the static-read hints of a script. */
export function ScriptFindings({ view }: { view: ScriptView }) {
  const byKind = new Map<HiddenKind, number>();
  for (const h of view.hidden) byKind.set(h.kind, (byKind.get(h.kind) ?? 0) + 1);
  const warnings: string[] = [];
  if (view.hidden.length) {
    const kinds = [...byKind].map(([k, n]) => `${n} ${HIDDEN_WORDS[k]}`).join(', ');
    const where = [...new Set(view.hidden.map((h) => h.line))].slice(0, 8).join(', ');
    warnings.push(
      `${view.hidden.length} hidden character${view.hidden.length === 1 ? '' : 's'}: ${kinds}. Shown as marks on line ${where}${view.hidden.length > 8 ? '…' : ''}.`,
    );
  }
  if (view.gaps.length) {
    const where = view.gaps.slice(0, 6).map((g) => `line ${g.line} (${g.length})`);
    warnings.push(
      `Long runs of blanks inside a line, where code could hide off to the right: ${where.join(', ')}${view.gaps.length > 6 ? '…' : ''}. Shown as ␣ marks.`,
    );
  }
  if (view.breaks.cr)
    warnings.push(
      `${view.breaks.cr} line${view.breaks.cr === 1 ? ' ends' : 's end'} with a lone carriage return (\\r): Python breaks the line there, many viewers do not. Shown here as Python reads it.`,
    );
  if (view.nonAsciiIdentifiers.length) {
    const first = new Map<string, NonAsciiIdentifier>();
    for (const n of view.nonAsciiIdentifiers) if (!first.has(n.name)) first.set(n.name, n);
    const names = [...first.values()]
      .slice(0, 6)
      .map(
        (n) =>
          `${n.name} (line ${n.line}: ${nonAsciiChars(n.name)}${n.nfkc !== n.name ? `; Python reads it as ${n.nfkc}` : ''})`,
      );
    warnings.push(
      `Names with non-ASCII letters, which can look like other names: ${names.join(', ')}${first.size > 6 ? '…' : ''}.`,
    );
  }
  return (
    <>
      {warnings.length ? (
        <div className="warn-box" role="alert" data-testid="approval-hidden-warning">
          <b>Look closely before approving.</b>
          {warnings.map((w) => (
            <div key={w}>{w}</div>
          ))}
        </div>
      ) : null}
      {view.hints.length ? (
        <div className="hints" data-testid="approval-hints">
          <span
            className="muted"
            title="A quick static read of the script, not a sandbox: a script can hide what it does from it."
          >
            Hints (static read, not a guarantee):
          </span>
          {view.hints.map((h) => (
            <span
              key={`${h.kind}${h.text}`}
              className={`chip hint-${h.kind}`}
              data-testid="approval-hint"
              title={HINT_WORDS[h.kind]}
            >
              line {h.line}: {h.text}
              {h.count > 1 ? ` ×${h.count}` : ''}
            </span>
          ))}
        </div>
      ) : null}
    </>
  );
}
