/**
 * The pictures over the panel's API (the headless WebSocket carrier): live thumbnail and stored before/after as
 * data URLs for the panel's cookie, nothing for an agent's credential, and no file outside the pictures folder.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHeadless, type HeadlessHub } from '../../../src/main/core/headless';
import { silentLogger } from '../../../src/main/core/log';
import { CLI, mcpClient } from '../../helpers/hub';
import { PanelClient, openWs, panelCookie } from '../../helpers/panel';
import { firstPixel } from '../../helpers/png';
import { killAll, startNodePeer } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

let h: HeadlessHub | null = null;
afterAll(async () => {
  await h?.stop();
  killAll();
});

const png = (dataUrl: string): Buffer => Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');

describe('pictures over the panel API', () => {
  it('serves the live thumbnail and a before/after pair to the panel only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thumbs-api-'));
    // A stand-in page: the panel link is traded for its cookie only where there is a panel to serve.
    mkdirSync(join(dir, 'ui'));
    writeFileSync(join(dir, 'ui', 'index.html'), '<!doctype html><title>panel</title>');
    h = await startHeadless({ port: 0, registryDir: join(dir, 'reg'), dataDir: join(dir, 'data'), logger: silentLogger, uiDir: join(dir, 'ui'), cliPath: CLI, approval: 'auto' });
    const path = join(dir, 'peer.sock');
    await startNodePeer(`unix://${path}`, '--capture');
    const id = randomUUID();
    h.hub.sessions.upsert({ dcc_type: 'blender', instance_id: id, host: '127.0.0.1', port: 0, transport_address: { type: 'unix_socket', path }, metadata: { dcclink: '1' }, lastHeartbeatMs: Date.now() });
    await waitFor(() => h!.hub.thumbnails.view(id)?.hasImage, 'first thumbnail', 15_000);
    const base = h.hub.http.base;
    // An agent's credential never opens the panel's API, so it never reaches a picture.
    expect((await openWs(base, { authorization: `Bearer ${h.info.token}` })).status).toBe(401);
    const panel = await PanelClient.open(base, await panelCookie(h.info.uiUrl));
    try {
      const inst = (await panel.invoke('instances:list', {})).find((i) => i.id === id)!;
      expect(inst.thumbnail).toMatchObject({ hasImage: true, error: null, takenAtMs: expect.any(Number) });
      const live = await panel.invoke('thumbnails:live', { instanceId: id });
      expect(live.dataUrl).toMatch(/^data:image\/png;base64,/);
      expect(firstPixel(png(live.dataUrl!))).toEqual([0, 100, 200]);
      expect(await panel.invoke('thumbnails:live', { instanceId: 'no-such-instance' })).toEqual({ dataUrl: null, takenAtMs: null, error: null });

      const agent = await mcpClient(h.info.mcpUrl, h.info.token);
      await agent.callTool({ name: 'dcc_execute', arguments: { code: 'add' } });
      await agent.close();
      const rec = await waitFor(async () => (await panel.invoke('approvals:list', {})).history.find((r) => r.pictures?.before?.file && r.pictures.after?.file), 'the pair in the history', 10_000);
      const before = await panel.invoke('thumbnails:picture', { file: rec.pictures!.before!.file! });
      const after = await panel.invoke('thumbnails:picture', { file: rec.pictures!.after!.file! });
      expect(firstPixel(png(before.dataUrl))).toEqual([0, 100, 200]);
      expect(firstPixel(png(after.dataUrl))).toEqual([40, 100, 200]);
      for (const file of ['../audit.jsonl', '../../agents.json', `${rec.id}-before.png/../../audit.jsonl`]) {
        await expect(panel.invoke('thumbnails:picture', { file })).rejects.toMatchObject({ code: 'INVALID_ARGS' });
      }
      await expect(panel.invoke('thumbnails:picture', { file: `${randomUUID()}-after.png` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      panel.close();
    }
  }, 30_000);
});
