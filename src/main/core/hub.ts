/**
 * The hub as plain Node: registry watcher → sessions → tool surface → MCP endpoint and HTTP server, plus
 * approvals, toggles, settings and code-mode catalogs. Both `dcc-mcp-hub serve` and the Electron shell
 * build one of these; nothing here imports electron.
 */
import { ApprovalGate } from './approvals/approval-gate';
import { AdminAuth, START_TICKET_TTL_MS } from './auth/admin-auth';
import { AgentStore, LOCAL_AGENT_ID } from './auth/agent-store';
import { createOAuthHandler } from './auth/oauth-http';
import { HubOAuthProvider } from './auth/oauth-provider';
import { AuditLog } from './approvals/audit-log';
import { CatalogCache } from './codemode/catalog-cache';
import type { CatalogIndex } from './codemode/catalog-index';
import { dccSearch } from './codemode/dcc-search';
import { HubHttpServer } from './http/hub-http-server';
import { createLogger, type Logger } from './log';
import { McpEndpoint } from './mcp/mcp-endpoint';
import { wireMcpEvents } from './mcp/mcp-events';
import type { SearchArgs } from './mcp/ports';
import { ToolSurface } from './mcp/tool-surface';
import { listenStable, type PortMemory, type PortState } from './net/stable-port';
import { FileRegistry, resolveRegistryDir } from './registry/file-registry';
import { RegistryWatcher } from './registry/registry-watcher';
import { SessionManager } from './sessions/session-manager';
import type { DccSession } from './sessions/session';
import type { InstanceRow, SessionConfig } from './sessions/types';
import { resolveDataDir } from './store/data-dir';
import { removeHubInfo, writeHubInfo, type HubInfoJson } from './store/hub-info';
import { SettingsStore } from './store/settings-store';
import { loadOrCreateToken, regenerateToken } from './store/token-store';
import { ToolToggles } from './store/tool-toggles';
import { ServiceManager } from './services/service-manager';
import type { HealthOptions } from './services/service-connection';
import { TrafficTap } from './transport/traffic-tap';
import { PictureStore } from './thumbnails/picture-store';
import { ScriptPictures } from './thumbnails/script-pictures';
import { ViewportThumbnails } from './thumbnails/viewport-thumbnails';
import type { ServiceEntry } from '../../shared/registry';
import type { ApprovalPolicy } from '../../shared/approvals';
import type { CatalogResult } from '../../shared/dcclink';

export const HUB_VERSION = '0.1.0';

export interface HubOptions {
  host?: string;
  port?: number;
  registryDir?: string;
  dataDir?: string;
  approval?: ApprovalPolicy;
  /** The default local agent's key for this run (`--token`, `--token-file`, `$DCC_MCP_HUB_TOKEN`); not persisted. */
  token?: string;
  /** Built renderer directory (null: no UI). */
  uiDir?: string | null;
  logger?: Logger;
  sessionConfig?: Partial<SessionConfig>;
  /** Health-check timing of external services (tests shorten it). */
  serviceHealth?: Partial<HealthOptions>;
  /** Idle lifetime of an MCP session (default: `$DCC_MCP_SESSION_IDLE_SECS` seconds, else 30 min). */
  mcpSessionIdleMs?: number;
  /** Resumable MCP streams (default true). */
  resumableStreams?: boolean;
  /** `serve`'s port memory (see net/stable-port.ts); unset: `port` exactly, nothing kept (tests, the desktop app). */
  portMemory?: PortMemory;
}

/** Registry row → what the session layer needs. */
export function toInstanceRow(e: ServiceEntry): InstanceRow {
  return { dcc_type: e.dcc_type, instance_id: e.instance_id, host: e.host, port: e.port, transport_address: e.transport_address, pid: e.pid, version: e.version, scene: e.scene, display_name: e.display_name, status: e.status, metadata: e.metadata, lastHeartbeatMs: e.last_heartbeat_ms };
}

export class Hub {
  readonly log: Logger;
  readonly registryDir: string;
  readonly dataDir: string;
  readonly tap = new TrafficTap();
  readonly settings: SettingsStore;
  readonly toggles: ToolToggles;
  readonly approvals: ApprovalGate;
  readonly agents: AgentStore;
  readonly admin: AdminAuth;
  readonly oauth: HubOAuthProvider;
  readonly registry: FileRegistry;
  readonly watcher: RegistryWatcher;
  readonly sessions: SessionManager;
  readonly catalogs = new CatalogCache();
  readonly services: ServiceManager;
  readonly surface: ToolSurface;
  /** Live viewport thumbnails of instances that can capture (v0.2). */
  readonly thumbnails: ViewportThumbnails;
  /** Stored before/after pictures of approved runs (v0.2). */
  readonly pictureStore: PictureStore;
  readonly scriptPictures: ScriptPictures;
  readonly mcp: McpEndpoint;
  readonly http: HubHttpServer;
  private token: string;
  private rebuildTimer: NodeJS.Timeout | null = null;
  info: HubInfoJson | null = null;
  /** The port in use, the one kept for configs, and why they differ (set by `start`). */
  port: PortState = { serving: 0, kept: null, fallback: null };
  private stopped = false;

