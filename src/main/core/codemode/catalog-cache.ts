/**
 * Command catalogs pulled from instances with `dcc.catalog`, cached per dcc_type + version: two Maya 2025
 * instances share one index; concurrent callers share one fetch; a failed fetch is not cached.
 */
import type { CatalogResult } from '../../../shared/dcclink';
import { CatalogIndex } from './catalog-index';

const PAGE = 500;

export type FetchPage = (offset: number, limit: number) => Promise<CatalogResult>;

export class CatalogCache {
  private readonly ready = new Map<string, { dcc: string; version: string; index: CatalogIndex }>();
  private readonly inFlight = new Map<string, Promise<CatalogIndex>>();

  /** The index for this dcc + version, fetching it page by page the first time. */
  get(dcc: string, version: string, fetchPage: FetchPage): Promise<CatalogIndex> {
    const k = key(dcc, version);
    const hit = this.ready.get(k);
    if (hit) return Promise.resolve(hit.index);
    let p = this.inFlight.get(k);
    if (!p) {
      p = fetchAll(fetchPage).then(
        (commands) => {
          const index = new CatalogIndex(commands);
          this.ready.set(k, { dcc, version, index });
          this.inFlight.delete(k);
          return index;
        },
        (err: unknown) => {
          this.inFlight.delete(k);
          throw err;
        },
      );
      this.inFlight.set(k, p);
    }
    return p;
  }

  peek(dcc: string, version: string): CatalogIndex | undefined {
    return this.ready.get(key(dcc, version))?.index;
  }

  invalidate(dcc: string, version?: string): void {
    for (const [k, v] of this.ready) if (v.dcc === dcc && (version === undefined || v.version === version)) this.ready.delete(k);
  }

  entries(): { dcc: string; version: string; size: number; index: CatalogIndex }[] {
    return [...this.ready.values()].map((v) => ({ ...v, size: v.index.size }));
  }
}

async function fetchAll(fetchPage: FetchPage): Promise<CatalogResult['commands']> {
  const out: CatalogResult['commands'] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await fetchPage(offset, PAGE);
    out.push(...page.commands);
    if (page.commands.length === 0 || out.length >= page.total) return out;
  }
}

function key(dcc: string, version: string): string {
  return `${dcc}\u0000${version}`;
}
