/**
 * What before/after pictures cost an agent: `dcc_execute` (auto-approved, SDK client → hub → DccLink peer) on a DCC
 * that can capture, whose thumbnail is fresh (the "before" is the thumbnail already there, the "after" is captured
 * once the agent has its result), against the same call on an identical DCC that cannot capture (no pictures at
 * all), interleaved in one run. Goal: p50 and p95 within 1.1× (the agent must not notice the pictures).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll, startNodePeer } from '../test/helpers/processes';
import { mcpClient, startHub } from '../test/helpers/hub';
import { nowUs, quantile, report } from './stats';

const N = 300;

const { hub } = await startHub({ approval: 'auto' });
try {
  const dir = mkdtempSync(join(tmpdir(), 'bench-thumbs-'));
  const ids: Record<'pictures' | 'none', string> = { pictures: randomUUID(), none: randomUUID() };
  for (const [kind, id] of Object.entries(ids)) {
    const path = join(dir, `${kind}.sock`);
    await startNodePeer(`unix://${path}`, '--capture', ...(kind === 'none' ? ['--no-capture-cap'] : []));
    hub.sessions.upsert({ dcc_type: kind === 'none' ? 'plain' : 'capturing', instance_id: id, host: '127.0.0.1', port: 0, transport_address: { type: 'unix_socket', path }, metadata: { dcclink: '1' }, lastHeartbeatMs: Date.now() });
  }
  const deadline = Date.now() + 15_000;
  while (!hub.thumbnails.view(ids.pictures)?.hasImage || !hub.sessions.list().every((s) => s.instanceState === 'ready')) {
    if (Date.now() > deadline) throw new Error('peers not ready');
    await new Promise((r) => setTimeout(r, 20));
  }
  const agent = await mcpClient(hub.info!.mcpUrl, hub.bearerToken, 'bench-agent');
  const times: Record<'pictures' | 'none', number[]> = { pictures: [], none: [] };
  for (let i = 0; i < N + 30; i++) {
    const order: ('pictures' | 'none')[] = i % 2 ? ['pictures', 'none'] : ['none', 'pictures'];
    for (const kind of order) {
      const t0 = nowUs();
      const r = await agent.callTool({ name: 'dcc_execute', arguments: { code: 'noop', instance: kind === 'none' ? 'plain' : 'capturing' } });
      if (r.isError) throw new Error(JSON.stringify(r.content));
      if (i >= 30) times[kind].push(nowUs() - t0);
    }
  }
  await hub.scriptPictures.settled();
  const kept = hub.approvals.list().history.filter((h) => h.pictures?.before?.file && h.pictures.after).length;
  report('dcc_execute with before/after pictures (fresh thumbnail), p50', quantile(times.pictures, 0.5) / 1000, quantile(times.none, 0.5) / 1000, 'ms', '≤ 1.1×');
  report('dcc_execute with before/after pictures (fresh thumbnail), p95', quantile(times.pictures, 0.95) / 1000, quantile(times.none, 0.95) / 1000, 'ms', '≤ 1.1×');
  console.log(`history records with a stored "before" picture and an "after": ${kept}`);
  await agent.close();
} finally {
  await hub.stop();
  killAll();
}
