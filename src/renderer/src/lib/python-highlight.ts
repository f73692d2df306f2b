/**
 * Syntax highlighting for the approval card, line by line over the lines Python's compiler sees (shared lexer, so a
 * string or comment that spans lines is coloured as Python reads it). Hidden characters come out as their own
 * `hidden` segments so the view draws a mark, never the character. No HTML strings: React renders the segments.
 */
import { lexPython, type PyTokenKind } from '../../../shared/python-lexer';
import {
  describeHidden,
  hiddenKind,
  isGap,
  splitPythonLines,
  type HiddenKind,
} from '../../../shared/script-view';

/** `unicode-name`: an identifier with non-ASCII letters (underlined on the card: it may imitate another name). */
export type TokenKind = Exclude<PyTokenKind, 'newline'> | 'keyword' | 'builtin' | 'unicode-name';

/** A run of text of one kind, one hidden character (drawn as `label`), or a long run of blanks inside a line. */
export type Segment =
  | { kind: TokenKind; text: string }
  | { kind: 'hidden'; text: string; hidden: HiddenKind; label: string; name: string }
  | { kind: 'gap'; text: string; label: string };

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'.split(
    ' ',
  ),
);
const BUILTINS = new Set(
  'print len range dict list set tuple str int float bool open dispatch progress isinstance enumerate zip sorted min max sum any all getattr setattr hasattr exec eval compile __import__'.split(
    ' ',
  ),
);
const BREAK = /\r\n|\r|\n/;
/** Printable ASCII and tab: nothing to mark (the common case, kept fast). */
const PLAIN = /^[\t -~]*$/;

function kindOf(kind: PyTokenKind, text: string): TokenKind {
  // eslint-disable-next-line no-control-regex
  if (kind === 'name' && /[^\x00-\x7f]/.test(text)) return 'unicode-name';
  if (kind === 'name') return KEYWORDS.has(text) ? 'keyword' : BUILTINS.has(text) ? 'builtin' : 'name';
  return kind === 'newline' ? 'space' : kind;
}

/**
 * Appends `text` as plain runs of `kind` and one segment per hidden character; `prev` is the character before it
 * on the line (a combining mark is judged by what it sits on). Returns the last character.
 */
function withMarks(kind: TokenKind, text: string, out: Segment[], prev: string): string {
  if (PLAIN.test(text)) {
    if (text) out.push({ kind, text });
    return text ? text[text.length - 1]! : prev;
  }
  let run = '';
  for (const ch of text) {
    const hidden = hiddenKind(ch, prev);
    prev = ch;
    if (!hidden) {
      run += ch;
      continue;
    }
    if (run) out.push({ kind, text: run });
    run = '';
    out.push({ kind: 'hidden', text: ch, hidden, ...describeHidden(ch.codePointAt(0)!) });
  }
  if (run) out.push({ kind, text: run });
  return prev;
}

/** The segments of every line of `code`, one array per line of `splitPythonLines(code)`. */
export function highlightLines(code: string): Segment[][] {
  const lines: Segment[][] = splitPythonLines(code).map(() => []);
  let line = 0;
  let prev = '';
  const tokens = lexPython(code);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (isGap(t, tokens[k - 1])) {
      const label = `${t.text.length} ${/\t/.test(t.text) ? 'blanks' : 'spaces'}`;
      lines[line]!.push({ kind: 'gap', text: t.text, label });
      prev = ' ';
      continue;
    }
    if (t.kind === 'newline') {
      line++;
      prev = '';
      continue;
    }
    // A triple-quoted string (or a continued one) spans lines: split it where Python breaks them.
    const parts = t.text.split(BREAK);
    parts.forEach((part, i) => {
      if (i > 0) {
        line++;
        prev = '';
      }
      prev = withMarks(kindOf(t.kind, t.text), part, lines[line]!, prev);
    });
  }
  return lines;
}

/** Plain text (e.g. a tool call's JSON arguments) split at Python's line breaks, hidden characters marked. */
export function markLines(text: string): Segment[][] {
  return splitPythonLines(text).map((l) => {
    const out: Segment[] = [];
    withMarks('name', l.text, out, '');
    return out;
  });
}
