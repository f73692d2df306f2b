import { describe, expect, it } from 'vitest';
import {
  analyzeScript,
  hiddenKind,
  splitPythonLines,
  type HiddenKind,
} from '../../../src/shared/script-view';
import { lexPython } from '../../../src/shared/python-lexer';

describe('splitPythonLines: the lines Python compiles', () => {
  // [source, expected line texts, expected breaks]
  const cases: [string, string[], string[]][] = [
    ['', [''], ['']],
    ['a', ['a'], ['']],
    ['a\n', ['a', ''], ['\n', '']],
    ['a\nb', ['a', 'b'], ['\n', '']],
    ['a\r\nb', ['a', 'b'], ['\r\n', '']],
    ['# print a greeting\rimport os', ['# print a greeting', 'import os'], ['\r', '']],
    ['a\n\rb', ['a', '', 'b'], ['\n', '\r', '']],
    ['a\r\r\nb', ['a', '', 'b'], ['\r', '\r\n', '']],
    // Not line breaks to Python (str.splitlines would split at every one of these).
    ['# c\fx = 1', ['# c\fx = 1'], ['']],
    ['# c\vx = 1', ['# c\vx = 1'], ['']],
    ['# c\x1cx\x1dy\x1ez', ['# c\x1cx\x1dy\x1ez'], ['']],
    ['# c\x85x = 1', ['# c\x85x = 1'], ['']],
    ['# c\u2028x = 1\u2029y', ['# c\u2028x = 1\u2029y'], ['']],
  ];
  it.each(cases)('%j', (src, texts, eols) => {
    const lines = splitPythonLines(src);
    expect(lines.map((l) => l.text)).toEqual(texts);
    expect(lines.map((l) => l.eol)).toEqual(eols);
    expect(lines.map((l) => l.n)).toEqual(texts.map((_, i) => i + 1));
    // Offsets point at each line's text, and text + breaks rebuild the source exactly.
    for (const l of lines) expect(src.slice(l.start, l.start + l.text.length)).toBe(l.text);
    expect(lines.map((l) => l.text + l.eol).join('')).toBe(src);
  });

  it.each([
    ['', 0],
    ['a', 1],
    ['a\n', 1],
    ['a\n\n', 2],
    ['a\rb\r', 2],
    ['a\r\nb', 2],
  ])('line count of %j is %i', (src, n) => {
    expect(analyzeScript(src).lineCount).toBe(n);
  });

  it('counts each kind of break', () => {
    expect(analyzeScript('a\nb\r\nc\rd\re').breaks).toEqual({ lf: 1, crlf: 1, cr: 2 });
  });
});

