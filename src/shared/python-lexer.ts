/**
 * A small Python lexer shared by the approval card's view and its static-read hints. It follows CPython 3.11's
 * tokenizer where that matters for what a person sees: line breaks (`\n`, `\r\n` and a lone `\r`, nothing else),
 * where comments and strings start and end (prefixes, triple quotes across lines, backslash continuation), and
 * identifiers (any Unicode XID name). It never throws: unknown or invalid characters become `op` tokens, so the
 * concatenated token texts always equal the input.
 */

export type PyTokenKind = 'comment' | 'string' | 'number' | 'name' | 'op' | 'space' | 'newline';

/** One token; `start` is its UTF-16 offset in the source. */
export interface PyToken {
  kind: PyTokenKind;
  text: string;
  start: number;
}

// Why: CPython translates "\r\n" and a lone "\r" to "\n" before tokenizing; no other character ends a line.
const NEWLINE = /\r\n|\r|\n/y;
const SPACE = /[ \t\f]+/y;
const COMMENT = /#[^\r\n]*/y;
const NAME = /[_\p{XID_Start}][\p{XID_Continue}]*/uy;
const ASCII_NAME = /[A-Za-z_][A-Za-z0-9_]*(?![\u0080-\uffff])/y;
const NUMBER =
  /(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
const STRING_START = /([rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?('''|"""|'|")/y;
const PREFIX_CHARS = new Set([...'rRbBuUfF'].map((ch) => ch.charCodeAt(0)));
const OPS3 = ['**=', '//=', '>>=', '<<=', '...'];
const OPS2 = [
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '->',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  ':=',
];

function matchAt(re: RegExp, src: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(src);
  return m ? m[0] : null;
}

/** Length of a string literal starting at `at` (prefix and quotes included); unterminated ones run to where Python gives up. */
function stringLength(src: string, at: number): number {
  STRING_START.lastIndex = at;
  const m = STRING_START.exec(src);
  if (!m) return 0;
  const quote = m[2]!;
  const triple = quote.length === 3;
  let i = at + m[0].length;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      // A backslash always protects the next character (even in raw strings), "\r\n" as one.
      i += src.startsWith('\r\n', i + 1) ? 3 : 2;
      continue;
    }
    if (!triple && (c === '\n' || c === '\r')) return i - at;
    if (src.startsWith(quote, i)) return i + quote.length - at;
    i++;
  }
  return src.length - at;
}

function isNameStart(c: number): boolean {
  return c === 95 || ((c | 32) >= 97 && (c | 32) <= 122) || c >= 128;
}

/** Tokenizes a whole Python source. The concatenated `text`s equal `src`. */
export function lexPython(src: string): PyToken[] {
  const out: PyToken[] = [];
  let i = 0;
  const push = (kind: PyTokenKind, text: string): void => {
    out.push({ kind, text, start: i });
    i += text.length;
  };
  while (i < src.length) {
    // Dispatch on the first character; each branch is what CPython's tokenizer would try there.
    const c = src.charCodeAt(i);
    let t: string | null;
    if (c === 10 || c === 13) push('newline', matchAt(NEWLINE, src, i)!);
    else if (c === 32 || c === 9 || c === 12) push('space', matchAt(SPACE, src, i)!);
    else if (c === 35) push('comment', matchAt(COMMENT, src, i)!);
    else if ((c === 34 || c === 39 || PREFIX_CHARS.has(c)) && startsString(src, i))
      push('string', src.slice(i, i + stringLength(src, i)));
    else if ((c >= 48 && c <= 57) || (c === 46 && /\d/.test(src[i + 1] ?? '')))
      push('number', matchAt(NUMBER, src, i)!);
    else if (isNameStart(c) && (t = matchAt(ASCII_NAME, src, i) ?? matchAt(NAME, src, i))) push('name', t);
    else {
      const op = OPS3.find((o) => src.startsWith(o, i)) ?? OPS2.find((o) => src.startsWith(o, i));
      // One code point, never half a surrogate pair.
      push('op', op ?? String.fromCodePoint(src.codePointAt(i)!));
    }
  }
  return out;
}

function startsString(src: string, at: number): boolean {
  STRING_START.lastIndex = at;
  return STRING_START.exec(src) !== null;
}

/** The text inside a string literal's quotes, and whether it is an f-string (whose braces hold code). */
export function stringBody(token: string): { body: string; prefix: string } {
  STRING_START.lastIndex = 0;
  const m = STRING_START.exec(token);
  if (!m) return { body: token, prefix: '' };
  const q = m[2]!;
  const end =
    token.length >= m[0].length + q.length && token.endsWith(q) ? token.length - q.length : token.length;
  return { body: token.slice(m[0].length, end), prefix: (m[1] ?? '').toLowerCase() };
}
