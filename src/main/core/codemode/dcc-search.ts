/**
 * The `dcc_search` tool (seed: DccApiExecutor.search): ranked commands across every DCC or within one, compact
 * entries, an empty result with a hint when nothing matches.
 */
import type { CatalogIndex } from './catalog-index';

export interface SearchIndex {
  dcc: string;
  index: CatalogIndex;
}

export interface DccSearchResult {
  success: boolean;
  message: string;
  results: { name: string; signature: string; description: string; dcc?: string }[];
  hint?: string;
  [k: string]: unknown;
}

const MAX_LIMIT = 50;
const DESC_MAX = 200;
const SIG_MAX = 300;

export function dccSearch(indexes: SearchIndex[], args: { query: string; dcc?: string; limit?: number }): DccSearchResult {
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(args.limit ?? 10)));
  const known = [...new Set(indexes.map((i) => i.dcc))];
  let pool = indexes;
  if (args.dcc) {
    pool = indexes.filter((i) => i.dcc.toLowerCase() === args.dcc!.toLowerCase());
    if (pool.length === 0) {
      return { success: false, message: `No catalog for "${args.dcc}". Known DCCs: ${known.join(', ') || 'none (no DCC connected)'}.`, results: [] };
    }
  }
  const across = new Set(pool.map((i) => i.dcc)).size > 1;
  const hits = pool
    .flatMap((i) => i.index.search(args.query, limit).map((h) => ({ ...h, dcc: i.dcc })))
    .sort((a, b) => b.score - a.score || (a.command.name < b.command.name ? -1 : a.command.name > b.command.name ? 1 : 0));
  const seen = new Set<string>();
  const results: DccSearchResult['results'] = [];
  for (const h of hits) {
    const k = `${h.dcc}\u0000${h.command.name}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const entry: DccSearchResult['results'][number] = { name: h.command.name, signature: clip(h.command.signature ?? '', SIG_MAX), description: clip(h.command.description ?? '', DESC_MAX) };
    if (across) entry.dcc = h.dcc;
    results.push(entry);
    if (results.length >= limit) break;
  }
  if (results.length === 0) {
    return {
      success: true,
      message: `No command matched '${args.query}'.`,
      results: [],
      hint: known.length ? `Try fewer or more general words (e.g. "sphere" instead of "round ball primitive"), or another DCC: ${known.join(', ')}.` : 'No DCC is connected yet, so there is no catalog to search. Start a DCC with the hub plugin.',
    };
  }
  return { success: true, message: `Found ${results.length} command(s) matching '${args.query}'.`, results };
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
