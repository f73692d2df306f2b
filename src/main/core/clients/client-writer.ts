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

export class ClientConfigWriter {
  constructor(
    private readonly env: ClientEnv,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Each client: where its config lives and whether the hub is already in it. */
  status(): ClientStatus[] {
    return Object.values(CLIENT_TARGETS).map((t) => {
      const path = t.path(this.env);
      const text = this.read(path);
      return { kind: t.kind, title: t.title, path, exists: text !== null, configured: text !== null && this.hasEntry(t.kind, text), oauth: t.oauth };
    });
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
    return { kind, title: t.title, path, exists: text !== null, configured: text !== null && this.hasEntry(kind, before), oauth: t.oauth, before, after, diff: lineDiff(before, after), beforeHash: sha(before), agent: t.oauth ? null : agent };
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
