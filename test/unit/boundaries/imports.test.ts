import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Every module specifier a file imports, with the file it came from. */
export function importsOf(dir: string): { file: string; spec: string }[] {
  const found: { file: string; spec: string }[] = [];
  for (const file of sourceFiles(join(ROOT, dir))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (spec) found.push({ file: relative(ROOT, file), spec });
    }
  }
  return found;
}

describe('layer boundaries (SPEC §1, STYLE.md)', () => {
  it('core and shared never import electron', () => {
    const bad = [...importsOf('src/main/core'), ...importsOf('src/shared')].filter(
      (i) => i.spec === 'electron' || i.spec.startsWith('electron/'),
    );
    expect(bad).toEqual([]);
  });

  it('shared never imports node built-ins', () => {
    const bad = importsOf('src/shared').filter((i) => i.spec.startsWith('node:') || i.spec === 'fs' || i.spec === 'path');
    expect(bad).toEqual([]);
  });

  it('the renderer never imports node built-ins or the main process', () => {
    const bad = importsOf('src/renderer').filter(
      (i) => i.spec.startsWith('node:') || /(^|\/)main\//.test(i.spec) || i.spec.includes('src/main'),
    );
    expect(bad).toEqual([]);
  });

  it('the import scanner sees real imports (guards against a scanner that finds nothing)', () => {
    expect(importsOf('test/unit/boundaries').some((i) => i.spec === 'node:fs')).toBe(true);
  });
});
