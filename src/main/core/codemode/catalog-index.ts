/**
 * Ranked search over a DCC command catalog: an inverted index with BM25-style scoring over three weighted
 * fields (name > signature > description), rare words counting more, synonyms and word prefixes at lower
 * weight, an exact-name boost, ties broken by name, zero scores dropped. Only matching commands are touched.
 */
import type { CatalogCommand } from '../../../shared/dcclink';
import { synonyms, tokens } from './tokenize';

/**
 * Fields: the command's own name (after the last '.'), its namespace (before it), its UI title (a short
 * "Title: …" lead of the description, the words artists know it by), signature, rest of the description.
 */
const FIELDS = 5;
const FIELD_WEIGHT = [2.5, 1, 2, 0.4, 1] as const;
const FIELD_B = [0.9, 0.3, 0.75, 0.6, 0.6] as const;
const K1 = 1.2;
const SYNONYM_WEIGHT = 0.4;
const PREFIX_WEIGHT = 0.3;
/**
 * Namespaces whose commands work from any script. Editor-bound ones (e.g. Blender's `action.`, `graph.`,
 * `image.`) need that editor open, so for the same words the general-purpose command is the better answer.
 */
const GENERAL_NAMESPACES = new Set(['object', 'mesh', 'anim', 'wm', 'render', 'transform', 'scene', 'export_scene', 'import_scene', 'material', 'collection', 'cmds']);
const GENERAL_BOOST = 1.15;
const NAME_COVERED_BOOST = 1.5;

type Tf = [number, number, number, number, number];

interface Posting {
  doc: number;
  tf: Tf;
  /** BM25 field-weighted term frequency, fixed per posting once the averages are known. */
  w: number;
}

export interface Hit {
  command: CatalogCommand;
  score: number;
}

export class CatalogIndex {
  readonly commands: readonly CatalogCommand[];
  private readonly postings = new Map<string, Posting[]>();
  private readonly lengths: Float64Array[];
  private readonly avg: number[];
  private readonly lowerNames: string[];
  private readonly prior: Float64Array;
  /** Each command's own-name tokens, for the "every word of the name was asked for" boost. */
  private readonly nameTokens: string[][] = [];
  private sortedTerms: string[] | null = null;
  // Scratch buffers reused by every search: no per-query maps on the hot path.
  private readonly scores: Float64Array;
  private readonly matched: Uint16Array;
  private readonly lastTerm: Int32Array;

  constructor(commands: readonly CatalogCommand[]) {
    this.commands = commands;
    const n = commands.length;
    this.lengths = Array.from({ length: FIELDS }, () => new Float64Array(n));
    this.lowerNames = commands.map((c) => c.name.toLowerCase());
    this.prior = new Float64Array(n).fill(1);
    const sums = new Array<number>(FIELDS).fill(0);
    commands.forEach((c, doc) => {
      const dot = c.name.lastIndexOf('.');
      const ns = dot > 0 ? c.name.slice(0, dot) : '';
      if (GENERAL_NAMESPACES.has(ns)) this.prior[doc] = GENERAL_BOOST;
      const [title, rest] = splitTitle(c.description ?? '');
      const own = tokens(dot > 0 ? c.name.slice(dot + 1) : c.name);
      this.nameTokens.push(own);
      const fields = [own, tokens(ns), tokens(title), tokens(c.signature ?? '').slice(0, 40), tokens(rest)];
      const perTerm = new Map<string, Posting>();
      fields.forEach((toks, f) => {
        this.lengths[f]![doc] = toks.length;
        sums[f]! += toks.length;
        for (const t of toks) {
          let p = perTerm.get(t);
          if (!p) perTerm.set(t, (p = { doc, tf: [0, 0, 0, 0, 0], w: 0 }));
          p.tf[f]!++;
        }
      });
      for (const [t, p] of perTerm) {
        const list = this.postings.get(t);
        if (list) list.push(p);
        else this.postings.set(t, [p]);
      }
    });
    this.avg = sums.map((x) => x / Math.max(1, n) || 1);
    for (const list of this.postings.values()) for (const p of list) p.w = this.weigh(p);
    this.scores = new Float64Array(n);
    this.matched = new Uint16Array(n);
    this.lastTerm = new Int32Array(n).fill(-1);
  }

