/**
 * Merges the hub's entry into a client's existing config text, leaving everything else as it was: JSON through a
 * parse/stringify of the document (refusing, with line:column, a file that is not JSON), TOML by replacing only
 * the hub's own `[mcp_servers.dcc-mcp-hub]` table (and its sub-tables) and appending it when absent.
 */
import { HubError } from '../errors';
import { jsonErrorOffset } from './json-position';

/** Line and column (1-based) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** `JSON.parse` whose error names line:column instead of a character offset. @throws HubError INVALID_ARGS */
export function parseJsonWithPosition(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const { line, column } = lineColumn(text, Math.max(0, jsonErrorOffset(text)));
    const reason = (err as Error).message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    throw new HubError('INVALID_ARGS', `${what} is not valid JSON at line ${line}:${column} (${reason})`, { line, column });
  }
}

/** The JSON document with `doc[serversKey][key] = entry`. @throws HubError when the file is not a JSON object. */
export function mergeJson(text: string, serversKey: string, key: string, entry: Record<string, unknown>, what: string): string {
  const doc = text.trim() ? parseJsonWithPosition(text, what) : {};
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new HubError('INVALID_ARGS', `${what} does not hold a JSON object`);
  const servers = (doc as Record<string, unknown>)[serversKey];
  if (servers !== undefined && (typeof servers !== 'object' || servers === null || Array.isArray(servers))) throw new HubError('INVALID_ARGS', `"${serversKey}" in ${what} is not an object`);
  (doc as Record<string, unknown>)[serversKey] = { ...((servers as Record<string, unknown>) ?? {}), [key]: entry };
  return JSON.stringify(doc, null, 2) + '\n';
}

function tomlValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  return JSON.stringify(String(v));
}

/** The TOML table text for `[table.key]` with string / string-array values and one level of sub-tables. */
export function tomlTable(table: string, key: string, entry: Record<string, unknown>): string {
  const name = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
  const lines = [`[${table}.${name}]`];
  const subs: string[] = [];
  for (const [k, v] of Object.entries(entry)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      subs.push('', `[${table}.${name}.${k}]`, ...Object.entries(v).map(([sk, sv]) => `${sk} = ${tomlValue(sv)}`));
    } else lines.push(`${k} = ${tomlValue(v)}`);
  }
  return [...lines, ...subs].join('\n') + '\n';
}

/** The TOML text with the hub's table replaced (or appended); other tables and comments are kept verbatim. */
export function mergeToml(text: string, table: string, key: string, entry: Record<string, unknown>): string {
  const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$/;
  const ours = (name: string): boolean => {
    const n = name.replace(/"/g, '');
    return n === `${table}.${key}` || n.startsWith(`${table}.${key}.`);
  };
  const out: string[] = [];
  let skipping = false;
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const m = header.exec(line);
    if (m && !line.trim().startsWith('[[')) skipping = ours(m[1]!);
    if (!skipping) out.push(line);
  }
  while (out.length && out[out.length - 1]!.trim() === '') out.pop();
  const body = out.length ? out.join('\n') + '\n\n' : '';
  return body + tomlTable(table, key, entry);
}
