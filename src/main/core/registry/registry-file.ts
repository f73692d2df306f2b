/**
 * Reading and writing `services.json`. Rows are kept as raw JSON objects so fields written by other programs
 * survive a rewrite; only rows this process changes are re-serialised. A corrupt file is quarantined, never lost.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceEntrySchema, type ServiceEntry } from '../../../shared/registry';
import { withLock } from './file-lock';

export const SERVICES_FILE = 'services.json';
export type RawRow = Record<string, unknown>;

export interface RegistryProblem {
  kind: 'corrupt_file' | 'invalid_row';
  message: string;
  quarantinedAs?: string;
}

export interface ReadResult {
  raw: RawRow[];
  entries: ServiceEntry[];
  problems: RegistryProblem[];
}

/** `{secs_since_epoch, nanos_since_epoch}` for a ms timestamp. */
export function toTimestamp(ms: number): { secs_since_epoch: number; nanos_since_epoch: number } {
  const secs = Math.floor(ms / 1000);
  return { secs_since_epoch: secs, nanos_since_epoch: Math.round((ms - secs * 1000) * 1e6) };
}

/** Parses one raw row; null (with a problem) when it is not a valid ServiceEntry. */
export function parseRow(raw: unknown, problems: RegistryProblem[]): ServiceEntry | null {
  const r = ServiceEntrySchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    problems.push({ kind: 'invalid_row', message: `skipping a registry row: ${i?.path.join('.') || 'row'}: ${i?.message ?? 'invalid'}` });
    return null;
  }
  const { registered_at, last_heartbeat, ...rest } = r.data;
  return { ...rest, registered_at_ms: registered_at, last_heartbeat_ms: last_heartbeat } as ServiceEntry;
}

/**
 * Reads the file (missing → empty). NUL or whitespace padding is tolerated. Unparsable content is renamed
 * `services.json.corrupted-<secs>` when `quarantine` is set (writers do this under the lock), else just reported.
 */
export function readRegistryFile(dir: string, quarantine = false): ReadResult {
  const path = join(dir, SERVICES_FILE);
  const problems: RegistryProblem[] = [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { raw: [], entries: [], problems };
  }
  // Most reads (re-scans, heartbeat-free intervals) see the same bytes as last time: skip re-validating them.
  const cached = lastRead.get(path);
  // Writers get their own copy of the raw rows to change; readers share the cached, never-mutated ones.
  if (cached && cached.text === text) return { raw: quarantine ? structuredClone(cached.result.raw) : cached.result.raw, entries: cached.result.entries, problems: [...cached.result.problems] };
  const result = parseText(path, text, quarantine, problems);
  if (result.problems.every((p) => p.kind !== 'corrupt_file')) lastRead.set(path, { text, result });
  return result;
}

const lastRead = new Map<string, { text: string; result: ReadResult }>();

function parseText(path: string, text: string, quarantine: boolean, problems: RegistryProblem[]): ReadResult {
  // Writers that crashed or preallocated may leave NUL padding after the JSON.
  const trimmed = text.replace(/[\0\s]+$/, '').replace(/^[\0\s]+/, '');
  if (trimmed === '') return { raw: [], entries: [], problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (err) {
    return corrupt(path, `services.json is not valid JSON (${(err as Error).message})`, quarantine, problems);
  }
  if (!Array.isArray(parsed)) return corrupt(path, 'services.json is not a JSON array', quarantine, problems);
  const raw = parsed.filter((r): r is RawRow => r !== null && typeof r === 'object' && !Array.isArray(r));
  const entries = raw.map((r) => parseRow(r, problems)).filter((e): e is ServiceEntry => e !== null);
  return { raw, entries, problems };
}

function corrupt(path: string, message: string, quarantine: boolean, problems: RegistryProblem[]): ReadResult {
  if (!quarantine) {
    problems.push({ kind: 'corrupt_file', message });
    return { raw: [], entries: [], problems };
  }
  const to = `${path}.corrupted-${Math.floor(Date.now() / 1000)}`;
  try {
    renameSync(path, to);
    problems.push({ kind: 'corrupt_file', message: `${message}; moved it to ${to} and started an empty registry`, quarantinedAs: to });
  } catch (err) {
    problems.push({ kind: 'corrupt_file', message: `${message}; could not quarantine it: ${(err as Error).message}` });
  }
  return { raw: [], entries: [], problems };
}

/**
 * Read-modify-write under the lock: re-read, apply `mutate` to the raw rows, write a temp file, fsync, rename.
 * @returns the problems met while reading (e.g. a quarantined corrupt file).
 */
export async function updateRegistryFile(dir: string, mutate: (rows: RawRow[]) => RawRow[]): Promise<RegistryProblem[]> {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  return withLock(dir, () => {
    const { raw, problems } = readRegistryFile(dir, true);
    const next = mutate(raw);
    const tmp = join(dir, `.tmp.${process.pid}.${SERVICES_FILE}`);
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeSync(fd, JSON.stringify(next, null, 2));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, SERVICES_FILE));
    return problems;
  });
}