  constructor(private readonly opts: HubOptions = {}) {
    this.log = opts.logger ?? createLogger('hub');
    const warn = (m: string): void => this.log.warn(m);
    this.registryDir = resolveRegistryDir(opts.registryDir);
    this.dataDir = resolveDataDir(opts.dataDir);
    this.token = loadOrCreateToken(this.dataDir, opts.token, warn);
    this.agents = new AgentStore(this.dataDir, this.token, Date.now, warn);
    this.admin = new AdminAuth(this.dataDir, Date.now, warn);
    this.oauth = new HubOAuthProvider(this.agents, this.dataDir, Date.now, warn);
    this.settings = new SettingsStore(this.dataDir, warn);
    this.toggles = new ToolToggles(this.dataDir, warn);
    this.approvals = new ApprovalGate({ settings: this.settings, audit: new AuditLog(this.dataDir), logger: this.log.child('approvals'), globalOverride: opts.approval });
    this.registry = new FileRegistry({ dir: this.registryDir });
    this.watcher = new RegistryWatcher(this.registry);
    this.sessions = new SessionManager({ config: opts.sessionConfig, logger: this.log, tap: this.tap, hubVersion: HUB_VERSION });
    this.services = new ServiceManager(this.dataDir, this.log.child('services'), opts.serviceHealth);
    this.thumbnails = new ViewportThumbnails({ sessions: this.sessions, logger: this.log });
    this.pictureStore = new PictureStore(this.dataDir);
    this.scriptPictures = new ScriptPictures({ thumbnails: this.thumbnails, store: this.pictureStore, recorder: this.approvals, logger: this.log });
    this.surface = new ToolSurface({ sessions: this.sessions, approvals: this.approvals, toggles: this.toggles, services: this.services, pictures: this.scriptPictures, search: { search: (a) => this.search(a) } });
    this.mcp = new McpEndpoint({ surface: this.surface, sessions: this.sessions, services: this.services, pause: { isPaused: () => this.settings.get().paused }, logger: this.log.child('mcp'), version: HUB_VERSION, onAgentRequest: (a) => this.agents.recordCall(a.id, a.client), sessionIdleMs: opts.mcpSessionIdleMs ?? idleFromEnv(), resumable: opts.resumableStreams });
    this.http = new HubHttpServer({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 8765, agents: this.agents, admin: this.admin, mcp: this.mcp, uiDir: opts.uiDir ?? null, logger: this.log.child('http') });
    this.wire();
  }

  /** The default local agent's key (the ready line's `token`): it opens `/mcp` only, never the panel. */
  get bearerToken(): string {
    return this.token;
  }

  /** Starts watching the registry and serving; writes hub.json. */
  async start(): Promise<HubInfoJson> {
    this.services.loadPersisted();
    this.watcher.start();
    await this.listen();
    const base = this.http.base;
    const oauth = createOAuthHandler(this.oauth, base, `${base}/mcp`);
    this.http.setOAuth(oauth.handler, oauth.resourceMetadataUrl);
    // The ready line's uiUrl carries a one-time panel ticket; hub.json (which the stdio bridge and agents'
    // tooling read) gets the bare URL: no panel credential is ever in a file an agent is configured to read.
    this.info = { mcpUrl: `${base}/mcp`, uiUrl: this.http.panelLink(START_TICKET_TTL_MS), token: this.token, registryDir: this.registryDir, dataDir: this.dataDir };
    writeHubInfo(this.dataDir, { ...this.info, uiUrl: `${base}/` });
    this.log.info(`serving MCP at ${this.info.mcpUrl}; registry ${this.registryDir}; data ${this.dataDir}`);
    return this.info;
  }

  /** Keeps the port served on now for later starts (after a fallback: the user rewrites configs to it). */
  keepServingPort(): PortState {
    this.settings.update((s) => (s.servePort = this.port.serving));
    this.port = { serving: this.port.serving, kept: this.port.serving, fallback: null };
    return this.port;
  }

  private async listen(): Promise<void> {
    const mode = this.opts.portMemory;
    if (!mode) {
      this.port = { serving: await this.http.listen(), kept: null, fallback: null };
      return;
    }
    const keep = (p: number): void => {
      if (this.settings.get().servePort !== p) this.settings.update((s) => (s.servePort = p));
    };
    this.port = await listenStable(mode, this.opts.port ?? 8765, { listen: (p) => this.http.listen(p), kept: () => this.settings.get().servePort, keep });
    if (this.port.fallback) this.log.warn(this.port.fallback);
  }

