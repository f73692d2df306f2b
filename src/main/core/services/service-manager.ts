/**
 * External MCP services (SPEC §7, MCPStore-style): three-phase registration — (1) validate and cache, return at
 * once; (2) persist atomically to `<data-dir>/mcp.json` (+ the agent ↔ service mapping); (3) connect in the
 * background — plus lifecycle, tools as `{service}__{tool}`, agent scoping, and dcc-mcp-core registry rows.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import type { CallToolResult, CompleteRequest, CompleteResult, GetPromptResult, LoggingMessageNotification, Prompt, ReadResourceResult, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import type { ServiceConfig, ServiceSource } from '../../../shared/services';
import type { Logger } from '../log';
import type { FromService, ServiceCallOptions, ServicesPort, ServiceTool } from '../mcp/ports';
import { readJsonFile, writeFileAtomic } from '../store/atomic-file';
import { processServiceInput } from './config-processor';
import { advertisedTools, classifyCoreRow, isDccLinkRow, qualifiedToolName, rowSignature, type CoreRow, type CoreRowInfo } from './core-rows';
import { DEFAULT_HEALTH, ServiceConnection, type HealthOptions, type ToolsFallback } from './service-connection';

export type { CoreRow } from './core-rows';

/** A dcc-mcp-core row as the Instances page shows it. */
export interface CoreInstance {
  row: CoreRow;
  info: CoreRowInfo;
  /** The service aggregating it, when it is aggregated. */
  service: ServiceConnection | null;
}

export interface AddResult {
  name?: string;
  ok: boolean;
  error?: string;
  state?: string;
}

const ScopesSchema = z.record(z.string(), z.object({ services: z.array(z.string()).optional(), tools: z.array(z.string()).optional() }));
type Scopes = z.infer<typeof ScopesSchema>;

/** What a ServiceManager emits: state changes, catalog changes per list, and relayed service events. */
export interface ServiceManagerEvents {
  changed: [];
  'tools-changed': [];
  'resources-changed': [];
  'prompts-changed': [];
  'resource-updated': [service: string, uri: string];
  log: [service: string, params: LoggingMessageNotification['params']];
  state: [service: string, state: string, lastError: string | null];
}

export class ServiceManager extends EventEmitter<ServiceManagerEvents> implements ServicesPort {
  private readonly services = new Map<string, ServiceConnection>();
  private scopes: Scopes;
  private persistChain = Promise.resolve();
  private core = new Map<string, { row: CoreRow; info: CoreRowInfo; name: string; aggregated: boolean }>();
  private readonly coreSignatures = new Map<string, string>();
  private readonly fallbacks = new Map<string, ToolsFallback>();
  /** Unchanged rows are the same objects from read to read (the registry's row cache): classify each once. */
  private readonly classified = new WeakMap<CoreRow, { info: CoreRowInfo; name: string }>();
  private closed = false;

  constructor(
    private readonly dataDir: string,
    private readonly log: Logger,
    private readonly health: Partial<HealthOptions> = {},
  ) {
    super();
    this.scopes = readJsonFile(join(dataDir, 'agent_services.json'), ScopesSchema, {}, (m) => log.warn(m));
  }

  /** Re-registers what `<data-dir>/mcp.json` holds (at start-up). */
  loadPersisted(): AddResult[] {
    const file = join(this.dataDir, 'mcp.json');
    const json = readJsonFile(file, z.object({ mcpServers: z.record(z.string(), z.unknown()) }), { mcpServers: {} }, (m) => this.log.warn(m));
    return Object.keys(json.mcpServers).length ? this.addNow(json, 'user') : [];
  }

  /**
   * Registers services from any input form. Returns after phase 1 unless `wait` names services to wait for
   * (or 'all'), in which case it resolves when they are HEALTHY or UNREACHABLE, or `timeoutMs` passes.
   */
  async add(input: unknown, opts: { source?: ServiceSource; wait?: string[] | 'all'; timeoutMs?: number } = {}): Promise<AddResult[]> {
    const results = this.addNow(input, opts.source ?? 'user');
    if (!opts.wait) return results;
    const names = opts.wait === 'all' ? results.filter((r) => r.ok).map((r) => r.name!) : opts.wait;
    await this.waitFor(names, opts.timeoutMs ?? 10_000);
    return results.map((r) => (r.name && this.services.has(r.name) ? { ...r, state: this.services.get(r.name)!.state } : r));
  }

