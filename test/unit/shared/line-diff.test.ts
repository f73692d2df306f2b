import { describe, expect, it } from 'vitest';
import { diffHunks, diffLines, lineDiff, scriptDiff, unifiedDiff } from '../../../src/shared/line-diff';

const render = (d: { op: string; text: string }[]) => d.map((l) => l.op + l.text);

describe('line diff', () => {
  it('keeps the common head and tail and diffs the middle', () => {
    expect(render(lineDiff('a\nb\nc\nd\n', 'a\nB\nc\nd\ne\n'))).toEqual([' a', '-b', '+B', ' c', ' d', '+e']);
    expect(lineDiff('', '')).toEqual([]);
    expect(render(lineDiff('', 'x'))).toEqual(['+x']);
  });

  it('falls back to all removed, all added when the middle is too large, and keeps head and tail', () => {
    expect(render(diffLines(['h', 'a', 'b', 't'], ['h', 'b', 'a', 't'], 4))).toEqual([' h', '-a', '-b', '+b', '+a', ' t']);
    expect(render(diffLines(['h', 'a', 'b', 't'], ['h', 'b', 'a', 't']))).toEqual([' h', '-a', ' b', '+a', ' t']);
  });

  it('splits scripts as Python does: a lone \\r is a line break, and a changed break is a changed line', () => {
    expect(render(scriptDiff('a = 1\rb = 2\n', 'a = 1\rb = 3\n'))).toEqual([' a = 1', '-b = 2', '+b = 3']);
    expect(render(scriptDiff('a\r\nb\n', 'a\rb\n'))).toEqual(['-a', '+a', ' b']);
  });

  it('writes a unified diff with hunks and 3 lines of context, like diff -u', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join('\n');
    const b = a.replace('l2\n', 'L2\n').replace('l18', 'L18');
    expect(diffHunks(lineDiff(a, b)).map((h) => [h.fromStart, h.fromLines, h.toStart, h.toLines])).toEqual([
      [1, 5, 1, 5],
      [15, 6, 15, 6],
    ]);
    expect(unifiedDiff(lineDiff('x\n', 'x\ny\n'), { from: 'a', to: 'b' })).toBe('--- a\n+++ b\n@@ -1,1 +1,2 @@\n x\n+y\n');
    expect(unifiedDiff(lineDiff('', 'y'), { from: 'a', to: 'b' })).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+y\n');
    expect(unifiedDiff(lineDiff('same', 'same'), { from: 'a', to: 'b' })).toBe('');
  });
});