  /** Replaces the local agent's key; its MCP sessions end at once and hub.json gets the new key. */
  regenerateToken(): string {
    this.token = regenerateToken(this.dataDir);
    this.agents.rotateLocal(this.token);
    if (this.info) {
      this.info = { ...this.info, token: this.token };
      writeHubInfo(this.dataDir, { ...this.info, uiUrl: `${this.http.base}/` });
    }
    return this.token;
  }

  /** Graceful shutdown: sessions, MCP sessions, HTTP, watcher, approvals; hub.json removed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    this.watcher.stop();
    this.thumbnails.close();
    this.approvals.close();
    await this.mcp.close();
    this.sessions.shutdown();
    this.approvals.closeLog();
    await this.services.close();
    await this.http.close();
    this.agents.close();
    this.admin.close();
    removeHubInfo(this.dataDir, this.token);
    this.log.info('stopped');
  }

  /** `dcc_search` over the catalogs of every connected instance. */
  async search(args: SearchArgs): Promise<Record<string, unknown>> {
    const ready = this.sessions.list().filter((s) => s.hello && (s.instanceState === 'ready' || s.instanceState === 'busy'));
    const indexes = await Promise.all(
      ready.map(async (s) => {
        try {
          return { dcc: s.row.dcc_type, index: await this.catalogFor(s) };
        } catch (err) {
          this.log.warn(`catalog of ${s.label} unavailable: ${(err as Error).message}`);
          return null;
        }
      }),
    );
    // Instances of one dcc_type + version share one cached index: search it once.
    const unique = new Map<CatalogIndex, string>();
    for (const i of indexes) if (i) unique.set(i.index, i.dcc);
    return dccSearch([...unique].map(([index, dcc]) => ({ dcc, index })), args);
  }

  /** The (cached) catalog index of a session's dcc_type + version. */
  catalogFor(s: DccSession): Promise<CatalogIndex> {
    const version = s.hello?.info.version ?? s.row.version ?? '';
    return this.catalogs.get(s.row.dcc_type, version, (offset, limit) => s.call<CatalogResult>('dcc.catalog', { offset, limit }, { timeoutMs: 30_000 }));
  }

  private wire(): void {
    this.watcher.on('added', (e) => this.sessions.upsert(toInstanceRow(e)));
    this.watcher.on('changed', (e) => this.sessions.upsert(toInstanceRow(e)));
    this.watcher.on('heartbeat', (e) => this.sessions.upsert(toInstanceRow(e)));
    this.watcher.on('removed', (e, why) => this.sessions.remove(e.instance_id, `registry row ${why}`));
    // Once per registry read, not per row: 10,000 added rows are one pass over the snapshot.
    this.watcher.on('synced', (rows) => this.services.syncCoreRows(rows, this.settings.get().coreGateway));
    this.settings.on('change', (s) => this.services.syncCoreRows(this.watcher.snapshot(), s.coreGateway));
    this.services.on('tools-changed', () => this.scheduleRebuild());
    this.watcher.on('problem', (p) => this.log.warn(`registry: ${p.message}`));
    this.sessions.on('instances', () => {
      this.scheduleRebuild();
      this.mcp.notifyResourcesChanged();
    });
    // A call flips its session busy and back: that changes no tool, so only a change of what the surface reads
    // (live or not, the hello with its tools) rebuilds it.
    const seen = new WeakMap<object, { live: boolean; hello: unknown }>();
    this.sessions.on('change', (s) => {
      const now = { live: s.instanceState === 'ready' || s.instanceState === 'busy', hello: s.hello };
      const was = seen.get(s);
      if (!was || was.live !== now.live || was.hello !== now.hello) {
        seen.set(s, now);
        this.scheduleRebuild();
        // Fetch the catalog ahead of the first dcc_search (which fetches, and retries, on demand anyway).
        if (now.live && s.hello && s.hello.catalog_size > 0) this.catalogFor(s).catch(() => {});
      }
    });
    this.toggles.on('change', () => this.scheduleRebuild());
    this.surface.on('changed', () => this.mcp.notifyToolsChanged());
    // A revoked or rotated credential ends its agent's sessions and waiting requests at once.
    this.agents.on('revoked', (id) => {
      void this.mcp.closeAgentSessions(id);
      if (id !== LOCAL_AGENT_ID) this.approvals.forgetAgent(id);
    });
    wireMcpEvents(this.mcp, this.sessions, this.services);
  }

  /** Tool list changes are coalesced: a burst of session updates sends one list_changed. */
  private scheduleRebuild(): void {
    if (this.rebuildTimer || this.stopped) return;
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = null;
      this.surface.rebuild();
    }, 20);
  }
}

function idleFromEnv(): number | undefined {
  const secs = Number(process.env.DCC_MCP_SESSION_IDLE_SECS);
  return Number.isFinite(secs) && secs > 0 ? secs * 1000 : undefined;
}