  /** Phase 1 (synchronous): validate, cache, start phases 2 and 3. */
  addNow(input: unknown, source: ServiceSource): AddResult[] {
    const p = processServiceInput(input, [...this.services.keys()]);
    for (const w of p.warnings) this.log.warn(w);
    const results: AddResult[] = p.errors.map((e) => ({ name: e.name, ok: false, error: e.error }));
    for (const name of p.names) results.push({ name, ok: true, state: this.services.get(name)?.state });
    for (const config of p.configs) {
      const old = this.services.get(config.name);
      if (old) void old.close();
      const conn = new ServiceConnection(
        config,
        source,
        { ...DEFAULT_HEALTH, ...this.health },
        this.log,
        (c, availabilityChanged) => {
          this.emit('state', c.config.name, c.state, c.lastError);
          this.emit('changed');
          if (availabilityChanged) this.emitCatalogChanged();
        },
        {
          catalogChanged: (kind) => this.emit(`${kind}-changed`),
          log: (service, params) => this.emit('log', service, params),
          resourceUpdated: (service, uri) => this.emit('resource-updated', service, uri),
        },
        this.fallbacks.get(config.name),
      );
      this.services.set(config.name, conn);
      conn.start();
      results.push({ name: config.name, ok: true, state: conn.state });
    }
    if (p.configs.length) {
      this.persist();
      this.emit('changed');
    }
    return results;
  }

  async remove(name: string): Promise<boolean> {
    const s = this.services.get(name);
    if (!s) return false;
    this.services.delete(name);
    await s.close();
    this.persist();
    this.emit('changed');
    if (s.available) this.emitCatalogChanged();
    return true;
  }

  async restart(name: string): Promise<void> {
    await this.services.get(name)?.restart();
  }

  list(): ServiceConnection[] {
    return [...this.services.values()];
  }

  get(name: string): ServiceConnection | undefined {
    return this.services.get(name);
  }

  /** Gives an agent its own set of visible services and tools (empty = everything). */
  setAgentScope(agent: string, scope: { services?: string[]; tools?: string[] } | null): void {
    if (scope) this.scopes[agent] = scope;
    else delete this.scopes[agent];
    this.persist();
    this.emit('tools-changed');
  }

  /** Tools of every answering service, as `{service}__{tool}`, scoped to the agent when it has a scope. */
  tools(agent?: string): ServiceTool[] {
    const scope = agent ? this.scopes[agent] : undefined;
    const out: ServiceTool[] = [];
    for (const s of this.services.values()) {
      if (!s.available || (scope?.services && !scope.services.includes(s.config.name))) continue;
      for (const t of s.tools) {
        const qualifiedName = qualifiedToolName(s.config.name, t.name);
        if (scope?.tools && !scope.tools.includes(qualifiedName)) continue;
        out.push({ service: s.config.name, tool: t.name, qualifiedName, description: t.description, inputSchema: t.inputSchema as Record<string, unknown>, annotations: t.annotations as Record<string, unknown> | undefined, raw: t });
      }
    }
    return out;
  }

  isVisibleTo(qualifiedName: string, agent?: string): boolean {
    const scope = agent ? this.scopes[agent] : undefined;
    if (!scope) return true;
    const service = qualifiedName.slice(0, qualifiedName.indexOf('__'));
    return (!scope.services || scope.services.includes(service)) && (!scope.tools || scope.tools.includes(qualifiedName));
  }

  callTool(service: string, tool: string, args: Record<string, unknown>, opts: ServiceCallOptions): Promise<CallToolResult> {
    return this.named(service).then((s) => s.callTool(tool, args, opts));
  }

  /** Resources of every answering service the agent may see. */
  resources(agent?: string): FromService<Resource>[] {
    return this.visible(agent).flatMap((s) => s.catalog.resources.map((item) => ({ service: s.config.name, item })));
  }

  resourceTemplates(agent?: string): FromService<ResourceTemplate>[] {
    return this.visible(agent).flatMap((s) => s.catalog.templates.map((item) => ({ service: s.config.name, item })));
  }

  prompts(agent?: string): FromService<Prompt>[] {
    return this.visible(agent).flatMap((s) => s.catalog.prompts.map((item) => ({ service: s.config.name, item })));
  }

  resourceOwners(uri: string, agent?: string): string[] {
    return this.visible(agent).filter((s) => s.catalog.offers(uri)).map((s) => s.config.name);
  }

  readResource(service: string, uri: string, opts: ServiceCallOptions): Promise<ReadResourceResult> {
    return this.named(service).then((s) => s.readResource(uri, opts));
  }

  getPrompt(service: string, name: string, args: Record<string, string> | undefined, opts: ServiceCallOptions): Promise<GetPromptResult> {
    return this.named(service).then((s) => s.getPrompt(name, args, opts));
  }

  complete(service: string, params: CompleteRequest['params']): Promise<CompleteResult> {
    return this.named(service).then((s) => s.complete(params));
  }

  subscribe(service: string, uri: string, on: boolean): Promise<boolean> {
    return this.named(service).then((s) => s.subscribe(uri, on));
  }

  rootsChanged(): void {
    for (const s of this.services.values()) s.rootsChanged();
  }

  private named(service: string): Promise<ServiceConnection> {
    const s = this.services.get(service);
    return s ? Promise.resolve(s) : Promise.reject(Object.assign(new Error(`no service named "${service}"`), { code: 'NOT_FOUND' }));
  }

