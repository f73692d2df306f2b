import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, FileRegistry, resolveRegistryDir } from '../../../src/main/core/registry/file-registry';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'registry-'));
const put = (dir: string, rows: unknown): void => writeFileSync(join(dir, 'services.json'), typeof rows === 'string' ? rows : JSON.stringify(rows));
const ts = (ms: number): { secs_since_epoch: number; nanos_since_epoch: number } => ({ secs_since_epoch: Math.floor(ms / 1000), nanos_since_epoch: (ms % 1000) * 1e6 });
const row = (over: Record<string, unknown>, at = Date.now()): Record<string, unknown> => ({ schema_version: 1, dcc_type: 'maya', instance_id: 'i', host: '127.0.0.1', port: 0, pid: process.pid, metadata: {}, registered_at: ts(at), last_heartbeat: ts(at), status: 'available', ...over });

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('FileRegistry: the hub reads dcc-mcp-core services.json and never writes it', () => {
  it('counts instances per dcc type and reads both timestamp forms', () => {
    const dir = fresh();
    const now = Date.now();
    put(dir, [row({ instance_id: 'a', port: 18812 }), row({ instance_id: 'b' }), row({ dcc_type: 'blender', instance_id: 'c', version: '4.0', last_heartbeat: now / 1000, registered_at: now / 1000 })]);
    const reg = new FileRegistry({ dir });
    expect(reg.listInstances('maya')).toHaveLength(2);
    expect(reg.listInstances('blender')[0]!.version).toBe('4.0');
    expect(Math.abs(reg.get('blender', 'c')!.last_heartbeat_ms - now)).toBeLessThan(1);
    expect(readdirSync(dir)).toEqual(['services.json']);
  });

  it('keeps dcc-mcp-core fields: schema_version, sentinel_path, host_pid, adapter_version, adapter_dcc', () => {
    const dir = fresh();
    put(dir, [row({ host_pid: process.pid, adapter_version: '0.9.3', adapter_dcc: 'maya', sentinel_path: join(dir, 'services.json') })]);
    const [e] = new FileRegistry({ dir }).listAll();
    expect(e).toMatchObject({ schema_version: 1, host_pid: process.pid, adapter_version: '0.9.3', adapter_dcc: 'maya' });
  });

  it('leaves out stale rows, dead local pids or host_pids, far-future heartbeats and gone sentinels; keeps an old gateway row', () => {
    const dir = fresh();
    const now = Date.now();
    put(dir, [
      row({ instance_id: 'live' }),
      row({ instance_id: 'skewed' }, now + CLOCK_SKEW_MS / 2),
      row({ instance_id: 'future' }, now + CLOCK_SKEW_MS + 60_000),
      row({ instance_id: 'stale' }, now - 15_001),
      row({ instance_id: 'dead', pid: deadPid() }),
      row({ instance_id: 'remote', host: 'render-node-7', pid: 999_999 }),
      row({ instance_id: 'nosentinel', sentinel_path: join(dir, 'locks', 'maya-nosentinel.lock') }),
      row({ instance_id: 'sidecar-of-dead-dcc', host_pid: deadPid() }),
      row({ dcc_type: '__gateway__', instance_id: 'gw' }, now - 60_000),
    ]);
    const reg = new FileRegistry({ dir, now: () => now });
    expect(reg.listAll().map((e) => e.instance_id).sort()).toEqual(['gw', 'live', 'remote', 'skewed']);
    expect(Object.fromEntries(reg.listAllWithDead()!.map((r) => [r.entry.instance_id, r.dead]))).toMatchObject({ future: 'future_heartbeat', stale: 'stale', dead: 'dead_pid', nosentinel: 'sentinel_missing', 'sidecar-of-dead-dcc': 'dead_pid' });
  });

  it('skips a row of a newer schema on its own, with a report, and keeps the others', () => {
    const dir = fresh();
    put(dir, [row({ instance_id: 'new', schema_version: 2, shiny: true }), row({ instance_id: 'ok' })]);
    const reg = new FileRegistry({ dir });
    expect(reg.listAll().map((e) => e.instance_id)).toEqual(['ok']);
    expect(reg.lastProblems.map((p) => p.kind)).toEqual(['newer_schema']);
  });

  it('reports a torn or corrupt file as a failed read (null), never as an empty registry, and never renames it', () => {
    const dir = fresh();
    put(dir, [row({})]);
    const reg = new FileRegistry({ dir });
    expect(reg.listAll()).toHaveLength(1);
    put(dir, JSON.stringify([row({})]).slice(0, 40));
    expect(reg.listAllWithDead()).toBeNull();
    expect(reg.lastProblems[0]!.message).toMatch(/not valid JSON.*keeping the last good view/);
    expect(readdirSync(dir)).toEqual(['services.json']);
  });

  it('reads a NUL-padded file and skips invalid rows with a report', () => {
    const dir = fresh();
    put(dir, JSON.stringify([row({ instance_id: 'a' }), { instance_id: 'no-type' }]) + '\0'.repeat(64));
    const reg = new FileRegistry({ dir });
    expect(reg.listAll().map((e) => e.instance_id)).toEqual(['a']);
    expect(reg.lastProblems[0]!.message).toMatch(/skipping a registry row: dcc_type/);
  });

  it('resolves the registry dir from the option, the environment, then the temp dir', () => {
    expect(resolveRegistryDir('/x')).toBe('/x');
    const prev = process.env.DCC_MCP_REGISTRY_DIR;
    process.env.DCC_MCP_REGISTRY_DIR = '/from/env';
    expect(resolveRegistryDir()).toBe('/from/env');
    delete process.env.DCC_MCP_REGISTRY_DIR;
    // The private default (created and checked): test/unit/registry/registry-dir.test.ts.
    if (prev !== undefined) process.env.DCC_MCP_REGISTRY_DIR = prev;
  });
});
