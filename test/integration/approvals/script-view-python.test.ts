/**
 * The approval card shows what Python compiles: for tricky scripts, real python3 compiles and runs each one and
 * reports where every name sits (line, column) and which names got assigned; the card's line split and
 * highlighting must put every one of them on the same line, in code (not inside a comment or string).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyzeScript, splitPythonLines } from '../../../src/shared/script-view';
import { highlightLines } from '../../../src/renderer/src/lib/python-highlight';
import { PYTHON } from '../../helpers/hub';

// Reads a JSON list of sources; for each: the names the compiler saw (line, UTF-8 column, id), the line of a probe
// statement appended after the source (= how many lines Python counts), and the names that running it assigned.
const HARNESS = String.raw`
import ast, json, sys
out = []
for src in json.load(sys.stdin):
    r = {}
    try:
        tree = ast.parse(src)
        r["names"] = [[n.lineno, n.col_offset, n.id] for n in ast.walk(tree) if isinstance(n, ast.Name)]
        r["probe"] = ast.parse(src + "\n__probe__").body[-1].lineno
        env = {}
        exec(compile(src, "<s>", "exec"), env)
        r["assigned"] = sorted(k for k in env if not k.startswith("__"))
    except Exception as e:
        r["error"] = "%s: %s" % (type(e).__name__, e)
    out.append(r)
json.dump(out, sys.stdout)
`;

interface PyReport {
  names?: [number, number, string][];
  probe?: number;
  assigned?: string[];
  error?: string;
}

function python(sources: string[]): PyReport[] {
  const r = spawnSync(PYTHON, ['-c', HARNESS], { input: JSON.stringify(sources), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PyReport[];
}

// [source, names Python must have assigned by running it]
const CASES: [string, string[]][] = [
  ['# print a greeting\rimport os; ran = os.sep', ['os', 'ran']],
  ['a = 1\r\nb = 2\rc = 3\nd = 4', ['a', 'b', 'c', 'd']],
  ['#a\r\r\nb = 1\n\rc = 2', ['b', 'c']],
  ['s = """one\rtwo\r\nthree"""\nafter = 1', ['after', 's']],
  ["t = 'a\\\rb'\nafter = 1", ['after', 't']],
  ['x = 1 + \\\r  2\ry = 3', ['x', 'y']],
  ['if True:\r    z = 1\r\n    w = 2\n', ['w', 'z']],
  ['\fq = 1\n', ['q']],
  // Characters str.splitlines() breaks at but Python's compiler does not: the code after them stays in the comment.
  ...['\f', '\v', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'].map((c): [string, string[]] => [
    `kept = 1  # note${c}hidden = 1`,
    ['kept'],
  ]),
  ...['\v', '\x1c', '\x85', '\u2028', '\u2029'].map((c): [string, string[]] => [
    `s = "a${c}b"\nafter = 1`,
    ['after', 's'],
  ]),
  ['s = "\u202e"  # \u2066 looks odd\u2069\nt = 1', ['s', 't']],
  ['ok = 1  # \u200b\ufeff\u200d\n', ['ok']],
  ['ñame = 1\nｅx = 2', ['ex', 'ñame']],
  ['x = 1\n\n\n', ['x']],
  ['', []],
];

describe('script view against real python3', () => {
  const reports = python(CASES.map(([src]) => src));

  it.each(CASES.map(([src, assigned], i) => [src, assigned, i] as const))('%j', (src, assigned, i) => {
    const py = reports[i]!;
    expect(py.error).toBeUndefined();
    expect(py.assigned).toEqual(assigned);
    const lines = splitPythonLines(src);
    const seg = highlightLines(src);
    // Same number of lines: the probe appended after the source lands on the line after ours.
    expect(splitPythonLines(`${src}\n__probe__`).at(-1)!.n).toBe(py.probe);
    for (const [lineno, col, id] of py.names!) {
      const text = lines[lineno - 1]!.text;
      const at = Buffer.from(text, 'utf8').subarray(0, col).toString('utf8').length;
      // Python compares names after NFKC; the card shows the characters as written.
      expect(
        text.slice(at).normalize('NFKC').startsWith(id),
        `${id} at ${lineno}:${col} in ${JSON.stringify(text)}`,
      ).toBe(true);
      // ...and the card colours it as code, not as part of a comment or string.
      let pos = 0;
      const kind = seg[lineno - 1]!.find((s) => (pos += s.text.length) > at)?.kind;
      expect(
        ['name', 'keyword', 'builtin', 'unicode-name'],
        `${id} at ${lineno}:${col} drawn as ${kind}`,
      ).toContain(kind);
    }
  });

  it('the splitting characters Python does not break at are marked on the card instead', () => {
    for (const c of ['\f', '\v', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029']) {
      const v = analyzeScript(`kept = 1  # note${c}hidden = 1`);
      expect(v.lineCount).toBe(1);
      expect(v.hidden.map((h) => h.codePoint)).toEqual([c.codePointAt(0)]);
    }
  });
});
