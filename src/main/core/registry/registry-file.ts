/**
 * Reading `services.json` (SPEC §3). The hub is a pure reader: every writer (our Python plugin, dcc-mcp-core) takes
 * the permanent `services.lock` with `flock`/`LockFileEx`, which Node cannot do portably, so the hub never writes,
 * never quarantines (renaming without the lock could move a good file a writer just put in place) and instead keeps
 * its last good snapshot when a read is torn or corrupt. Writers quarantine a file that stays corrupt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceEntrySchema, type ServiceEntry } from '../../../shared/registry';

export const SERVICES_FILE = 'services.json';
/** The registry row schema this hub reads; rows of a newer one are skipped on their own. */
export const SCHEMA_VERSION = 1;
export type RawRow = Record<string, unknown>;

export interface RegistryProblem {
  kind: 'corrupt_file' | 'invalid_row' | 'newer_schema';
  message: string;
}

export interface ReadResult {
  /** False when the file exists but could not be parsed (torn or corrupt): keep the previous snapshot. */
  ok: boolean;
  entries: ServiceEntry[];
  problems: RegistryProblem[];
}

/** `{secs_since_epoch, nanos_since_epoch}` for a ms timestamp. */
export function toTimestamp(ms: number): { secs_since_epoch: number; nanos_since_epoch: number } {
  const secs = Math.floor(ms / 1000);
  return { secs_since_epoch: secs, nanos_since_epoch: Math.round((ms - secs * 1000) * 1e6) };
}

/** Parses one raw row; null (with a problem) when it is not a valid ServiceEntry or of a newer schema. */
export function parseRow(raw: RawRow, problems: RegistryProblem[]): ServiceEntry | null {
  const schema = raw.schema_version;
  if (typeof schema === 'number' && schema > SCHEMA_VERSION) {
    problems.push({ kind: 'newer_schema', message: `skipping registry row ${String(raw.dcc_type)}/${String(raw.instance_id)}: schema_version ${schema} is newer than ${SCHEMA_VERSION}` });
    return null;
  }
  const r = ServiceEntrySchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    problems.push({ kind: 'invalid_row', message: `skipping a registry row: ${i?.path.join('.') || 'row'}: ${i?.message ?? 'invalid'}` });
    return null;
  }
  const { registered_at, last_heartbeat, ...rest } = r.data;
  return { ...rest, registered_at_ms: registered_at, last_heartbeat_ms: last_heartbeat } as ServiceEntry;
}

/** One parsed row with its raw JSON and key. */
interface CachedRow {
  key: string;
  raw: RawRow;
  entry: ServiceEntry | null;
  problems: RegistryProblem[];
}

/**
 * The previous read's rows in file order. Writers rewrite the array in place (a heartbeat changes one row), so a
 * row is first compared with the row at the same position (shifted by what was removed or inserted before it);
 * the lookup by (dcc_type, instance_id) is built only when that fails.
 */
class RowCache {
  private byKey: Map<string, number> | null = null;

  constructor(readonly rows: CachedRow[] = []) {}

  /** The cached row equal to `raw`, looking near `at` first; `at` is where it was found, or -1. */
  find(raw: RawRow, near: number): { hit: CachedRow | undefined; at: number } {
    const there = this.rows[near];
    if (there && sameJson(there.raw, raw)) return { hit: there, at: near };
    const key = rowKey(raw);
    // The same row, changed in place (a heartbeat, a new scene): no lookup needed.
    if (there?.key === key) return { hit: undefined, at: near };
    if (!this.byKey) this.byKey = new Map(this.rows.map((r, i) => [r.key, i]));
    const at = this.byKey.get(key) ?? -1;
    const hit = at >= 0 ? this.rows[at] : undefined;
    return hit && sameJson(hit.raw, raw) ? { hit, at } : { hit: undefined, at };
  }
}

function rowKey(raw: RawRow): string {
  return `${String(raw.dcc_type)}\u0000${String(raw.instance_id)}`;
}

/**
 * Reads the file (missing → empty, ok). NUL or whitespace padding is tolerated. Unparsable content → `ok: false`.
 */
export function readRegistryFile(dir: string): ReadResult {
  const path = join(dir, SERVICES_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A missing file is an empty registry; anything else (EACCES, EIO…) is a failed read, not "no instances".
    if (code === 'ENOENT') return { ok: true, entries: [], problems: [] };
    return { ok: false, entries: [], problems: [{ kind: 'corrupt_file', message: `cannot read ${path}: ${(err as Error).message}` }] };
  }
  const cached = lastRead.get(path);
  if (cached && cached.text === text) return { ok: true, entries: cached.entries, problems: [...cached.problems] };
  const result = parseText(text, cached?.rows ?? new RowCache());
  if (result.ok) lastRead.set(path, { text, entries: result.entries, problems: result.problems, rows: result.rows });
  return result;
}

const lastRead = new Map<string, { text: string; entries: ServiceEntry[]; problems: RegistryProblem[]; rows: RowCache }>();

function parseText(text: string, previous: RowCache): ReadResult & { rows: RowCache } {
  // Writers that crashed or preallocated may leave NUL padding after the JSON.
  const trimmed = trimPadding(text);
  if (trimmed === '') return { ok: true, entries: [], problems: [], rows: new RowCache() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (err) {
    return { ok: false, entries: [], problems: [{ kind: 'corrupt_file', message: `services.json is not valid JSON (${(err as Error).message}); keeping the last good view` }], rows: previous };
  }
  if (!Array.isArray(parsed)) return { ok: false, entries: [], problems: [{ kind: 'corrupt_file', message: 'services.json is not a JSON array; keeping the last good view' }], rows: previous };
  const entries: ServiceEntry[] = [];
  const problems: RegistryProblem[] = [];
  const rows: CachedRow[] = [];
  // Re-validating only rows that changed keeps a 10,000-row registry's heartbeat cheap.
  let shift = 0;
  for (let i = 0; i < parsed.length; i++) {
    const r: unknown = parsed[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) continue;
    const raw = r as RawRow;
    const found = previous.find(raw, i + shift);
    if (found.at >= 0) shift = found.at - i;
    let hit = found.hit;
    if (!hit) {
      const p: RegistryProblem[] = [];
      hit = { key: rowKey(raw), raw, entry: parseRow(raw, p), problems: p };
    }
    rows.push(hit);
    if (hit.problems.length) problems.push(...hit.problems);
    if (hit.entry) entries.push(hit.entry);
  }
  return { ok: true, entries, problems, rows: new RowCache(rows) };
}

/** Deep equality of two parsed JSON values (no allocation, unlike comparing JSON.stringify output). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Strips NUL and whitespace at both ends by index (a regex over a 4 MB file costs more than the parse). */
function trimPadding(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPad(text.charCodeAt(start))) start++;
  while (end > start && isPad(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isPad(c: number): boolean {
  return c === 0 || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
}
