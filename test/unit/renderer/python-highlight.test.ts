import { describe, expect, it } from 'vitest';
import { highlightLines, markLines } from '../../../src/renderer/src/lib/python-highlight';

/** Each line as `kind:text` pairs, hidden characters as `hidden:LABEL`. */
const view = (lines: ReturnType<typeof highlightLines>) =>
  lines.map((l) => l.map((s) => (s.kind === 'hidden' ? `hidden:${s.label}` : `${s.kind}:${s.text}`)));

describe('highlightLines: the card draws the lines and colours Python sees', () => {
  const table: [string, string[][]][] = [
    ['# a greeting\rimport os', [['comment:# a greeting'], ['keyword:import', 'space: ', 'name:os']]],
    [
      's = """a\rb"""\nx',
      [['name:s', 'space: ', 'op:=', 'space: ', 'string:"""a'], ['string:b"""'], ['name:x']],
    ],
    ['# a\u2028import os', [['comment:# a', 'hidden:LSEP', 'comment:import os']]],
    ['s = "\u202eab"', [['name:s', 'space: ', 'op:=', 'space: ', 'string:"', 'hidden:RLO', 'string:ab"']]],
    ['nаme = 1', [['unicode-name:nаme', 'space: ', 'op:=', 'space: ', 'number:1']]],
    ['a =\u0338 b', [['name:a', 'space: ', 'op:=', 'hidden:U+0338', 'space: ', 'name:b']]],
    ['exec(x)\n', [['builtin:exec', 'op:(', 'name:x', 'op:)'], []]],
  ];
  it.each(table)('%j', (src, expected) => {
    expect(view(highlightLines(src))).toEqual(expected);
  });

  it('draws a long run of blanks inside a line as one mark, never indentation', () => {
    const src = `x = 1${' '.repeat(40)}; import os\n${' '.repeat(40)}y = 2`;
    const [first, second] = highlightLines(src);
    expect(first!.filter((s) => s.kind === 'gap').map((s) => (s as { label: string }).label)).toEqual([
      '40 spaces',
    ]);
    expect(second!.some((s) => s.kind === 'gap')).toBe(false);
    expect(first!.map((s) => s.text).join('')).toBe(src.split('\n')[0]);
  });

  it("marks hidden characters in plain text (a tool call's arguments) too", () => {
    expect(view(markLines('{\n  "name": "a\u200bb"\n}'))).toEqual([
      ['name:{'],
      ['name:  "name": "a', 'hidden:ZWSP', 'name:b"'],
      ['name:}'],
    ]);
  });
});