  private weigh(p: Posting): number {
    let tf = 0;
    for (let f = 0; f < FIELDS; f++) {
      const raw = p.tf[f]!;
      if (raw) tf += (FIELD_WEIGHT[f]! * raw) / (raw + K1 * (1 - FIELD_B[f]! + (FIELD_B[f]! * this.lengths[f]![p.doc]!) / this.avg[f]!));
    }
    return tf;
  }

  get size(): number {
    return this.commands.length;
  }

  /** Top `limit` commands for `query`, best first; ties by name; zero scores dropped. */
  search(query: string, limit = 10): Hit[] {
    const q = [...new Set(tokens(query))];
    if (q.length === 0 || this.commands.length === 0) return [];
    const qset = new Set(q);
    const touched: number[] = [];
    q.forEach((term, ti) => {
      this.accumulate(term, 1, ti, touched);
      for (const syn of synonyms(term)) this.accumulate(syn, SYNONYM_WEIGHT, ti, touched);
      if (term.length >= 4 || !this.postings.has(term)) for (const t of this.prefixed(term)) if (t !== term) this.accumulate(t, PREFIX_WEIGHT, ti, touched);
    });
    const lowerQuery = query.trim().toLowerCase();
    const hits: { doc: number; score: number }[] = [];
    for (const doc of touched) {
      const s = this.scores[doc]!;
      // Commands matching more of the query's words rank above ones matching one word many times.
      const coverage = this.matched[doc]! / q.length;
      this.scores[doc] = 0;
      this.matched[doc] = 0;
      this.lastTerm[doc] = -1;
      if (s <= 0) continue;
      let score = s * coverage * coverage * this.prior[doc]!;
      if (this.lowerNames[doc] === lowerQuery) score *= 3;
      // A command whose own name consists only of words the agent used, and says at least half of what it asked
      // for ("bevel" for "bevel edges"), is what it meant.
      const own = this.nameTokens[doc]!;
      if (own.length * 2 >= q.length && own.every((t) => qset.has(t))) score *= NAME_COVERED_BOOST;
      hits.push({ doc, score });
    }
    return topK(hits, limit, (a, b) => b.score - a.score || (this.commands[a.doc]!.name < this.commands[b.doc]!.name ? -1 : 1)).map((h) => ({ command: this.commands[h.doc]!, score: h.score }));
  }

  private accumulate(term: string, weight: number, termIndex: number, touched: number[]): void {
    const list = this.postings.get(term);
    if (!list) return;
    const n = this.commands.length;
    const k = weight * Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
    for (const p of list) {
      const d = p.doc;
      if (this.lastTerm[d] === -1) touched.push(d);
      if (this.lastTerm[d] !== termIndex) {
        this.lastTerm[d] = termIndex;
        this.matched[d]!++;
      }
      this.scores[d]! += k * p.w;
    }
  }

  /** Index terms starting with `prefix` (binary search over the sorted term list). */
  private prefixed(prefix: string): string[] {
    this.sortedTerms ??= [...this.postings.keys()].sort();
    const terms = this.sortedTerms;
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < terms.length && terms[i]!.startsWith(prefix) && out.length < 12; i++) out.push(terms[i]!);
    return out;
  }
}

/** The `k` best items under `cmp` (ascending = best first) without sorting everything. */
function topK<T>(items: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (items.length <= k * 4) return items.sort(cmp).slice(0, k);
  const best: T[] = [];
  for (const it of items) {
    if (best.length < k) {
      best.push(it);
      if (best.length === k) best.sort(cmp);
    } else if (cmp(it, best[k - 1]!) < 0) {
      let i = k - 1;
      while (i > 0 && cmp(it, best[i - 1]!) < 0) i--;
      best.splice(i, 0, it);
      best.pop();
    }
  }
  return best.length < k ? best.sort(cmp) : best;
}

/** Splits "Merge by Distance: Merge vertices…" into its title and the rest (no title → ['', text]). */
function splitTitle(description: string): [string, string] {
  const i = description.indexOf(': ');
  if (i <= 0 || i > 40 || description.slice(0, i).split(' ').length > 5) return ['', description];
  return [description.slice(0, i), description.slice(i + 2)];
}

/** Parses the seed's plain-text catalog: one `name - description` per line; blank lines and `#` comments ignored. */
export function parseCatalogText(text: string): CatalogCommand[] {
  const out: CatalogCommand[] = [];
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith('#')) continue;
    const i = l.indexOf(' - ');
    out.push(i < 0 ? { name: l, signature: '', description: '' } : { name: l.slice(0, i).trim(), signature: '', description: l.slice(i + 3).trim() });
  }
  return out;
}
