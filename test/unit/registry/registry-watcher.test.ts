import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileRegistry } from '../../../src/main/core/registry/file-registry';
import { RegistryWatcher } from '../../../src/main/core/registry/registry-watcher';
import { RegistryWriter } from '../../helpers/registry-writer';
import { waitFor } from '../../helpers/wait';

const watchers: RegistryWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.stop();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'watch-'));
  const reg = new RegistryWriter(dir);
  const w = new RegistryWatcher(new FileRegistry({ dir, staleTimeoutMs: 60_000 }));
  watchers.push(w);
  const events: string[] = [];
  w.on('added', (e) => events.push(`added ${e.dcc_type}`));
  w.on('changed', (e) => events.push(`changed ${e.dcc_type} ${e.status}`));
  w.on('heartbeat', (e) => events.push(`heartbeat ${e.dcc_type}`));
  w.on('removed', (e, why) => events.push(`removed ${e.dcc_type} ${why}`));
  w.on('synced', (rows) => events.push(`synced ${rows.length}`));
  w.start();
  return { dir, reg, w, events };
}

describe('RegistryWatcher', () => {
  it('reports rows added, changed, heartbeating and removed by another process', async () => {
    // The row names this (live) test process: the writer process itself exits at once.
    const { reg, events } = setup();
    await reg.register({ dcc_type: 'maya', instance_id: 'i1', pid: process.pid });
    await waitFor(() => events.includes('added maya'), 'added');
    await reg.heartbeat('maya', 'i1');
    await waitFor(() => events.includes('heartbeat maya'), 'heartbeat');
    await reg.updateStatus('maya', 'i1', 'busy');
    await waitFor(() => events.includes('changed maya busy'), 'changed');
    await reg.deregister('maya', 'i1');
    await waitFor(() => events.includes('removed maya deregistered'), 'removed');
    // One `synced` per read that changed the set of rows, none for the heartbeat.
    expect(events.filter((e) => e.startsWith('synced'))).toEqual(['synced 1', 'synced 1', 'synced 0']);
  });

  it('reports a row whose heartbeat stops as removed (stale) without any file event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-'));
    let now = Date.now();
    await new RegistryWriter(dir, () => now).register({ dcc_type: 'houdini' });
    const w = new RegistryWatcher(new FileRegistry({ dir, now: () => now }));
    watchers.push(w);
    const removed: string[] = [];
    w.on('removed', (_e, why) => removed.push(why));
    w.start();
    expect(w.snapshot()).toHaveLength(1);
    now += 20_000;
    await waitFor(() => removed.includes('stale'), 'stale removal', 3000);
  });

  it('keeps working when the directory is deleted and re-created', async () => {
    const { dir, events, reg } = setup();
    rmSync(dir, { recursive: true, force: true });
    await waitFor(async () => {
      try {
        await reg.register({ dcc_type: 'blender' });
        return true;
      } catch {
        return false;
      }
    }, 're-created dir');
    await waitFor(() => events.includes('added blender'), 'added after re-create', 4000);
  });

  it('emits nothing after stop()', async () => {
    const { dir, w, events, reg } = setup();
    w.stop();
    // A second watcher on the same directory is the witness: a stopped watcher still watching would have seen
    // these two writes when the witness did.
    const witness = new RegistryWatcher(new FileRegistry({ dir, staleTimeoutMs: 60_000 }));
    watchers.push(witness);
    const seen: string[] = [];
    witness.on('added', (e) => seen.push(e.dcc_type));
    witness.start();
    await reg.register({ dcc_type: 'late', pid: process.pid });
    await waitFor(() => seen.includes('late'), 'the witness saw the row');
    await reg.register({ dcc_type: 'later', pid: process.pid });
    await waitFor(() => seen.includes('later'), 'the witness saw a second write');
    expect(events).toEqual([]);
  });

  it('keeps the last good snapshot through a torn read and emits nothing for it, then reads the repaired file', async () => {
    const { dir, reg, w, events } = setup();
    await reg.register({ dcc_type: 'maya', instance_id: 'keep', pid: process.pid });
    await waitFor(() => events.includes('added maya'), 'added');
    const problems: string[] = [];
    w.on('problem', (p) => problems.push(p.kind));
    const good = readFileSync(join(dir, 'services.json'), 'utf8');
    writeFileSync(join(dir, 'services.json'), good.slice(0, good.length / 2));
    await waitFor(() => problems.includes('corrupt_file'), 'torn read reported');
    w.scan();
    expect(w.snapshot().map((e) => e.instance_id)).toEqual(['keep']);
    // The writer finishes: the whole file is back, and a new row with it.
    writeFileSync(join(dir, 'services.json'), good);
    await reg.register({ dcc_type: 'blender', instance_id: 'new', pid: process.pid });
    await waitFor(() => events.includes('added blender'), 'read after repair');
    expect(events.filter((e) => e.startsWith('removed'))).toEqual([]);
  });
});
