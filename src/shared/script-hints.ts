/**
 * Hints from a static read of an agent's script, shown on the approval card: imports of modules that reach the
 * system or the network, writes to files, dynamic code, deletes. Hints, not a sandbox: a script can always hide
 * what it does from a reader this simple (getattr, strings built at run time); the person approving decides.
 */
import { lexPython, stringBody, type PyToken } from './python-lexer';

export type HintKind = 'import' | 'process' | 'network' | 'file-write' | 'dynamic-code' | 'delete';

/** One hint: what was seen, the first line it was seen on, and how many times. */
export interface ScriptHint {
  kind: HintKind;
  text: string;
  line: number;
  count: number;
}

const RISKY_MODULES: Record<string, string> = {
  os: 'files, processes, environment',
  subprocess: 'runs programs',
  shutil: 'copies, moves and deletes files',
  socket: 'network',
  ctypes: 'native code and memory',
  urllib: 'network',
  requests: 'network',
  http: 'network',
  importlib: 'imports modules by name',
  multiprocessing: 'starts processes',
  pty: 'runs programs',
};

const DYNAMIC = new Set([
  'exec',
  'eval',
  'compile',
  'builtins.exec',
  'builtins.eval',
  'builtins.compile',
  'runpy.run_path',
  'runpy.run_module',
]);
const DYNAMIC_IMPORT = new Set([
  '__import__',
  'builtins.__import__',
  'importlib.import_module',
  'importlib.__import__',
]);
const PROCESS = new Set(['os.system', 'os.popen', 'os.startfile', 'os.kill', 'os.killpg', 'pty.spawn']);
const DELETES = new Set(['os.remove', 'os.unlink', 'os.rmdir', 'os.removedirs', 'shutil.rmtree']);
const WRITES = new Set([
  'os.rename',
  'os.replace',
  'shutil.move',
  'shutil.copy',
  'shutil.copy2',
  'shutil.copyfile',
  'shutil.copytree',
]);
const OPENS = new Set(['open', 'io.open', 'codecs.open', 'builtins.open']);
const NETWORK = /^(socket|urllib|requests|http|httpx|ftplib|smtplib)\./;

/** Tokens that matter for reading: no spaces, comments or backslash continuations; f-string bodies read as code. */
function significant(tokens: PyToken[]): PyToken[] {
  const out: PyToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'space' || t.kind === 'comment') continue;
    if (t.kind === 'op' && t.text === '\\' && tokens[i + 1]?.kind === 'newline') {
      i++;
      continue;
    }
    if (t.kind === 'name')
      out.push({ ...t, text: t.text.normalize('NFKC') }); // Python compares identifiers after NFKC.
    else out.push(t);
    if (t.kind === 'string') {
      const { body, prefix } = stringBody(t.text);
      // Why: an f-string's braces run code (`f"{__import__('os').system('x')}"`); read its body as code too.
      if (prefix.includes('f')) {
        const at = t.start + t.text.indexOf(body);
        for (const inner of significant(lexPython(body))) out.push({ ...inner, start: at + inner.start });
      }
    }
  }
  return out;
}

// How far a call's arguments are read: enough for any real `open(path, mode)`, and it keeps a script made of
// thousands of unclosed or nested calls from costing quadratic time in the panel.
const ARGS_SCAN_LIMIT = 256;

/** For each opening bracket, the index of its closing one (unclosed brackets have none). One pass. */
function matchBrackets(toks: PyToken[]): Map<number, number> {
  const close = new Map<number, number>();
  const stack: number[] = [];
  toks.forEach((t, i) => {
    if (t.kind !== 'op') return;
    if (t.text === '(' || t.text === '[' || t.text === '{') stack.push(i);
    else if ((t.text === ')' || t.text === ']' || t.text === '}') && stack.length) close.set(stack.pop()!, i);
  });
  return close;
}

/** The argument token lists of a call whose `(` is at `open` and `)` at `end`; each without newlines. */
function callArgs(toks: PyToken[], open: number, end: number | undefined): PyToken[][] {
  // An unclosed call is a syntax error: nothing will run, nothing to read.
  if (end === undefined) return [];
  const args: PyToken[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < Math.min(end, open + ARGS_SCAN_LIMIT); i++) {
    const t = toks[i]!;
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    else if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    if (t.kind === 'newline') continue;
    if (depth === 0 && t.kind === 'op' && t.text === ',') args.push([]);
    else args[args.length - 1]!.push(t);
  }
  return args.filter((a) => a.length > 0);
}

/** The literal text of an argument made only of string literals, else `null`. */
function literal(arg: PyToken[] | undefined): string | null {
  if (!arg || arg.length === 0 || arg.some((t) => t.kind !== 'string')) return null;
  return arg.map((t) => stringBody(t.text).body).join('');
}

/** The value of keyword `name=` or else positional argument `index`. */
function argument(args: PyToken[][], index: number, name: string): PyToken[] | undefined {
  const kw = args.find((a) => a[0]?.kind === 'name' && a[0].text === name && a[1]?.text === '=');
  if (kw) return kw.slice(2);
  return args.filter((a) => !(a[0]?.kind === 'name' && a[1]?.text === '='))[index];
}

type Emit = (kind: HintKind, text: string, offset: number) => void;

/** An import hint when `mod`'s top-level package reaches the system or the network. */
function noteImport(mod: string, offset: number, emit: Emit): void {
  const root = mod.split('.')[0]!;
  if (RISKY_MODULES[root]) emit('import', `imports ${root} (${RISKY_MODULES[root]})`, offset);
}

