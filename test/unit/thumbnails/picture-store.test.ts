import { mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PictureStore, pictureName } from '../../../src/main/core/thumbnails/picture-store';
import { pngOf } from '../../../src/main/core/thumbnails/viewport-thumbnails';
import { solidPng } from '../../helpers/png';

const ids = ['0a1b2c3d-0000-4000-8000-000000000001', '0a1b2c3d-0000-4000-8000-000000000002', '0a1b2c3d-0000-4000-8000-000000000003'];

describe('PictureStore', () => {
  it('keeps only the newest pictures', async () => {
    const store = new PictureStore(mkdtempSync(join(tmpdir(), 'pics-')), 4);
    let t = 1_700_000_000;
    for (const id of ids) {
      for (const which of ['before', 'after'] as const) {
        await store.write(pictureName(id, which), solidPng(4, 4, [1, 2, 3]));
        // Distinct modification times: the order of writes, whatever the file system's clock resolution.
        utimesSync(join(store.dir, pictureName(id, which)), t, t++);
        await store.prune();
      }
    }
    expect(await store.list()).toEqual([pictureName(ids[1]!, 'before'), pictureName(ids[1]!, 'after'), pictureName(ids[2]!, 'before'), pictureName(ids[2]!, 'after')]);
    expect(readdirSync(store.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await store.read(pictureName(ids[2]!, 'after'))).equals(solidPng(4, 4, [1, 2, 3]))).toBe(true);
    await expect(store.read(pictureName(ids[0]!, 'before'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('prunes by itself as pictures are written: never more than a tenth over the limit', async () => {
    const store = new PictureStore(mkdtempSync(join(tmpdir(), 'pics-')), 10);
    const names = Array.from({ length: 30 }, (_, i) => pictureName(`0a1b2c3d-0000-4000-8000-${String(i).padStart(12, '0')}`, 'after'));
    for (const n of names) {
      await store.write(n, solidPng(2, 2, [9, 9, 9]));
      expect((await store.list()).length).toBeLessThanOrEqual(11);
    }
    expect(await store.list()).toEqual(expect.arrayContaining(names.slice(-10)));
  });

  it('refuses any name that is not a picture of a request (no path reaches outside its folder)', async () => {
    const store = new PictureStore(mkdtempSync(join(tmpdir(), 'pics-')));
    for (const bad of ['../audit.jsonl', '../../etc/passwd', 'x-before.png', `${ids[0]}-before.png/..`, `${ids[0]}-middle.png`]) {
      await expect(store.read(bad)).rejects.toMatchObject({ code: 'INVALID_ARGS' });
      await expect(store.write(bad, Buffer.from('x'))).rejects.toMatchObject({ code: 'INVALID_ARGS' });
    }
    expect(() => pictureName('../x', 'before')).toThrow(/not a request id/);
  });
});

describe('pngOf', () => {
  it('takes PNG bytes and refuses anything else with a message', () => {
    const png = solidPng(2, 2, [0, 0, 0]);
    expect(pngOf({ data: new Uint8Array(png) }).equals(png)).toBe(true);
    expect(() => pngOf({ data: 'abc' })).toThrow(/without image bytes/);
    expect(() => pngOf({ data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) })).toThrow(/not a PNG/);
    expect(() => pngOf(null)).toThrow(/without image bytes/);
  });
});