describe('hidden characters', () => {
  const table: [string, HiddenKind | null][] = [
    ['a', null],
    [' ', null],
    ['\t', null],
    ['é', null],
    ['你', null],
    ['\u202a', 'bidi'],
    ['\u202b', 'bidi'],
    ['\u202c', 'bidi'],
    ['\u202d', 'bidi'],
    ['\u202e', 'bidi'],
    ['\u2066', 'bidi'],
    ['\u2067', 'bidi'],
    ['\u2068', 'bidi'],
    ['\u2069', 'bidi'],
    ['\u200e', 'bidi'],
    ['\u200f', 'bidi'],
    ['\u061c', 'bidi'],
    ['\u200b', 'zero-width'],
    ['\u200c', 'zero-width'],
    ['\u200d', 'zero-width'],
    ['\u2060', 'zero-width'],
    ['\ufeff', 'zero-width'],
    ['\x00', 'control'],
    ['\x07', 'control'],
    ['\v', 'control'],
    ['\f', 'control'],
    ['\x1b', 'control'],
    ['\x1c', 'control'],
    ['\x7f', 'control'],
    ['\x9b', 'control'],
    ['\x85', 'separator'],
    ['\u2028', 'separator'],
    ['\u2029', 'separator'],
    ['\u00ad', 'format'],
    ['\u2061', 'format'],
    ['\u{e0041}', 'format'],
    ['\u00a0', 'space'],
    ['\u3000', 'space'],
    ['\u2009', 'space'],
    ['\u3164', 'ignorable'],
    ['\ufe0f', 'ignorable'],
    ['\u034f', 'ignorable'],
    ['\ud800', 'surrogate'],
  ];
  it.each(table)('%j is %s', (ch, kind) => {
    expect(hiddenKind(ch)).toBe(kind);
  });

  it('reports each with its line, column, label and name', () => {
    const v = analyzeScript('ok = 1\ns = "\u202eab\u200b"  # x\u2066\rt\u00a0= 2');
    expect(v.hidden.map((h) => [h.line, h.column, h.label, h.kind])).toEqual([
      [2, 6, 'RLO', 'bidi'],
      [2, 9, 'ZWSP', 'zero-width'],
      [2, 16, 'LRI', 'bidi'],
      [3, 2, 'NBSP', 'space'],
    ]);
    expect(v.hidden[0]!.name).toBe('right-to-left override, U+202E');
    expect(v.hidden[0]!.offset).toBe(12);
  });

  it('marks a combining mark that sits on punctuation, digits or spaces, not one that accents a letter', () => {
    const v = analyzeScript('if a =\u0338 b:\n    s = "e\u0301"  # 1\u20e3 \u0301');
    expect(v.hidden.map((h) => [h.line, h.label, h.kind])).toEqual([
      [1, 'U+0338', 'combining'],
      [2, 'U+20E3', 'combining'],
      [2, 'U+0301', 'combining'],
    ]);
  });

  it('labels an unnamed one by its code point', () => {
    expect(analyzeScript('#\u2063').hidden[0]).toMatchObject({ label: 'U+2063', kind: 'format' });
  });
});

describe('long gaps', () => {
  it('reports runs of 32+ blanks inside a line, not indentation or shorter runs', () => {
    const v = analyzeScript(
      `a = 1${' '.repeat(31)}#\nb = 1${'\t'.repeat(40)}; c = 2\n${' '.repeat(64)}d = 3`,
    );
    expect(v.gaps).toEqual([{ line: 2, length: 40 }]);
  });
});

describe('non-ASCII identifiers', () => {
  it('flags them with what Python makes of them (NFKC)', () => {
    const v = analyzeScript('ｅｖａｌ = 1\nnаme = 2\nname = "é"  # é\nplain = 3');
    expect(v.nonAsciiIdentifiers).toEqual([
      { name: 'ｅｖａｌ', nfkc: 'eval', line: 1 },
      { name: 'nаme', nfkc: 'nаme', line: 2 },
    ]);
  });
});

describe('lexPython', () => {
  const sources = [
    'x = "a\\"b" # c\rimport os',
    "s = '''a\r\nb\rc''' + r'\\'' \\\n  + 1",
    'f"{x!r}" rb"\\x00" 0x1F 1_000.5e-3j ...',
    'é = ｅ\u200b(1)\x00\u2028',
    '"open',
    "'''never closed\n\n",
  ];
  it.each(sources)('token texts rebuild %j exactly', (src) => {
    expect(
      lexPython(src)
        .map((t) => t.text)
        .join(''),
    ).toBe(src);
  });

  it('ends a comment and a short string at a lone \\r, not at U+2028', () => {
    const kinds = (src: string) =>
      lexPython(src)
        .filter((t) => t.kind !== 'space')
        .map((t) => [t.kind, t.text]);
    expect(kinds('# a\rb')).toEqual([
      ['comment', '# a'],
      ['newline', '\r'],
      ['name', 'b'],
    ]);
    expect(kinds('# a\u2028b')).toEqual([['comment', '# a\u2028b']]);
    expect(kinds('"a\rb')).toEqual([
      ['string', '"a'],
      ['newline', '\r'],
      ['name', 'b'],
    ]);
    expect(kinds('"""a\rb"""c')).toEqual([
      ['string', '"""a\rb"""'],
      ['name', 'c'],
    ]);
    expect(kinds("'a\\\r\nb'")).toEqual([['string', "'a\\\r\nb'"]]);
  });
});
