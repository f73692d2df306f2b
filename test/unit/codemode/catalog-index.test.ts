import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogIndex, parseCatalogText } from '../../../src/main/core/codemode/catalog-index';
import type { CatalogCommand } from '../../../src/shared/dcclink';

const FIX = join(__dirname, '..', '..', 'fixtures', 'catalogs');
const SEED = `
polyCube - Create a cube polygon mesh
polySphere - Create a sphere polygon mesh
select - Select nodes in the scene
render - Render the current frame
`;

describe('catalog search: the seed examples', () => {
  const idx = new CatalogIndex(parseCatalogText(SEED));
  it('"create sphere" finds polySphere first', () => {
    expect(idx.search('create sphere')[0]!.command.name).toBe('polySphere');
  });
  it('"polygon sphere" finds polySphere first', () => {
    expect(idx.search('polygon sphere')[0]!.command.name).toBe('polySphere');
  });
  it('"totally unrelated xyz" finds nothing', () => {
    expect(idx.search('totally unrelated xyz')).toEqual([]);
  });
  it('drops zero scores and breaks ties by name', () => {
    const names = idx.search('polygon mesh').map((h) => h.command.name);
    expect(names).toEqual(['polyCube', 'polySphere']);
  });
  it('parses the text format, ignoring blank lines and # comments', () => {
    expect(parseCatalogText('# c\n\nls - List objects\nbare')).toEqual([
      { name: 'ls', signature: '', description: 'List objects' },
      { name: 'bare', signature: '', description: '' },
    ]);
  });
});

const BLENDER: [string, string | string[]][] = [
  ['add a uv sphere', 'mesh.primitive_uv_sphere_add'],
  ['export fbx', 'export_scene.fbx'],
  ['merge vertices by distance', 'mesh.remove_doubles'],
  ['add a cube', 'mesh.primitive_cube_add'],
  ['delete selected objects', 'object.delete'],
  ['render the scene', 'render.render'],
  // Blender 3.4 has both the legacy Python importer and the new C++ one; either is right.
  ['import obj', ['import_scene.obj', 'wm.obj_import']],
  ['subdivide mesh', 'mesh.subdivide'],
  ['save blend file', 'wm.save_mainfile'],
  ['add camera', 'object.camera_add'],
  ['bevel edges', 'mesh.bevel'],
  ['apply modifier', 'object.modifier_apply'],
  ['add a light', 'object.light_add'],
  ['duplicate objects', 'object.duplicate'],
  ['join objects', 'object.join'],
  ['add a modifier', 'object.modifier_add'],
  ['insert keyframe', 'anim.keyframe_insert'],
  ['shade smooth', 'object.shade_smooth'],
  ['extrude region', 'mesh.extrude_region'],
  ['export gltf', 'export_scene.gltf'],
];

const MAYA: [string, string][] = [
  ['create a polygon sphere', 'polySphere'],
  ['merge vertices', 'polyMergeVertex'],
  ['set a keyframe', 'setKeyframe'],
  ['bevel edges', 'polyBevel'],
  ['export fbx', 'FBXExport'],
  ['freeze transformations', 'makeIdentity'],
];

describe('catalog search quality on real catalogs', () => {
  it('ranks the intended Blender 3.4 operator first for plain phrases', () => {
    const ops = JSON.parse(readFileSync(join(FIX, 'blender-3.4-ops.json'), 'utf8')) as CatalogCommand[];
    expect(ops.length).toBe(2144);
    const idx = new CatalogIndex(ops);
    const ok = (q: string, want: string | string[]) => [want].flat().includes(idx.search(q, 5)[0]?.command.name ?? '');
    const misses = BLENDER.filter(([q, want]) => !ok(q, want)).map(([q, want]) => `${q} → ${idx.search(q, 3).map((h) => h.command.name).join(', ')} (want ${String(want)})`);
    console.log(`Blender precision@1: ${BLENDER.length - misses.length}/${BLENDER.length}`);
    expect(misses).toEqual([]);
  });

  it('ranks the intended Maya command first for plain phrases', () => {
    const idx = new CatalogIndex(parseCatalogText(readFileSync(join(FIX, 'maya-sample.txt'), 'utf8')));
    const misses = MAYA.filter(([q, want]) => idx.search(q, 5)[0]?.command.name !== want).map(([q, want]) => `${q} → ${idx.search(q, 3).map((h) => h.command.name).join(', ')} (want ${want})`);
    expect(misses).toEqual([]);
  });
});

describe('dcc_search and the catalog cache', () => {
  it('searches across DCCs (tagging each result) or within one, with a hint when nothing matches', async () => {
    const { dccSearch } = await import('../../../src/main/core/codemode/dcc-search');
    const maya = new CatalogIndex(parseCatalogText(SEED));
    const blender = new CatalogIndex(JSON.parse(readFileSync(join(FIX, 'blender-3.4-ops.json'), 'utf8')) as CatalogCommand[]);
    const all = [{ dcc: 'maya', index: maya }, { dcc: 'blender', index: blender }];
    const r = dccSearch(all, { query: 'polygon sphere', dcc: 'Maya' });
    expect(r).toMatchObject({ success: true, message: "Found 2 command(s) matching 'polygon sphere'.", results: [{ name: 'polySphere' }, { name: 'polyCube' }] });
    expect(r.results[0]!.dcc).toBeUndefined();
    const across = dccSearch(all, { query: 'uv sphere', limit: 3 });
    expect(across.results[0]).toMatchObject({ name: 'mesh.primitive_uv_sphere_add', dcc: 'blender' });
    expect(across.results.length).toBe(3);
    expect(dccSearch(all, { query: 'totally unrelated xyz' })).toMatchObject({ success: true, results: [], hint: expect.stringMatching(/maya, blender/) });
    expect(dccSearch(all, { query: 'x', dcc: 'houdini' })).toMatchObject({ success: false, message: expect.stringMatching(/Known DCCs: maya, blender/) });
    expect(dccSearch(all, { query: 'add', limit: 500 }).results.length).toBe(50);
  });

  it('fetches a catalog page by page once per dcc + version, sharing the in-flight fetch', async () => {
    const { CatalogCache } = await import('../../../src/main/core/codemode/catalog-cache');
    const cache = new CatalogCache();
    const commands = Array.from({ length: 1234 }, (_, i) => ({ name: `cmd${i}`, signature: '', description: 'does things' }));
    let calls = 0;
    const fetchPage = async (offset: number, limit: number) => {
      calls++;
      return { commands: commands.slice(offset, offset + limit), total: commands.length };
    };
    const [a, b] = await Promise.all([cache.get('maya', '2025', fetchPage), cache.get('maya', '2025', fetchPage)]);
    expect(a).toBe(b);
    expect(a.size).toBe(1234);
    expect(calls).toBe(3);
    await cache.get('maya', '2025', fetchPage);
    expect(calls).toBe(3);
    await expect(cache.get('max', '1', () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(cache.peek('max', '1')).toBeUndefined();
    cache.invalidate('maya');
    expect(cache.entries()).toEqual([]);
  });
});
