/**
 * Writes the hub into an agent client's config file: preview (the merged text and its diff), then apply — only
 * if the file did not change since the preview, with a timestamped backup of the old file, atomically.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HubError } from '../errors';
import { CLIENT_TARGETS, SERVER_KEY, type ClientEnv, type ClientKind, type HubEndpoint } from './client-targets';
import { mergeJson, mergeToml } from './config-merge';
import { lineDiff, type DiffLine } from '../../../shared/line-diff';

export interface ClientStatus {
  kind: ClientKind;
  title: string;
  path: string;
  exists: boolean;
  /** The file already holds a `dcc-mcp-hub` entry. */
  configured: boolean;
  oauth: boolean;
  /** The URL the hub's entry points at (URL-based clients), else null. */
  pointsAt: string | null;
  /** The entry points at another URL than the hub serves now (e.g. written for an earlier port): rewrite it. */
  stale: boolean;
}

export interface ConfigPlan extends ClientStatus {
  before: string;
  after: string;
  diff: DiffLine[];
  /** sha256 of `before`: apply refuses when the file no longer matches it. */
  beforeHash: string;
  /** The key agent the entry names (non-OAuth clients), else null. */
  agent: string | null;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

export class ClientConfigWriter {
  constructor(
    private readonly env: ClientEnv,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Each client: where its config lives, whether the hub is in it, and whether it points at `mcpUrl` (the URL now). */
  status(mcpUrl?: string): ClientStatus[] {
    return Object.values(CLIENT_TARGETS).map((t) => this.statusOf(t.kind, this.read(t.path(this.env)), mcpUrl));
  }

  /**
   * The merged config and its diff, without writing. @throws HubError INVALID_ARGS when the existing file cannot
   * be parsed (the message names line:column) — it is never overwritten then.
   */
  plan(kind: ClientKind, hub: HubEndpoint, agent: string | null): ConfigPlan {
    const t = CLIENT_TARGETS[kind];
    const path = t.path(this.env);
    const text = this.read(path);
    const before = text ?? '';
    const entry = t.entry(hub, t.oauth ? null : agent);
    const after = t.format === 'json' ? mergeJson(before, t.serversKey, SERVER_KEY, entry, path) : mergeToml(before, t.serversKey, SERVER_KEY, entry);
    return { ...this.statusOf(kind, text, hub.mcpUrl), before, after, diff: lineDiff(before, after), beforeHash: sha(before), agent: t.oauth ? null : agent };
  }

  /**
   * Writes a plan: backs the old file up next to it (`<file>.bak-YYYYMMDD-HHMMSS`) and replaces it atomically.
   * @throws HubError INVALID_ARGS when the file changed since the plan was made (preview again).
   */
  apply(plan: ConfigPlan): { path: string; backupPath: string | null } {
    const current = this.read(plan.path) ?? '';
    if (sha(current) !== plan.beforeHash) throw new HubError('INVALID_ARGS', `${plan.path} changed since the preview; look at the diff again before writing`);
    mkdirSync(dirname(plan.path), { recursive: true });
    let backupPath: string | null = null;
    let mode = 0o600;
    if (existsSync(plan.path)) {
      mode = statSync(plan.path).mode & 0o777;
      backupPath = `${plan.path}.bak-${this.stamp()}`;
      for (let n = 2; existsSync(backupPath); n++) backupPath = `${plan.path}.bak-${this.stamp()}-${n}`;
      copyFileSync(plan.path, backupPath);
    }
    const tmp = `${plan.path}.tmp-${process.pid}`;
    writeFileSync(tmp, plan.after, { mode });
    renameSync(tmp, plan.path);
    return { path: plan.path, backupPath };
  }

  private statusOf(kind: ClientKind, text: string | null, mcpUrl: string | undefined): ClientStatus {
    const t = CLIENT_TARGETS[kind];
    const pointsAt = text === null ? null : this.entryUrl(kind, text);
    return { kind, title: t.title, path: t.path(this.env), exists: text !== null, configured: text !== null && this.hasEntry(kind, text), oauth: t.oauth, pointsAt, stale: Boolean(mcpUrl && pointsAt !== null && !sameUrl(pointsAt, mcpUrl)) };
  }

  /** The `url` of the hub's entry in a JSON config (stdio entries have none: the bridge finds the hub via hub.json). */
  private entryUrl(kind: ClientKind, text: string): string | null {
    const t = CLIENT_TARGETS[kind];
    if (t.format !== 'json') return null;
    try {
      const entry = (JSON.parse(text) as Record<string, Record<string, { url?: unknown } | undefined> | undefined>)?.[t.serversKey]?.[SERVER_KEY];
      return typeof entry?.url === 'string' ? entry.url : null;
    } catch {
      return null;
    }
  }

  private hasEntry(kind: ClientKind, text: string): boolean {
    const t = CLIENT_TARGETS[kind];
    if (t.format === 'toml') return new RegExp(`^\\s*\\[\\s*${t.serversKey}\\."?${SERVER_KEY}"?\\s*\\]`, 'm').test(text);
    try {
      const doc = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
      return Boolean(doc?.[t.serversKey]?.[SERVER_KEY]);
    } catch {
      return false;
    }
  }

  private read(path: string): string | null {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new HubError('PERMISSION_DENIED', `cannot read ${path}: ${(err as Error).message}`);
    }
  }

  private stamp(): string {
    const d = this.now();
    const p = (n: number): string => String(n).padStart(2, '0');
    return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
  }
}
