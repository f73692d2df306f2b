/**
 * dcc_search on a 10,000-command catalog: the hub's inverted-index ranking vs the seed's naive scan (count
 * query-token hits over name + description + signature for every command, sort, top-k) as the baseline. The
 * baseline is given a fair start: its haystacks are lowercased once, up front, not per query.
 * Goal ≥ 10× faster at p50; both must agree on the seed's examples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogIndex, parseCatalogText } from '../src/main/core/codemode/catalog-index';
import type { CatalogCommand } from '../src/shared/dcclink';
import { nowUs, quantile, report } from './stats';

const FIX = join(import.meta.dirname, '..', 'test', 'fixtures', 'catalogs');
const blender = JSON.parse(readFileSync(join(FIX, 'blender-3.4-ops.json'), 'utf8')) as CatalogCommand[];
const maya = parseCatalogText(readFileSync(join(FIX, 'maya-sample.txt'), 'utf8'));
const seed = parseCatalogText('polyCube - Create a cube polygon mesh\npolySphere - Create a sphere polygon mesh\nselect - Select nodes in the scene\nrender - Render the current frame');

// 10,000 commands: the real Blender and Maya catalogs, padded with namespaced variants of them.
const catalog: CatalogCommand[] = [...seed, ...blender, ...maya];
for (let i = 0; catalog.length < 10_000; i++) {
  const c = blender[i % blender.length]!;
  catalog.push({ name: `plugin${Math.floor(i / blender.length)}.${c.name.replace('.', '_')}`, signature: c.signature, description: c.description });
}

const STOP = new Set(['the', 'a', 'an', 'in', 'for', 'of']);
type Hay = { name: string; hay: string };
/** Each command's haystack, lowercased once (a fair scan does not redo this per query). */
const lowered = (over: CatalogCommand[]): Hay[] => over.map((c) => ({ name: c.name, hay: `${c.name} ${c.description} ${c.signature}`.toLowerCase() }));
const catalogHay = lowered(catalog);
/** The seed's DccApiCatalog.search, verbatim in spirit, over pre-lowercased haystacks. */
function naive(query: string, limit = 10, over: Hay[] = catalogHay): string[] {
  const q = query.toLowerCase().split(/[\s\p{P}]+/u).filter((t) => t && !STOP.has(t));
  const scored: [number, string][] = [];
  for (const c of over) {
    const hay = c.hay;
    let s = 0;
    for (const t of q) if (hay.includes(t)) s++;
    if (s > 0) scored.push([s, c.name]);
  }
  scored.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
  return scored.slice(0, limit).map((x) => x[1]);
}

const t0 = performance.now();
const index = new CatalogIndex(catalog);
console.log(`catalog: ${catalog.length} commands, indexed in ${(performance.now() - t0).toFixed(1)} ms`);

const queries = ['create sphere', 'polygon sphere', 'totally unrelated xyz', 'add a uv sphere', 'export fbx', 'merge vertices by distance', 'delete selected objects', 'render the scene', 'bevel edges', 'set a keyframe', 'apply modifier', 'import obj'];
// The seed's examples, on the seed's own catalog: both implementations must agree.
const seedIndex = new CatalogIndex(seed);
for (const q of ['create sphere', 'polygon sphere', 'totally unrelated xyz']) {
  const a = seedIndex.search(q).map((h) => h.command.name).join(', ') || '(none)';
  const b = naive(q, 10, lowered(seed)).join(', ') || '(none)';
  console.log(`seed example "${q}": index → ${a}; naive → ${b}`);
}

function measure(fn: (q: string) => unknown, rounds: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const t = nowUs();
      fn(q);
      out.push(nowUs() - t);
    }
  }
  return out;
}
measure((q) => index.search(q), 5);
measure((q) => naive(q), 2);
const fast = measure((q) => index.search(q), 100);
const slow = measure((q) => naive(q), 20);
report('dcc_search p50 at 10k commands', quantile(fast, 0.5), quantile(slow, 0.5), 'µs', '≥ 10× faster (ratio ≤ 0.1×)');
report('dcc_search p99 at 10k commands', quantile(fast, 0.99), quantile(slow, 0.99), 'µs');
console.log(`speed-up: p50 ${(quantile(slow, 0.5) / quantile(fast, 0.5)).toFixed(1)}×, p99 ${(quantile(slow, 0.99) / quantile(fast, 0.99)).toFixed(1)}×`);
