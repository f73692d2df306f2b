/**
 * A small line diff (longest common subsequence), shared by the core (config writes, the note an agent gets when
 * the artist edited its script) and the renderer (the edit shown in an approval's history). Pure: no DOM, no node.
 */
import { splitPythonLines } from './script-view';

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

/** Above this many cells in the LCS table (after the common head and tail are set aside) the middle is shown as all removed, all added. */
const MAX_CELLS = 4_000_000;

/**
 * Line-by-line diff of two line lists. The common head and tail are matched first (the usual small edit), then the
 * rest by LCS; a middle too large for `maxCells` falls back to "all removed, all added".
 */
export function diffLines(x: readonly string[], y: readonly string[], maxCells = MAX_CELLS): DiffLine[] {
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const a = x.slice(head, x.length - tail);
  const b = y.slice(head, y.length - tail);
  const same = (t: string): DiffLine => ({ op: ' ', text: t });
  return [...x.slice(0, head).map(same), ...middle(a, b, maxCells), ...x.slice(x.length - tail).map(same)];
}

function middle(x: readonly string[], y: readonly string[], maxCells: number): DiffLine[] {
  const n = x.length;
  const m = y.length;
  const del = (text: string): DiffLine => ({ op: '-', text });
  const add = (text: string): DiffLine => ({ op: '+', text });
  if ((n + 1) * (m + 1) > maxCells) return [...x.map(del), ...y.map(add)];
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: ' ', text: x[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push(del(x[i++]!));
    else out.push(add(y[j++]!));
  }
  while (i < n) out.push(del(x[i++]!));
  while (j < m) out.push(add(y[j++]!));
  return out;
}

/** Line diff of two texts split on `\n` (config files); a final line break does not add an empty line. */
export function lineDiff(a: string, b: string, maxCells = MAX_CELLS): DiffLine[] {
  const split = (s: string): string[] => (s ? s.replace(/\n$/, '').split('\n') : []);
  return diffLines(split(a), split(b), maxCells);
}

/** Line diff of two Python scripts, split where Python's compiler splits them (`\n`, `\r\n`, lone `\r`). */
export function scriptDiff(a: string, b: string): DiffLine[] {
  // A line whose break changed (e.g. `\r\n` → lone `\r`) differs too: the break is compared, the text shown.
  const x = pythonLines(a);
  const y = pythonLines(b);
  const keyed = diffLines(
    x.map((l) => l.text + '\u0000' + l.eol),
    y.map((l) => l.text + '\u0000' + l.eol),
  );
  return keyed.map((d) => ({ op: d.op, text: d.text.slice(0, d.text.lastIndexOf('\u0000')) }));
}

/** Python's lines of a script; a final line break does not start an empty line. */
function pythonLines(code: string): { text: string; eol: string }[] {
  const lines = splitPythonLines(code);
  const last = lines[lines.length - 1];
  return last && last.text === '' && last.eol === '' ? lines.slice(0, -1) : lines;
}

/** A hunk of a unified diff: 1-based start lines and lengths on each side, and its lines. */
export interface DiffHunk {
  fromStart: number;
  fromLines: number;
  toStart: number;
  toLines: number;
  lines: DiffLine[];
}

/** Groups a diff into hunks with `context` unchanged lines around each change (as `diff -u` does). */
export function diffHunks(diff: readonly DiffLine[], context = 3): DiffHunk[] {
  const changed = diff.map((d, i) => (d.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  const hunks: DiffHunk[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(diff.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) end = Math.min(diff.length, changed[++k]! + context + 1);
    k++;
    let from = 1;
    let to = 1;
    for (const d of diff.slice(0, start)) {
      if (d.op !== '+') from++;
      if (d.op !== '-') to++;
    }
    const lines = diff.slice(start, end);
    const fromLines = lines.filter((d) => d.op !== '+').length;
    const toLines = lines.filter((d) => d.op !== '-').length;
    hunks.push({ fromStart: fromLines ? from : from - 1, fromLines, toStart: toLines ? to : to - 1, toLines, lines });
  }
  return hunks;
}

/**
 * The unified diff text (`--- from`, `+++ to`, `@@ -a,b +c,d @@` hunks); `''` when nothing changed.
 * @param labels the names on the `---` and `+++` lines.
 */
export function unifiedDiff(diff: readonly DiffLine[], labels: { from: string; to: string }, context = 3): string {
  const hunks = diffHunks(diff, context);
  if (!hunks.length) return '';
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  for (const h of hunks) {
    out.push(`@@ -${h.fromStart},${h.fromLines} +${h.toStart},${h.toLines} @@`);
    for (const d of h.lines) out.push(d.op + d.text);
  }
  return out.join('\n') + '\n';
}
