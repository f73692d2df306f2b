import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../../src/main/core/clients/json-position';
import { lineColumn, parseJsonWithPosition } from '../../../src/main/core/clients/config-merge';

describe('jsonErrorOffset', () => {
  it.each(['{}', '[]', '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', ' \n 3 ', '"s"'])('valid: %s', (t) => {
    expect(jsonErrorOffset(t)).toBe(-1);
    expect(() => JSON.parse(t)).not.toThrow();
  });

  it.each([
    ['{"a": oops}', 6],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['{"a": "x', 8],
    ['{} x', 3],
    ['', 0],
    ['{"a": tru}', 9],
  ])('%j fails at %i', (t, at) => {
    expect(jsonErrorOffset(t)).toBe(at);
    expect(() => JSON.parse(t)).toThrow();
  });

  it('names line:column in the error', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(() => parseJsonWithPosition('{\n  "mcpServers": {\n    "x": { "url": "u", }\n  }\n}', 'services')).toThrow(/services is not valid JSON at line 3:24/);
  });
});
