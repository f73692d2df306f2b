/**
 * The read cache of services.json: rows that did not change keep their parsed entry (no re-validation), and
 * whatever the writers did — a heartbeat in place, rows removed, inserted, moved, duplicated, made invalid — the
 * cached read gives exactly what a fresh read of the same file gives.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegistryFile } from '../../../src/main/core/registry/registry-file';

const ts = (ms: number) => ({ secs_since_epoch: Math.floor(ms / 1000), nanos_since_epoch: (ms % 1000) * 1e6 });
const row = (id: string, beat = 0): Record<string, unknown> => ({ schema_version: 1, dcc_type: ['maya', 'blender'][id.length % 2], instance_id: id, host: '127.0.0.1', port: 0, pid: 1, metadata: {}, registered_at: ts(1e12), last_heartbeat: ts(1e12 + beat), status: 'available' });
const put = (dir: string, rows: unknown[]): void => writeFileSync(join(dir, 'services.json'), JSON.stringify(rows));
const fresh = (rows: unknown[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'regfile-'));
  put(dir, rows);
  return readRegistryFile(dir);
};

/** A small deterministic PRNG so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('readRegistryFile cache', () => {
  it('keeps the parsed entry of every row that did not change, and re-reads the one that did', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regfile-'));
    const rows = ['a', 'bb', 'c', 'dd'].map((id) => row(id));
    put(dir, rows);
    const first = readRegistryFile(dir).entries;
    rows[1] = row('bb', 5_000);
    rows.splice(0, 1);
    put(dir, rows);
    const second = readRegistryFile(dir).entries;
    expect(second.map((e) => e.instance_id)).toEqual(['bb', 'c', 'dd']);
    expect(second[0]!.last_heartbeat_ms).toBe(1e12 + 5_000);
    expect(second[0]).not.toBe(first[1]);
    expect(second[1]).toBe(first[2]);
    expect(second[2]).toBe(first[3]);
  });

  it('gives what a fresh read gives after any sequence of edits (500 random rewrites)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regfile-'));
    const next = rng(42);
    let rows: unknown[] = Array.from({ length: 20 }, (_, i) => row(`r${i}`));
    let n = 100;
    for (let step = 0; step < 500; step++) {
      const pick = Math.floor(next() * rows.length);
      const op = Math.floor(next() * 7);
      if (op === 0 && rows.length) rows.splice(pick, 1);
      else if (op === 1) rows.splice(pick, 0, row(`r${n++}`));
      else if (op === 2 && rows.length) rows[pick] = row((rows[pick] as { instance_id: string }).instance_id, step);
      else if (op === 3 && rows.length > 1) rows = [...rows.slice(pick), ...rows.slice(0, pick)];
      else if (op === 4 && rows.length) rows.splice(pick, 0, rows[pick]);
      else if (op === 5 && rows.length) rows[pick] = { ...(rows[pick] as object), port: 'not a port' };
      else if (op === 6) rows.push(row(`r${Math.floor(next() * n)}`, step));
      put(dir, rows);
      const cached = readRegistryFile(dir);
      const clean = fresh(rows);
      expect(cached.entries).toEqual(clean.entries);
      expect(cached.problems).toEqual(clean.problems);
    }
  });
});
