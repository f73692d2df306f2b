/** A small Python tokenizer for the approval card's syntax highlighting (no dependency, no HTML strings). */

export type TokenKind = 'keyword' | 'builtin' | 'string' | 'comment' | 'number' | 'name' | 'op' | 'space';
export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));
const BUILTINS = new Set('print len range dict list set tuple str int float bool open dispatch progress isinstance enumerate zip sorted min max sum any all getattr setattr hasattr'.split(' '));
const RE = /(#[^\n]*)|("""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|[rbfuRBFU]{0,2}"(?:\\.|[^"\\\n])*"?|[rbfuRBFU]{0,2}'(?:\\.|[^'\\\n])*'?)|(\b\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|(\s+)|(.)/g;

/** Splits one source into tokens; the concatenated texts equal the input. */
export function tokenizePython(src: string): Token[] {
  const out: Token[] = [];
  for (const m of src.matchAll(RE)) {
    const [text, comment, str, num, name, space] = m;
    if (comment) out.push({ kind: 'comment', text });
    else if (str) out.push({ kind: 'string', text });
    else if (num) out.push({ kind: 'number', text });
    else if (name) out.push({ kind: KEYWORDS.has(name) ? 'keyword' : BUILTINS.has(name) ? 'builtin' : 'name', text });
    else if (space) out.push({ kind: 'space', text });
    else out.push({ kind: 'op', text });
  }
  return out;
}