/** Hints for one call `q(...)` (q resolved through import aliases; `?.x` when the receiver is an expression). */
function callHints(resolved: string, readArgs: () => PyToken[][], offset: number, emit: Emit): void {
  const q = resolved.replace(/^\?/, '…');
  const last = q.slice(q.lastIndexOf('.') + 1);
  if (DYNAMIC.has(q)) emit('dynamic-code', `${q}() runs code built at run time`, offset);
  if (DYNAMIC_IMPORT.has(q)) {
    emit('dynamic-code', `${q}() imports a module named at run time`, offset);
    const mod = literal(readArgs()[0]);
    if (mod !== null) noteImport(mod, offset, emit);
  }
  if (PROCESS.has(q) || q.startsWith('subprocess.') || /^os\.(exec|spawn|posix_spawn)/.test(q))
    emit('process', `${q}() runs a program`, offset);
  if (NETWORK.test(q)) emit('network', `${q}() uses the network`, offset);
  if (DELETES.has(q) || ['unlink', 'rmdir', 'rmtree'].includes(last))
    emit('delete', `${q}() deletes files`, offset);
  else if ((q.startsWith('bpy.data.') && (last === 'remove' || last === 'batch_remove')) || last === 'delete')
    emit('delete', `${q}() deletes from the scene`, offset);
  if (q === 'dispatch') {
    const tool = literal(readArgs()[0]);
    if (tool !== null && /delete|remove/i.test(tool)) emit('delete', `dispatch("${tool}") deletes`, offset);
  }
  if (WRITES.has(q) || last === 'write_text' || last === 'write_bytes')
    emit('file-write', `${q}() writes files`, offset);
  const builtinOpen = OPENS.has(q);
  if (builtinOpen || (last === 'open' && q.startsWith('….'))) {
    const mode = argument(readArgs(), builtinOpen ? 1 : 0, 'mode');
    const text = literal(mode);
    if (text !== null && /[wax+]/.test(text)) emit('file-write', `${q}(…, "${text}") writes a file`, offset);
    else if (builtinOpen && mode && text === null)
      emit('file-write', `${q}() with a mode chosen at run time`, offset);
  }
}

/** Reads an `import a.b as c, d` or `from a import b as c` statement starting at `i`; returns where it ends. */
function readImport(toks: PyToken[], i: number, aliases: Map<string, string>, emit: Emit): number {
  const isFrom = toks[i]!.text === 'from';
  const dotted = (j: number): [string, number] => {
    let name = '';
    while (
      j < toks.length &&
      (toks[j]!.kind === 'name' || toks[j]!.text === '.' || toks[j]!.text === '...') &&
      toks[j]!.text !== 'import' &&
      toks[j]!.text !== 'as'
    )
      name += toks[j++]!.text;
    return [name, j];
  };
  const note = (mod: string, offset: number): void => noteImport(mod, offset, emit);
  let j = i + 1;
  let base = '';
  if (isFrom) {
    [base, j] = dotted(j);
    // `raise E from err` and `yield from gen` are not imports.
    if (toks[j]?.text !== 'import') return i;
    if (!base.startsWith('.')) note(base, toks[i]!.start);
    j++;
  }
  let depth = 0;
  while (j < toks.length) {
    const t = toks[j]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if ((t.kind === 'newline' && depth <= 0) || t.text === ';') break;
    if (t.kind === 'name' || t.text === '.') {
      const [name, next] = dotted(j);
      j = next;
      let alias = isFrom ? name : name.split('.')[0]!;
      let target = isFrom ? `${base}.${name}` : alias;
      if (toks[j]?.text === 'as' && toks[j + 1]?.kind === 'name') {
        alias = toks[j + 1]!.text;
        target = isFrom ? target : name;
        j += 2;
      }
      if (!isFrom) note(name, t.start);
      aliases.set(alias, target);
      continue;
    }
    j++;
  }
  return j;
}

/** Hints for a lexed script; `lineOf` maps a UTF-16 offset to its 1-based line. */
export function scriptHints(tokens: PyToken[], lineOf: (offset: number) => number): ScriptHint[] {
  const toks = significant(tokens);
  const hints = new Map<string, ScriptHint>();
  const emit: Emit = (kind, text, offset) => {
    const key = `${kind}\u0000${text}`;
    const seen = hints.get(key);
    if (seen) seen.count++;
    else hints.set(key, { kind, text, line: lineOf(offset), count: 1 });
  };
  const aliases = new Map<string, string>();
  const brackets = matchBrackets(toks);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== 'name') continue;
    if ((t.text === 'import' || t.text === 'from') && toks[i - 1]?.text !== '.') {
      i = readImport(toks, i, aliases, emit);
      continue;
    }
    if (toks[i - 1]?.text === '.' && toks[i - 2]?.kind === 'name') continue; // inside a chain read from its start
    const chain = [toks[i - 1]?.text === '.' ? '?' : t.text];
    if (chain[0] === '?') chain.push(t.text);
    let j = i + 1;
    while (toks[j]?.text === '.' && toks[j + 1]?.kind === 'name') {
      chain.push(toks[j + 1]!.text);
      j += 2;
    }
    if (toks[j]?.text !== '(') continue;
    const head = aliases.get(chain[0]!);
    const q = (head ? [head, ...chain.slice(1)] : chain).join('.');
    const open = j;
    callHints(q, () => callArgs(toks, open, brackets.get(open)), t.start, emit);
  }
  return [...hints.values()];
}