  /** Answering services inside the agent's service scope. */
  private visible(agent?: string): ServiceConnection[] {
    const scope = agent ? this.scopes[agent] : undefined;
    return [...this.services.values()].filter((s) => s.available && (!scope?.services || scope.services.includes(s.config.name)));
  }

  private emitCatalogChanged(): void {
    this.emit('tools-changed');
    this.emit('resources-changed');
    this.emit('prompts-changed');
  }

  /**
   * Mirrors dcc-mcp-core's rows (those without `metadata.dcclink`): per-DCC MCP servers and sidecars are
   * aggregated, or only its gateway when `useGateway` (never both: every tool would be offered twice); booting
   * rows wait; IPC-only rows are listed but unreachable. A server whose row changed is re-listed. Linear in rows.
   */
  syncCoreRows(rows: CoreRow[], useGateway = false): void {
    const next = new Map<string, { row: CoreRow; info: CoreRowInfo; name: string; aggregated: boolean }>();
    for (const r of rows) {
      if (isDccLinkRow(r)) continue;
      let c = this.classified.get(r);
      if (!c) this.classified.set(r, (c = { info: classifyCoreRow(r), name: coreServiceName(r) }));
      const { info, name } = c;
      const aggregated = info.url !== null && (useGateway ? info.role === 'gateway' : info.role === 'mcp-server' || info.role === 'sidecar');
      next.set(r.instance_id, { row: r, info, name, aggregated });
    }
    this.core = next;
    const wanted = new Map([...next.values()].filter((c) => c.aggregated).map((c) => [c.name, c]));
    for (const s of this.list()) if (s.source === 'dcc-mcp-core' && !wanted.has(s.config.name)) void this.remove(s.config.name);
    for (const [name, c] of wanted) {
      const sig = rowSignature(c.row);
      const existing = this.services.get(name);
      if (existing && this.coreSignatures.get(name) === sig) continue;
      this.coreSignatures.set(name, sig);
      const tools = advertisedTools(c.row);
      this.fallbacks.set(name, { tools: tools.map((t) => ({ ...t, inputSchema: { type: 'object', ...t.inputSchema } })) as ToolsFallback['tools'] });
      // A stateless dcc-mcp-core server sends no list_changed: a changed row is our cue to list its tools again.
      if (existing && existing.config.url === c.info.url) void existing.restart();
      else this.addNow({ name, url: c.info.url!, description: `${c.info.role === 'gateway' ? 'dcc-mcp-core gateway' : `dcc-mcp-core ${c.row.dcc_type} server`}` }, 'dcc-mcp-core');
    }
    for (const name of [...this.coreSignatures.keys()]) {
      if (wanted.has(name)) continue;
      this.coreSignatures.delete(name);
      this.fallbacks.delete(name);
    }
    this.emit('changed');
  }

  /** dcc-mcp-core rows of the last sync, for the Instances page. */
  coreInstances(): CoreInstance[] {
    return [...this.core.values()].map((c) => ({ row: c.row, info: c.info, service: c.aggregated ? (this.services.get(c.name) ?? null) : null }));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.list().map((s) => s.close()));
    this.services.clear();
    await this.persistChain;
  }

  private waitFor(names: string[], timeoutMs: number): Promise<void> {
    const done = (): boolean => names.every((n) => ['HEALTHY', 'UNREACHABLE'].includes(this.services.get(n)?.state ?? 'UNREACHABLE'));
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const on = (): void => {
        if (done()) finish();
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.off('changed', on);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.on('changed', on);
    });
  }

  /** Phase 2: the services the user added (not --mcp-config or dcc-mcp-core ones) to mcp.json, and the agent scopes. */
  private persist(): void {
    if (this.closed) return;
    const servers: Record<string, Omit<ServiceConfig, 'name'>> = {};
    for (const s of this.services.values()) {
      if (s.source !== 'user') continue;
      const { name: _name, ...rest } = s.config;
      servers[s.config.name] = rest;
    }
    const scopes = structuredClone(this.scopes);
    // After phase 1 has returned to its caller: the next turn of the event loop, one write at a time.
    this.persistChain = this.persistChain.then(() => new Promise<void>((r) => setImmediate(r))).then(() => {
      try {
        writeFileAtomic(join(this.dataDir, 'mcp.json'), JSON.stringify({ mcpServers: servers }, null, 2));
        writeFileAtomic(join(this.dataDir, 'agent_services.json'), JSON.stringify(scopes, null, 2));
      } catch (err) {
        this.log.error(`could not save services: ${(err as Error).message}`);
      }
    });
  }
}

/** `{dcc_type}_{first 8 hex digits of the instance id}`. */
export function coreServiceName(r: CoreRow): string {
  return `${r.dcc_type.replace(/[^A-Za-z0-9_-]/g, '_')}_${r.instance_id.replace(/-/g, '').slice(0, 8)}`;
}
