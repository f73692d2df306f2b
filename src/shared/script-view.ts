/**
 * What the approval card shows of a script, computed once and shared by the renderer and tests: the lines exactly
 * as Python's compiler splits them, every character a person could not see (or that reorders what they see) as a
 * visible mark, non-ASCII identifiers, and hints from a static read (see `script-hints.ts`). Pure: no DOM, no node.
 */
import { lexPython, type PyToken } from './python-lexer';
import { scriptHints, type ScriptHint } from './script-hints';

export type { ScriptHint } from './script-hints';

/** A line break as Python's compiler knows it; `''` for the last line when the script does not end with one. */
export type LineBreak = '\n' | '\r\n' | '\r' | '';

/** One source line: its 1-based number, its UTF-16 offset in the script, its text (without the break) and its break. */
export interface ScriptLine {
  n: number;
  start: number;
  text: string;
  eol: LineBreak;
}

export type HiddenKind =
  | 'bidi'
  | 'zero-width'
  | 'control'
  | 'format'
  | 'separator'
  | 'space'
  | 'ignorable'
  | 'surrogate'
  | 'combining';

/** A character shown as a mark instead of itself. */
export interface HiddenChar {
  offset: number;
  line: number;
  column: number;
  codePoint: number;
  kind: HiddenKind;
  /** Short label drawn in the mark, e.g. `RLO` or `U+200B`. */
  label: string;
  /** What it is, for the tooltip and the warning. */
  name: string;
}

/** A name Python reads as an identifier that contains non-ASCII characters (`nfkc` is what Python makes of it). */
export interface NonAsciiIdentifier {
  name: string;
  nfkc: string;
  line: number;
}

export interface ScriptView {
  lines: ScriptLine[];
  /** Lines as Python counts them (a trailing line break does not start a new line). */
  lineCount: number;
  /** How many lines end with each kind of break; a lone `\r` is worth a warning since most viewers join those lines. */
  breaks: { lf: number; crlf: number; cr: number };
  hidden: HiddenChar[];
  nonAsciiIdentifiers: NonAsciiIdentifier[];
  /** Long runs of blanks inside a line (see `isGap`): where they are and how long. */
  gaps: { line: number; length: number }[];
  hints: ScriptHint[];
  /** The widest line, in code points. */
  longestLine: number;
}

// Why: CPython's compiler ends a line only at "\n", "\r\n" or a lone "\r" (it translates both to "\n" first).
// "\f", "\v", "\x1c"-"\x1e", "\x85", U+2028 and U+2029 are NOT line breaks to it (str.splitlines disagrees), so
// they stay inside their line and are drawn as marks; verified against /usr/bin/python3 in the integration tests.
const LINE_BREAK = /\r\n|\r|\n/g;

/** Splits a script into the lines Python's compiler sees. The last element is the text after the last break (maybe ''). */
export function splitPythonLines(code: string): ScriptLine[] {
  const lines: ScriptLine[] = [];
  let start = 0;
  for (const m of code.matchAll(LINE_BREAK)) {
    lines.push({ n: lines.length + 1, start, text: code.slice(start, m.index), eol: m[0] as LineBreak });
    start = m.index + m[0].length;
  }
  lines.push({ n: lines.length + 1, start, text: code.slice(start), eol: '' });
  return lines;
}

const NAMES: Record<number, [string, string]> = {
  0x061c: ['ALM', 'Arabic letter mark'],
  0x200e: ['LRM', 'left-to-right mark'],
  0x200f: ['RLM', 'right-to-left mark'],
  0x202a: ['LRE', 'left-to-right embedding'],
  0x202b: ['RLE', 'right-to-left embedding'],
  0x202c: ['PDF', 'pop directional formatting'],
  0x202d: ['LRO', 'left-to-right override'],
  0x202e: ['RLO', 'right-to-left override'],
  0x2066: ['LRI', 'left-to-right isolate'],
  0x2067: ['RLI', 'right-to-left isolate'],
  0x2068: ['FSI', 'first strong isolate'],
  0x2069: ['PDI', 'pop directional isolate'],
  0x200b: ['ZWSP', 'zero-width space'],
  0x200c: ['ZWNJ', 'zero-width non-joiner'],
  0x200d: ['ZWJ', 'zero-width joiner'],
  0x2060: ['WJ', 'word joiner'],
  0xfeff: ['BOM', 'zero-width no-break space (BOM)'],
  0x0000: ['NUL', 'null character'],
  0x000b: ['VT', 'vertical tab (not a line break to Python)'],
  0x000c: ['FF', 'form feed (not a line break to Python)'],
  0x001b: ['ESC', 'escape'],
  0x001c: ['FS', 'file separator (not a line break to Python)'],
  0x001d: ['GS', 'group separator (not a line break to Python)'],
  0x001e: ['RS', 'record separator (not a line break to Python)'],
  0x007f: ['DEL', 'delete'],
  0x0085: ['NEL', 'next line (not a line break to Python)'],
  0x00a0: ['NBSP', 'no-break space'],
  0x00ad: ['SHY', 'soft hyphen'],
  0x2028: ['LSEP', 'line separator (not a line break to Python)'],
  0x2029: ['PSEP', 'paragraph separator (not a line break to Python)'],
  0x3164: ['HF', 'Hangul filler (invisible letter)'],
};

