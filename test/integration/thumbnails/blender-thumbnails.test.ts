/**
 * Viewport thumbnails and before/after pictures with real GUI Blender under Xvfb (the installed add-on serving
 * from its timer pump), the real hub and an SDK agent.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScriptResult } from '../../../src/shared/dcclink';
import { PICTURES_DIR } from '../../../src/main/core/thumbnails/picture-store';
import { mcpClient, PYTHON, startHub } from '../../helpers/hub';
import { pngSize } from '../../helpers/png';
import { ROOT, exited } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const blender = has('blender') && has('xvfb-run');
const ci = process.env.CI === 'true';
if (!blender && !ci) console.warn('\n*** SKIPPING GUI-Blender thumbnail tests: blender or xvfb-run is not installed (CI installs both) ***\n');

const SHOTS = join(ROOT, 'test-results', 'screenshots');
let gui: ChildProcess | null = null;
afterAll(async () => {
  // xvfb-run starts Xvfb and Blender: end the whole group we started.
  if (gui?.pid && gui.exitCode === null) {
    process.kill(-gui.pid, 'SIGTERM');
    await exited(gui);
  }
});

const FACTORY_RENDER = 'import bpy\ns = bpy.context.scene.render\nreturn [s.engine, s.filepath, s.resolution_x, s.resolution_y, s.resolution_percentage, s.image_settings.file_format, bpy.data.is_dirty]';

describe.runIf(blender || ci)('viewport thumbnails of real GUI Blender (Xvfb)', () => {
  it('thumbnail on connect; an agent adding an object gives a new thumbnail and a before/after pair that differ', async () => {
    expect(blender, 'blender and xvfb-run must be installed under CI=true').toBe(true);
    const { hub } = await startHub({ approval: 'auto' });
    try {
      const tmp = mkdtempSync(join(tmpdir(), 'blender-thumbs-'));
      const zip = join(tmp, 'dcc_mcp_hub.zip');
      expect(spawnSync(PYTHON, [join(ROOT, 'scripts/package-blender-addon.py'), zip]).status).toBe(0);
      // The add-on is installed into throw-away user folders, never the user's own Blender.
      const env = { ...process.env, BLENDER_USER_CONFIG: join(tmp, 'config'), BLENDER_USER_SCRIPTS: join(tmp, 'scripts') };
      gui = spawn('xvfb-run', ['-a', 'blender', '--factory-startup', '--python', join(ROOT, 'bench/peers/blender_gui_enable.py'), '--', zip, hub.registryDir], { env, stdio: 'ignore', detached: true });
      const s = await waitFor(() => hub.sessions.list().find((x) => x.row.dcc_type === 'blender' && x.instanceState === 'ready'), 'GUI Blender connected', 120_000, 100);
      expect(s.hello?.capabilities.render_capture).toBe(true);
      const id = s.instanceId;

      const first = await waitFor(() => hub.thumbnails.current(id), 'the thumbnail taken on connect', 60_000);
      expect(first.error).toBeNull();
      expect(pngSize(first.png!)).toEqual({ width: 320, height: 180 });
      // Capturing leaves the artist's render settings as they were and the file unmodified.
      const settings = await s.call<ScriptResult>('dcc.execute', { code: FACTORY_RENDER });
      expect(settings.output).toEqual(['BLENDER_EEVEE', '/tmp/', 1920, 1080, 100, 'PNG', false]);

      const agent = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
      try {
        const r = await agent.callTool({ name: 'dcc_execute', arguments: { code: 'import bpy\nbpy.ops.mesh.primitive_uv_sphere_add(radius=1.5, location=(0, 0, 2))\nreturn bpy.context.active_object.name' } });
        expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      } finally {
        await agent.close();
      }
      const rec = await waitFor(() => hub.approvals.list().history.find((h) => h.tool === 'dcc_execute' && h.pictures?.before && h.pictures.after), 'before and after recorded', 60_000, 50);
      expect(rec.pictures!.before!.file, JSON.stringify(rec.pictures)).toBeDefined();
      expect(rec.pictures!.after!.file, JSON.stringify(rec.pictures)).toBeDefined();
      const dir = join(hub.dataDir, PICTURES_DIR);
      const before = readFileSync(join(dir, rec.pictures!.before!.file!));
      const after = readFileSync(join(dir, rec.pictures!.after!.file!));
      expect(before.equals(first.png!)).toBe(true);
      expect(after.equals(before)).toBe(false);
      // Kept as artefacts for a look by eye (and the README).
      mkdirSync(SHOTS, { recursive: true });
      writeFileSync(join(SHOTS, 'blender-before.png'), before);
      writeFileSync(join(SHOTS, 'blender-after.png'), after);
      // The live thumbnail follows the scene change.
      const now = await waitFor(() => {
        const c = hub.thumbnails.current(id);
        return c?.png && !c.png.equals(first.png!) ? c : null;
      }, 'a new thumbnail after the scene change', 60_000, 50);
      expect(pngSize(now.png!)).toEqual({ width: 320, height: 180 });
      expect(((await s.call<ScriptResult>('dcc.execute', { code: FACTORY_RENDER })).output as unknown[]).slice(0, 6)).toEqual(['BLENDER_EEVEE', '/tmp/', 1920, 1080, 100, 'PNG']);
      // An object moved by hand (a timer stands in for the artist, outside any hub call): the thumbnail follows.
      const beforeMove = hub.thumbnails.current(id)!;
      let moved = false;
      const onPush = (_s: unknown, p: { topic: string }): void => void (p.topic === 'viewport.changed' && (moved = true));
      hub.sessions.on('push', onPush);
      await s.call<ScriptResult>('dcc.execute', { code: "import bpy\ndef later():\n    bpy.data.objects['Cube'].location.x += 3\nbpy.app.timers.register(later, first_interval=0.3)" });
      await waitFor(() => moved, 'viewport.changed after the hand move', 30_000, 20);
      hub.sessions.off('push', onPush);
      await waitFor(() => {
        const c = hub.thumbnails.current(id);
        return c !== beforeMove && c?.png && !c.png.equals(beforeMove.png!);
      }, 'a new thumbnail after the hand move', 60_000, 50);
      // GUI Blender pictures the artist's viewport itself: no camera needed.
      const direct = await s.call<{ source: string; data: Uint8Array }>('render.capture_viewport', { width: 320, height: 180 });
      expect(direct.source).toBe('viewport');
      const withCamera = hub.thumbnails.view(id)!.rev;
      await s.call<ScriptResult>('dcc.execute', { code: "import bpy\nbpy.data.objects.remove(bpy.data.objects['Camera'], do_unlink=True)" });
      await waitFor(() => hub.thumbnails.view(id)!.rev > withCamera, 'a thumbnail after the camera was deleted', 60_000, 50);
      expect(hub.thumbnails.view(id)).toMatchObject({ hasImage: true, error: null });
    } finally {
      await hub.stop();
    }
  }, 240_000);
});
