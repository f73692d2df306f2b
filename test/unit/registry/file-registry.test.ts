import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileRegistry, resolveRegistryDir } from '../../../src/main/core/registry/file-registry';
import { withLock, LOCK_FILE } from '../../../src/main/core/registry/file-lock';

const fresh = () => mkdtempSync(join(tmpdir(), 'registry-'));
const file = (dir: string) => JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8')) as Record<string, unknown>[];

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('FileRegistry (dcc-mcp-core services.json)', () => {
  it('counts instances per dcc type: 2 maya + 1 blender', async () => {
    const reg = new FileRegistry({ dir: fresh() });
    await reg.register({ dcc_type: 'maya', port: 18812 });
    await reg.register({ dcc_type: 'maya', port: 18813 });
    await reg.register({ dcc_type: 'blender', port: 9090, version: '4.0' });
    expect(reg.listInstances('maya')).toHaveLength(2);
    expect(reg.listInstances('blender')[0]!.version).toBe('4.0');
    expect(reg.listAll()).toHaveLength(3);
  });

  it('writes timestamps as {secs_since_epoch, nanos_since_epoch} and the dcc-mcp-core field names', async () => {
    const dir = fresh();
    const reg = new FileRegistry({ dir, now: () => 1_700_000_000_123 });
    const id = await reg.register({ dcc_type: 'maya', transport_address: { type: 'unix_socket', path: '/tmp/m.sock' }, metadata: { dcclink: '1' } });
    const row = file(dir)[0]!;
    expect(row.last_heartbeat).toEqual({ secs_since_epoch: 1_700_000_000, nanos_since_epoch: 123_000_000 });
    expect(Object.keys(row).sort()).toEqual(['dcc_type', 'display_name', 'documents', 'extras', 'host', 'instance_id', 'last_heartbeat', 'metadata', 'pid', 'port', 'registered_at', 'scene', 'status', 'transport_address', 'version'].sort());
    expect(row.instance_id).toBe(id);
    expect(reg.get('maya', id)!.last_heartbeat_ms).toBe(1_700_000_000_123);
  });

  it('reads float Unix-second timestamps', () => {
    const dir = fresh();
    const now = Date.now() / 1000;
    writeFileSync(join(dir, 'services.json'), JSON.stringify([{ dcc_type: 'houdini', instance_id: 'x', host: '127.0.0.1', port: 1, registered_at: now, last_heartbeat: now, status: 'available' }]));
    const [e] = new FileRegistry({ dir }).listAll();
    expect(Math.abs(e!.last_heartbeat_ms - now * 1000)).toBeLessThan(1);
  });

  it('prunes stale rows and rows of dead pids on read, without writing', async () => {
    const dir = fresh();
    let now = Date.now();
    const reg = new FileRegistry({ dir, now: () => now });
    await reg.register({ dcc_type: 'maya' });
    await reg.register({ dcc_type: 'max', pid: deadPid() });
    await reg.register({ dcc_type: 'remote', host: 'render-node-7', pid: 999_999 });
    expect(reg.listAll().map((e) => e.dcc_type).sort()).toEqual(['maya', 'remote']);
    now += 15_001;
    expect(reg.listAll()).toEqual([]);
    expect(file(dir)).toHaveLength(3);
    now -= 15_001;
    expect(await reg.pruneFile()).toBe(1);
    expect(file(dir)).toHaveLength(2);
  });

  it('keeps unknown fields of rows written by another program when it rewrites the file', async () => {
    const dir = fresh();
    const secs = Math.floor(Date.now() / 1000);
    const foreign = { dcc_type: 'maya', instance_id: 'core-1', host: '127.0.0.1', port: 18812, registered_at: { secs_since_epoch: secs, nanos_since_epoch: 5 }, last_heartbeat: { secs_since_epoch: secs, nanos_since_epoch: 5 }, status: 'available', future_field: { nested: [1, 2] }, metadata: {} };
    writeFileSync(join(dir, 'services.json'), JSON.stringify([foreign]));
    const reg = new FileRegistry({ dir });
    const id = await reg.register({ dcc_type: 'blender' });
    await reg.heartbeat('blender', id);
    expect(file(dir).find((r) => r.instance_id === 'core-1')).toEqual(foreign);
  });

  it('quarantines a corrupt file as services.json.corrupted-<secs>, reports it, and carries on', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'services.json'), '{"not": "an array"');
    const reg = new FileRegistry({ dir });
    expect(reg.listAll()).toEqual([]);
    expect(reg.lastProblems[0]!.message).toMatch(/not valid JSON/);
    await reg.register({ dcc_type: 'maya' });
    expect(reg.lastProblems[0]!.quarantinedAs).toMatch(/services\.json\.corrupted-\d+$/);
    const q = readdirSync(dir).find((f) => f.startsWith('services.json.corrupted-'))!;
    expect(readFileSync(join(dir, q), 'utf8')).toBe('{"not": "an array"');
    expect(reg.listAll()).toHaveLength(1);
  });

  it('reads a NUL-padded file and skips invalid rows with a report', () => {
    const dir = fresh();
    const secs = Date.now() / 1000;
    const ok = { dcc_type: 'maya', instance_id: 'a', registered_at: secs, last_heartbeat: secs };
    writeFileSync(join(dir, 'services.json'), JSON.stringify([ok, { instance_id: 'no-type' }]) + '\0'.repeat(64));
    const reg = new FileRegistry({ dir });
    expect(reg.listAll().map((e) => e.instance_id)).toEqual(['a']);
    expect(reg.lastProblems[0]!.message).toMatch(/skipping a registry row: dcc_type/);
  });

  it('a second registry instance sees the first one\'s writes', async () => {
    const dir = fresh();
    const a = new FileRegistry({ dir });
    const b = new FileRegistry({ dir });
    const id = await a.register({ dcc_type: 'maya', scene: 'shot.ma' });
    expect(b.get('maya', id)!.scene).toBe('shot.ma');
    await b.updateScene('maya', id, 'shot2.ma', ['shot2.ma']);
    expect(a.get('maya', id)!.documents).toEqual(['shot2.ma']);
    await b.deregister('maya', id);
    expect(a.listAll()).toEqual([]);
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

describe('registry lock', () => {
  it('steals a lock left by a dead process', async () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), String(deadPid()));
    expect(await withLock(dir, () => 'got it', { waitMs: 500 })).toBe('got it');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('steals a lock older than 10 s even if its pid looks alive', async () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), String(process.pid));
    const old = (Date.now() - 11_000) / 1000;
    utimesSync(join(dir, LOCK_FILE), old, old);
    expect(await withLock(dir, () => 1, { waitMs: 500 })).toBe(1);
  });

  it('waits for a live holder, then times out with a clear error', async () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), String(process.pid));
    await expect(withLock(dir, () => 1, { waitMs: 100 })).rejects.toThrow(new RegExp(`could not lock .*services.lock within 100 ms \\(held by pid ${process.pid}\\)`));
  });

  it('serialises writers in one process', async () => {
    const dir = fresh();
    const reg = new FileRegistry({ dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => reg.register({ dcc_type: `d${i}` })));
    expect(reg.listAll()).toHaveLength(20);
  });
});