/** Printable ASCII and tab: nothing hidden (the common case, kept fast). */
const PLAIN = /^[\t -~]*$/;
const BIDI = /^\p{Bidi_Control}$/u;
const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
const CONTROL = /^\p{Cc}$/u;
const SEPARATOR = /^[\p{Zl}\p{Zp}]$/u;
const FORMAT = /^\p{Cf}$/u;
const ODD_SPACE = /^\p{Zs}$/u;
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const SURROGATE = /^\p{Cs}$/u;
const COMBINING = /^\p{M}$/u;
/** ASCII that is not a letter: a combining mark on it (`=` + U+0338 looks like `≠`) disguises code, not text. */
const ASCII_NON_LETTER = /^[ -@[-`{-~]$/;

/**
 * How a character is hidden, or `null` when it draws as itself. Tab is the one control character left alone
 * (it indents); everything else in Cc/Cf, the line/paragraph separators, spaces other than U+0020, the
 * default-ignorable characters (variation selectors, Hangul fillers, tags…) and combining marks placed on ASCII
 * punctuation, digits or spaces (`prev` is the character before it on the line) get a mark.
 */
export function hiddenKind(ch: string, prev = ''): HiddenKind | null {
  const cp = ch.codePointAt(0)!;
  if (cp === 0x09 || (cp >= 0x20 && cp < 0x7f)) return null;
  if (COMBINING.test(ch) && ASCII_NON_LETTER.test(prev)) return 'combining';
  if (BIDI.test(ch)) return 'bidi';
  if (ZERO_WIDTH.has(cp)) return 'zero-width';
  if (CONTROL.test(ch)) return cp === 0x85 ? 'separator' : 'control';
  if (SEPARATOR.test(ch)) return 'separator';
  if (FORMAT.test(ch)) return 'format';
  if (ODD_SPACE.test(ch)) return 'space';
  if (IGNORABLE.test(ch)) return 'ignorable';
  if (SURROGATE.test(ch)) return 'surrogate';
  return null;
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The label and name of a hidden character. */
export function describeHidden(cp: number): { label: string; name: string } {
  const known = NAMES[cp];
  return known ? { label: known[0], name: `${known[1]}, ${hex(cp)}` } : { label: hex(cp), name: hex(cp) };
}

/** Every hidden character of the script with its line and column (1-based, in code points). */
function findHidden(lines: ScriptLine[]): HiddenChar[] {
  const out: HiddenChar[] = [];
  for (const line of lines) {
    if (PLAIN.test(line.text)) continue;
    let column = 0;
    let offset = line.start;
    let prev = '';
    for (const ch of line.text) {
      column++;
      const kind = hiddenKind(ch, prev);
      if (kind) {
        const cp = ch.codePointAt(0)!;
        out.push({ offset, line: line.n, column, codePoint: cp, kind, ...describeHidden(cp) });
      }
      offset += ch.length;
      prev = ch;
    }
  }
  return out;
}

/** Where a UTF-16 offset falls: binary search over line starts. */
export function lineAt(lines: ScriptLine[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lines[lo]!.n;
}

/** Blanks this many or more inside a line are drawn as one mark: code pushed far right is easy to miss. */
export const GAP_MIN = 32;

/** Whether token `t` (after `prev`) is such a gap: spaces/tabs only, inside the line (not its indentation). */
export function isGap(t: PyToken, prev: PyToken | undefined): boolean {
  return (
    t.kind === 'space' &&
    t.text.length >= GAP_MIN &&
    prev !== undefined &&
    prev.kind !== 'newline' &&
    /^[ \t]+$/.test(t.text)
  );
}

/** Reads a script the way the approval card presents it. Never throws. */
export function analyzeScript(code: string): ScriptView {
  const lines = splitPythonLines(code);
  const tokens = lexPython(code);
  const nonAscii: NonAsciiIdentifier[] = [];
  const gaps: { line: number; length: number }[] = [];
  tokens.forEach((t, i) => {
    if (isGap(t, tokens[i - 1])) gaps.push({ line: lineAt(lines, t.start), length: t.text.length });
  });
  for (const t of tokens) {
    // eslint-disable-next-line no-control-regex
    if (t.kind === 'name' && /[^\x00-\x7f]/.test(t.text))
      nonAscii.push({ name: t.text, nfkc: t.text.normalize('NFKC'), line: lineAt(lines, t.start) });
  }
  const last = lines[lines.length - 1]!;
  const breaks = { lf: 0, crlf: 0, cr: 0 };
  for (const l of lines) {
    if (l.eol === '\n') breaks.lf++;
    else if (l.eol === '\r\n') breaks.crlf++;
    else if (l.eol === '\r') breaks.cr++;
  }
  let longest = 0;
  for (const l of lines) longest = Math.max(longest, l.text.length > longest ? [...l.text].length : 0);
  return {
    lines,
    lineCount: code === '' ? 0 : lines.length - (last.text === '' ? 1 : 0),
    breaks,
    hidden: findHidden(lines),
    nonAsciiIdentifiers: nonAscii,
    gaps,
    hints: scriptHints(tokens, (offset) => lineAt(lines, offset)),
    longestLine: longest,
  };
}
