/**
 * Viewport thumbnails and before/after pictures against a real DccLink peer process that can capture (node-peer
 * `--capture`: a solid-colour PNG whose colour follows its scene), through the real hub and an SDK agent.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Hub } from '../../../src/main/core/hub';
import { silentLogger } from '../../../src/main/core/log';
import type { DccSession } from '../../../src/main/core/sessions/session';
import { PICTURES_DIR } from '../../../src/main/core/thumbnails/picture-store';
import { startHub, mcpClient } from '../../helpers/hub';
import { firstPixel, pngSize } from '../../helpers/png';
import { killAll, startNodePeer } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

const hubs: Hub[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const h of hubs.splice(0)) await h.stop();
});
afterAll(() => killAll());

/** The colour node-peer paints for scene version `v`. */
const colour = (v: number): [number, number, number] => [(v * 40) % 256, 100, 200];

async function hubWithCapturingPeer(opts: { approval?: 'auto' | 'ask'; dataDir?: string } = {}): Promise<{ hub: Hub; id: string; s: DccSession; peer: ChildProcess }> {
  const { hub } = await startHub({ approval: opts.approval ?? 'auto', ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  hubs.push(hub);
  const path = join(mkdtempSync(join(tmpdir(), 'thumbs-')), 'peer.sock');
  const { child: peer } = await startNodePeer(`unix://${path}`, '--capture');
  const id = randomUUID();
  hub.sessions.upsert({ dcc_type: 'blender', instance_id: id, host: '127.0.0.1', port: 0, transport_address: { type: 'unix_socket', path }, metadata: { dcclink: '1' }, lastHeartbeatMs: Date.now() });
  const s = await waitFor(() => hub.sessions.list().find((x) => x.instanceId === id && x.instanceState === 'ready'), 'capturing peer ready', 15_000);
  return { hub, id, s, peer };
}

const captures = (s: DccSession): Promise<number> => s.call<number>('captures');

describe('viewport thumbnails', () => {
  it('takes a 320×180 thumbnail once the instance connects', async () => {
    const { hub, id, s } = await hubWithCapturingPeer();
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    const shot = hub.thumbnails.current(id)!;
    expect(pngSize(shot.png!)).toEqual({ width: 320, height: 180 });
    expect(firstPixel(shot.png!)).toEqual(colour(0));
    expect(await captures(s)).toBe(1);
  });

  it('waits while the instance is busy, then one capture catches up with a burst of scene changes', async () => {
    const { hub, id, s } = await hubWithCapturingPeer();
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    const rev = hub.thumbnails.view(id)!.rev;
    let pushes = 0;
    hub.sessions.on('push', (_s, p) => void (p.topic === 'scene.changed' && pushes++));
    const held = s.call('dcc.execute', { code: 'hold' });
    for (let i = 0; i < 5; i++) await s.call('dcc.execute', { code: 'add' });
    await waitFor(() => pushes === 5, 'five scene.changed pushes');
    expect(s.instanceState).toBe('busy');
    expect(hub.thumbnails.view(id)!.rev).toBe(rev);
    await s.call('dcc.execute', { code: 'release' });
    await held;
    await waitFor(() => hub.thumbnails.view(id)!.rev > rev, 'the catch-up thumbnail', 10_000);
    expect(firstPixel(hub.thumbnails.current(id)!.png!)).toEqual(colour(5));
    expect(await captures(s)).toBe(2);
  });

  it('shows a failed capture as a note without an image, and the picture again once it works', async () => {
    const { hub, id, s } = await hubWithCapturingPeer();
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    await s.call('dcc.execute', { code: 'no camera' });
    await s.call('dcc.execute', { code: 'add' });
    const failed = await waitFor(() => (hub.thumbnails.view(id)!.error ? hub.thumbnails.view(id) : null), 'a failed capture');
    expect(failed).toMatchObject({ hasImage: false, error: expect.stringContaining('no camera') });
    await s.call('dcc.execute', { code: 'camera' });
    await s.call('dcc.execute', { code: 'add' });
    await waitFor(() => hub.thumbnails.view(id)!.hasImage, 'the picture back');
    expect(hub.thumbnails.view(id)!.error).toBeNull();
    expect(firstPixel(hub.thumbnails.current(id)!.png!)).toEqual(colour(2));
  });

  it('fresh() reuses the thumbnail while the scene is unchanged and captures once it changed', async () => {
    const { hub, id, s } = await hubWithCapturingPeer();
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    const first = hub.thumbnails.current(id);
    expect(await hub.thumbnails.fresh(id)).toBe(first);
    expect(await captures(s)).toBe(1);
    let pushed = false;
    hub.sessions.once('push', () => (pushed = true));
    await s.call('dcc.execute', { code: 'add' });
    await waitFor(() => pushed, 'scene.changed');
    const next = await hub.thumbnails.fresh(id);
    expect(next).not.toBe(first);
    expect(firstPixel(next!.png!)).toEqual(colour(1));
  });

  it('a picture asked for while an earlier capture hangs, of an instance that then goes, is a note, not a failure', async () => {
    const { hub, id, s, peer } = await hubWithCapturingPeer();
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    await s.call('dcc.execute', { code: 'hold captures' });
    await s.call('dcc.execute', { code: 'add' });
    await waitFor(async () => (await captures(s)) === 2, 'a capture hanging in the DCC');
    let pushed = false;
    hub.sessions.once('push', () => (pushed = true));
    await s.call('dcc.execute', { code: 'add' });
    await waitFor(() => pushed, 'another scene change');
    // The scene changed after the hanging capture started: fresh() waits for it, then must capture again.
    const asked = hub.thumbnails.fresh(id);
    hub.sessions.remove(id);
    peer.kill('SIGKILL');
    await expect(asked).resolves.toMatchObject({ png: null, error: expect.stringMatching(/gone/) });
    expect(hub.thumbnails.view(id)).toBeUndefined();
  });

  it('viewport.changed (an object moved by hand) refreshes the thumbnail and makes the current one stale', async () => {
    const { hub, id, s } = await hubWithCapturingPeer();
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    const first = hub.thumbnails.current(id);
    // Asked at the moment the push arrives (before any refresh): the thumbnail is no longer the scene as it is.
    const asked = new Promise<Awaited<ReturnType<typeof hub.thumbnails.fresh>>>((resolve) => hub.sessions.once('push', () => resolve(hub.thumbnails.fresh(id))));
    await s.call('dcc.execute', { code: 'move' });
    const shot = await asked;
    expect(shot).not.toBe(first);
    expect(firstPixel(shot!.png!)).toEqual(colour(1));
    await waitFor(() => hub.thumbnails.current(id) !== first, 'the thumbnail follows');
    expect(firstPixel(hub.thumbnails.current(id)!.png!)).toEqual(colour(1));
  });

  it('gives instances that cannot capture no thumbnail at all', async () => {
    const { hub } = await startHub();
    hubs.push(hub);
    const path = join(mkdtempSync(join(tmpdir(), 'thumbs-')), 'plain.sock');
    await startNodePeer(`unix://${path}`);
    const id = randomUUID();
    hub.sessions.upsert({ dcc_type: 'maya', instance_id: id, host: '127.0.0.1', port: 0, transport_address: { type: 'unix_socket', path }, metadata: { dcclink: '1' }, lastHeartbeatMs: Date.now() });
    await waitFor(() => hub.sessions.list().find((x) => x.instanceId === id && x.instanceState === 'ready'), 'ready');
    expect(hub.thumbnails.view(id)).toBeUndefined();
    expect(hub.thumbnails.capable(id)).toBe(false);
  });
});

describe('before/after pictures of approved scripts', () => {
  it('keeps the fresh thumbnail as "before" (no capture), captures "after", and both survive a restart', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'thumbs-data-')), 'data');
    const { hub, id } = await hubWithCapturingPeer({ dataDir });
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    const thumbTakenAt = hub.thumbnails.current(id)!.takenAtMs;
    const agent = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
    clients.push(agent);
    const r = await agent.callTool({ name: 'dcc_execute', arguments: { code: 'add' } });
    expect(r.isError).toBeFalsy();
    const rec = await waitFor(() => hub.approvals.list().history.find((h) => h.pictures?.before?.file && h.pictures.after?.file), 'before and after recorded', 10_000);
    // "before" was the thumbnail taken on connect: no capture was made while the agent waited.
    expect(rec.pictures!.before!.takenAtMs).toBe(thumbTakenAt);
    const before = readFileSync(join(dataDir, PICTURES_DIR, rec.pictures!.before!.file!));
    const after = readFileSync(join(dataDir, PICTURES_DIR, rec.pictures!.after!.file!));
    expect(firstPixel(before)).toEqual(colour(0));
    expect(firstPixel(after)).toEqual(colour(1));
    // The audit log names the files only, never image bytes.
    const audit = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain(rec.pictures!.after!.file!);
    expect(audit).not.toContain('iVBOR');
    await hub.stop();
    const again = new Hub({ port: 0, registryDir: join(dataDir, '..', 'reg2'), dataDir, logger: silentLogger });
    hubs.push(again);
    expect(again.approvals.list().history.find((h) => h.id === rec.id)?.pictures).toEqual(rec.pictures);
  });

  it('the pair shows exactly the run when the scene changed since the thumbnail was taken', async () => {
    const { hub, id, s } = await hubWithCapturingPeer();
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    // Freeze refreshes (busy) while the scene changes, so the thumbnail is stale when the agent's call comes.
    const held = s.call('dcc.execute', { code: 'hold' });
    let pushed = false;
    hub.sessions.once('push', () => (pushed = true));
    await s.call('dcc.execute', { code: 'add' });
    await waitFor(() => pushed, 'scene.changed');
    await s.call('dcc.execute', { code: 'release' });
    await held;
    const agent = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
    clients.push(agent);
    await agent.callTool({ name: 'dcc_execute', arguments: { code: 'add' } });
    const rec = await waitFor(() => hub.approvals.list().history.find((h) => h.pictures?.before && h.pictures.after), 'pictures recorded', 10_000);
    const dir = join(hub.dataDir, PICTURES_DIR);
    expect(firstPixel(readFileSync(join(dir, rec.pictures!.before!.file!)))).toEqual(colour(1));
    expect(firstPixel(readFileSync(join(dir, rec.pictures!.after!.file!)))).toEqual(colour(2));
  });

  it('keeps a pair for an approved destructive tool call too', async () => {
    const { hub, id } = await hubWithCapturingPeer();
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    const agent = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
    clients.push(agent);
    const r = await agent.callTool({ name: 'blender__clear_scene', arguments: {} });
    expect(r.isError).toBeFalsy();
    const rec = await waitFor(() => hub.approvals.list().history.find((h) => h.tool === 'blender__clear_scene' && h.pictures?.before?.file && h.pictures.after?.file), 'pictures of the tool call', 10_000);
    const dir = join(hub.dataDir, PICTURES_DIR);
    expect(firstPixel(readFileSync(join(dir, rec.pictures!.before!.file!)))).toEqual(colour(0));
    expect(firstPixel(readFileSync(join(dir, rec.pictures!.after!.file!)))).toEqual(colour(1));
  });

  it('records why there is no picture when the capture fails, and takes none for a rejected script', async () => {
    const { hub, id, s } = await hubWithCapturingPeer();
    await waitFor(() => hub.thumbnails.view(id)?.hasImage, 'first thumbnail');
    await s.call('dcc.execute', { code: 'no camera' });
    await s.call('dcc.execute', { code: 'add' });
    await waitFor(() => hub.thumbnails.view(id)!.error, 'failed capture');
    const agent = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
    clients.push(agent);
    await agent.callTool({ name: 'dcc_execute', arguments: { code: 'add' } });
    const rec = await waitFor(() => hub.approvals.list().history.find((h) => h.pictures?.after), 'pictures recorded', 10_000);
    expect(rec.pictures).toMatchObject({ before: { error: expect.stringContaining('no camera') }, after: { error: expect.stringContaining('no camera') } });
    expect(rec.pictures!.before!.file).toBeUndefined();
    hub.approvals.setPolicy('global', undefined, 'deny');
    await agent.callTool({ name: 'dcc_execute', arguments: { code: 'add' } });
    const denied = hub.approvals.list().history[0]!;
    expect(denied.decision).toBe('rejected');
    expect(denied.pictures).toBeUndefined();
  });
});
