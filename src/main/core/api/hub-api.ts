/**
 * The API contract implemented on a running Hub: query handlers, intent actions, and push events (coalesced so
 * a burst of changes is one message). Both carriers (Electron IPC, the headless WebSocket bridge) use this.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { AgentsState, ApiEvent, ApiResult, EventPayload, InstanceView, SessionView, ToolView } from '../../../shared/api';
import type { AgentView } from '../../../shared/agents';
import type { AgentRecord } from '../auth/agent-store';
import { formatAddress } from '../transport/address';
import { clientConfigs, type BridgeRuntime } from '../client-config';
import { desktopHandlers, type DesktopPort } from './desktop-handlers';
import type { Hub } from '../hub';
import { HUB_VERSION } from '../hub';
import { createApiDispatcher, type Dispatch } from './api-dispatcher';
import { TrafficLog } from './traffic-log';
import { GoneInstances } from './gone-instances';
import { CallTracer } from './call-tracer';
import { DisabledServices, serviceHandlers } from './services-api';
import { SessionLiveness } from './session-liveness';
import { clientHandlers, type ClientsApiOptions } from './clients-api';
import { parseJsonWithPosition } from '../clients/config-merge';

export interface HubApiOptions {
  /** Path of bin/dcc-mcp-hub.js for the stdio client snippets. */
  cliPath: string;
  /** How stdio snippets start the bridge (packaged app: its own executable); default `node <cliPath>`. */
  bridge?: BridgeRuntime;
  /** The shipped Python plugin (resources/dcc-plugin). */
  pluginDir?: string;
  /** The desktop app's OS integration; absent in headless mode. */
  desktop?: DesktopPort;
  /** How long a DCC that left stays listed as gone (default 10 minutes). */
  goneRetentionMs?: number;
  /** Where agent client configs are looked for (tests: a temporary HOME). */
  clientEnv?: ClientsApiOptions['env'];
}

export class HubApi extends EventEmitter {
  readonly dispatch: Dispatch;
  readonly traffic: TrafficLog;
  private readonly timers = new Map<ApiEvent, NodeJS.Timeout>();
  private readonly gone: GoneInstances;
  private goneTimer: NodeJS.Timeout | null = null;
  private readonly disabledServices: DisabledServices;
  private readonly liveness = new SessionLiveness(() => this.soon('hub:status', 'agents:changed'));

  constructor(
    private readonly hub: Hub,
    private readonly opts: HubApiOptions,
  ) {
    super();
    this.gone = new GoneInstances(opts.goneRetentionMs);
    this.disabledServices = new DisabledServices(hub.dataDir);
    this.traffic = new TrafficLog(hub.tap, (id) => hub.sessions.list().find((s) => s.instanceId === id)?.row.dcc_type ?? '?', (frames, dropped) => this.send('traffic:frames', { frames, dropped }));
    const tracer = new CallTracer((e) => this.traffic.addAgent(e));
    this.traffic.callOf = () => tracer.current();
    hub.mcp.onTransport = (t, agent) => {
      tracer.attach(t, agent);
      this.liveness.attach(t);
    };
    this.dispatch = createApiDispatcher(this.handlers());
    // The log runs whenever the API does (the app or `serve`), so a panel opened later still sees the hellos.
    this.traffic.start();
    hub.sessions.on('change', () => this.soon('instances:changed', 'sessions:changed', 'hub:status'));
    hub.sessions.on('instances', () => this.soon('instances:changed', 'sessions:changed', 'hub:status', 'tools:changed'));
    hub.surface.on('changed', () => this.soon('tools:changed'));
    hub.toggles.on('change', () => this.soon('tools:changed'));
    hub.approvals.on('changed', () => this.soon('approvals:changed', 'hub:status'));
    hub.thumbnails.on('changed', () => this.soon('instances:changed'));
    hub.settings.on('change', () => this.soon('hub:status'));
    // dcc-mcp-core rows are listed on the Instances page next to ours.
    hub.services.on('changed', () => this.soon('services:changed', 'instances:changed', 'hub:status'));
    hub.agents.on('changed', () => this.soon('agents:changed'));
    hub.oauth.on('changed', () => this.soon('agents:changed'));
    hub.approvals.on('changed', () => this.soon('agents:changed'));
    hub.mcp.on('sessions', () => this.soon('agents:changed', 'hub:status'));
  }

  close(): void {
    this.traffic.stop();
    this.hub.mcp.onTransport = null;
    if (this.goneTimer) clearTimeout(this.goneTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private send<E extends ApiEvent>(event: E, payload: EventPayload<E>): void {
    this.emit('event', event, payload);
  }

  /** Coalesces change notifications per event (one message per 100 ms at most). */
  private soon(...events: ApiEvent[]): void {
    for (const e of events) {
      if (this.timers.has(e)) continue;
      this.timers.set(
        e,
        setTimeout(
          () => {
            this.timers.delete(e);
            this.send(e, this.snapshot(e) as never);
          },
          // A waiting approval is the one thing the artist must see at once; bursts of it are rare.
          e === 'approvals:changed' ? 0 : 100,
        ),
      );
    }
  }

  private snapshot(e: ApiEvent): unknown {
    switch (e) {
      case 'hub:status':
        return this.status();
      case 'instances:changed':
        return this.instances();
      case 'sessions:changed':
        return this.sessionViews();
      case 'approvals:changed':
        return this.hub.approvals.list();
      case 'tools:changed':
        return this.tools();
      case 'services:changed':
        return this.serviceViews();
      case 'agents:changed':
        return this.agentsState();
      default:
        return undefined;
    }
  }

  private settingsView(): ApiResult<'settings:get'> {
    const hub = this.hub;
    const url = new URL(hub.info?.mcpUrl ?? 'http://127.0.0.1:0/mcp');
    const token = hub.bearerToken;
    return { host: url.hostname, port: Number(url.port), mcpUrl: url.href, registryDir: hub.registryDir, dataDir: hub.dataDir, tokenPreview: `${token.slice(0, 4)}…${token.slice(-2)}`, approvalTimeoutSecs: hub.settings.get().approval.timeoutSecs, keptPort: hub.port.kept, portFallback: hub.port.fallback };
  }

  status(): EventPayload<'hub:status'> {
    // Counts are of what is live now: gone instances are listed but not counted.
    const inst = this.instances().filter((i) => i.goneAtMs === undefined);
    return {
      version: HUB_VERSION,
      mcpUrl: this.hub.info?.mcpUrl ?? '',
      registryDir: this.hub.registryDir,
      dataDir: this.hub.dataDir,
      paused: this.hub.settings.get().paused,
      approvalPolicy: this.hub.approvals.getPolicies().global,
      counts: { instances: inst.length, unreachable: inst.filter((i) => i.state === 'unreachable' && i.origin !== 'dcc-mcp-core').length, pendingApprovals: this.hub.approvals.list().pending.length, mcpSessions: this.liveness.count() },
    };
  }

  /** The live instances, then the recently gone ones (greyed in the panel, `goneAtMs` set). */
  instances(): InstanceView[] {
    const live = this.liveInstances();
    const gone = this.gone.track(live);
    this.scheduleGoneExpiry();
    return [...live, ...gone];
  }

  private scheduleGoneExpiry(): void {
    if (this.goneTimer) clearTimeout(this.goneTimer);
    const left = this.gone.nextExpiryInMs();
    if (left === null) return void (this.goneTimer = null);
    this.goneTimer = setTimeout(() => this.soon('instances:changed', 'hub:status'), left + 10);
    this.goneTimer.unref();
  }

  private liveInstances(): InstanceView[] {
    return this.hub.sessions.list().map((s): InstanceView => ({
      id: s.instanceId,
      dccType: s.row.dcc_type,
      displayName: s.row.display_name ?? null,
      version: s.hello?.info.version ?? s.row.version ?? null,
      scene: s.row.scene ?? s.hello?.scene ?? null,
      pid: s.row.pid ?? null,
      transport: s.address ? formatAddress(s.address) : null,
      state: s.instanceState,
      lastHeartbeatMs: s.row.lastHeartbeatMs ?? null,
      capabilities: s.hello?.capabilities ?? null,
      tools: s.hello?.tools ?? [],
      catalogSize: s.hello?.catalog_size ?? 0,
      lastError: s.lastError,
      origin: 'dcclink',
      ...(s.stuck ? { stuck: s.stuck } : {}),
      ...(s.row.metadata?.simulated === 'true' ? { simulated: true } : {}),
      ...thumbnailOf(this.hub, s.instanceId),
    })).concat(this.coreInstances());
  }

  /** dcc-mcp-core rows next to ours: role, adapter, and the state of the service that aggregates them. */
  private coreInstances(): InstanceView[] {
    return this.hub.services.coreInstances().map(({ row, info, service }) => ({
      id: row.instance_id,
      dccType: row.dcc_type,
      displayName: null,
      version: row.version ?? null,
      scene: null,
      pid: null,
      transport: info.url,
      state: coreState(info.role, service?.state),
      lastHeartbeatMs: null,
      capabilities: null,
      tools: (service?.available ? service.tools : []).map((t) => ({ name: t.name, description: t.description ?? '', input_schema: undefined, output_schema: undefined, read_only: false, destructive: false, idempotent: false })),
      catalogSize: 0,
      lastError: service?.lastError ?? null,
      origin: 'dcc-mcp-core' as const,
      role: info.role,
      adapterVersion: row.adapter_version ?? null,
      adapterDcc: row.adapter_dcc ?? null,
      note: service?.note ?? info.note,
      service: service ? { name: service.config.name, state: service.state } : null,
    }));
  }

  sessionViews(): SessionView[] {
    return this.hub.sessions.list().map((s) => ({ id: s.id, instanceId: s.instanceId, dccType: s.row.dcc_type, state: s.state, reconnectAttempts: s.attempts, requests: s.requests, errors: s.errors, inFlight: s.inFlight, lastError: s.lastError, latency: s.latency.summary(), latencyHistory: s.latency.recent(60), rttMs: Number.isFinite(s.rttMs) ? s.rttMs : null, ...s.counters, connectedAtMs: s.connectedAtMs }));
  }

  tools(): ToolView[] {
    const rules = this.hub.toggles.agentRules();
    return this.hub.surface.everything().map((t) => ({
      name: t.name,
      description: t.description,
      source: t.source,
      origin: t.origin,
      enabled: [t.name, ...(t.aliases ?? [])].every((k) => this.hub.toggles.isEnabled(k)),
      annotations: { ...(t.annotations ?? {}) },
      hiddenFrom: Object.entries(rules)
        .filter(([, names]) => names.includes(t.name))
        .map(([a]) => a),
    }));
  }

  agentsState(): AgentsState {
    const live = this.hub.mcp.sessionsByAgent();
    const view = (a: AgentRecord): AgentView => ({ id: a.id, name: a.name, method: a.method, createdAtMs: a.createdAtMs, lastSeenMs: a.lastSeenMs, calls: a.calls, client: a.client, sessions: live.get(a.id) ?? 0, keyFile: a.method === 'key' ? this.hub.agents.keyFile(a.name) : null });
    return { agents: this.hub.agents.list().map(view), trust: this.hub.approvals.trustEntries(), consents: this.hub.oauth.consents() };
  }

  serviceViews(): EventPayload<'services:changed'> {
    const off = this.disabledServices.list().map((c) => ({ name: c.name, transport: c.transport, target: c.url ?? [c.command, ...(c.args ?? [])].join(' '), state: 'UNREACHABLE' as const, since: 0, transitions: [], tools: [], lastError: null, source: 'user', disabled: true }));
    return [...this.liveServiceViews(), ...off];
  }

  private liveServiceViews(): EventPayload<'services:changed'> {
    return this.hub.services.list().map((s) => ({
      name: s.config.name,
      transport: s.config.transport,
      target: s.config.url ?? [s.config.command, ...(s.config.args ?? [])].join(' '),
      state: s.state,
      since: s.life.since,
      transitions: s.life.history.slice(-20),
      tools: s.tools.map((t) => ({ name: t.name, description: t.description })),
      lastError: s.lastError,
      source: s.source,
      stderrTail: [...s.stderrTail],
    }));
  }

  private handlers(): Parameters<typeof createApiDispatcher>[0] {
    const hub = this.hub;
    const ok = { ok: true as const };
    return {
      'hub:status': () => this.status(),
      'hub:setPaused': ({ paused }) => (hub.settings.update((s) => (s.paused = paused)), ok),
      'instances:list': () => this.instances(),
      'sessions:list': () => this.sessionViews(),
      'traffic:recent': ({ limit }) => this.traffic.recent(limit),
      'traffic:clear': () => (this.traffic.clear(), ok),
      'traffic:export': () => this.traffic.exportJsonl(),
      'traffic:body': ({ id, offset, limit }) => this.traffic.body(id, offset, limit),
      'catalog:search': async ({ query, dcc, limit }) => {
        const r = await hub.search({ query, dcc, limit });
        return { results: (r.results as never[]) ?? [], message: String(r.message ?? ''), ...(r.hint ? { hint: String(r.hint) } : {}) };
      },
      'catalog:dccs': () => hub.catalogs.entries().map(({ dcc, version, size }) => ({ dcc, version, size })),
      'tools:list': () => this.tools(),
      'tools:setEnabled': ({ name, enabled }) => (hub.toggles.setEnabled(name, enabled), ok),
      'tools:setAgentVisibility': ({ agent, name, visible }) => (hub.toggles.setAgentVisibility(agent, name, visible), ok),
      'thumbnails:live': ({ instanceId }) => {
        const shot = hub.thumbnails.current(instanceId);
        return { dataUrl: shot?.png ? pngDataUrl(shot.png) : null, takenAtMs: shot?.takenAtMs ?? null, error: shot?.error ?? null };
      },
      'thumbnails:picture': async ({ file }) => ({ dataUrl: pngDataUrl(await hub.pictureStore.read(file)) }),
      'approvals:list': () => hub.approvals.list(),
      'approvals:decide': ({ id, decision, code, reason }) => (hub.approvals.decide(id, { decision, code, reason }), ok),
      'approvals:detail': ({ id }) => hub.approvals.detail(id),
      'approvals:getPolicies': () => hub.approvals.getPolicies(),
      'approvals:setPolicy': ({ scope, key, policy }) => (hub.approvals.setPolicy(scope, key, policy), ok),
      'services:list': () => this.serviceViews(),
      'services:add': async ({ json }) => {
        let input: unknown;
        try {
          input = parseJsonWithPosition(json, 'the services config');
        } catch (err) {
          return { results: [{ ok: false, error: (err as Error).message }] };
        }
        return { results: await hub.services.add(input, { source: 'user' }) };
      },
      'services:remove': async ({ name }) => (await hub.services.remove(name), ok),
      'services:restart': async ({ name }) => (await hub.services.restart(name), ok),
      'settings:get': () => this.settingsView(),
      'settings:keepPort': () => (hub.keepServingPort(), this.settingsView()),
      'settings:revealToken': () => ({ token: hub.bearerToken }),
      'settings:regenerateToken': () => ({ token: hub.regenerateToken() }),
      'settings:clientConfigs': () => clientConfigs({ mcpUrl: hub.info?.mcpUrl ?? '', token: hub.bearerToken, cliPath: this.opts.cliPath, dataDir: hub.dataDir, bridge: this.opts.bridge, ...(process.versions.electron ? {} : { nodePath: process.execPath }) }),
      ...desktopHandlers(this.opts.pluginDir ?? join(this.opts.cliPath, '..', '..', 'resources', 'dcc-plugin'), () => Number(new URL(hub.info?.mcpUrl ?? 'http://127.0.0.1:0/').port), this.opts.desktop, { platform: process.platform, env: process.env }),
      'settings:rotatePanelCredential': () => {
        hub.admin.rotate();
        return { uiUrl: hub.http.panelLink() };
      },
      'agents:list': () => this.agentsState(),
      'agents:createKey': ({ name }) => {
        const { agent, key, keyFile } = hub.agents.createKeyAgent(name);
        return { agent: this.agentsState().agents.find((a) => a.id === agent.id)!, key, keyFile };
      },
      'agents:revoke': ({ id }) => (hub.agents.revoke(id), ok),
      'agents:revokeTrust': ({ agentId, instanceId }) => (hub.approvals.revokeTrust(agentId, instanceId), ok),
      'agents:decideConsent': ({ id, allow }) => (hub.oauth.decide(id, allow), ok),
      ...serviceHandlers(hub, this.disabledServices, () => this.soon('services:changed')),
      ...clientHandlers(hub, { cliPath: this.opts.cliPath, env: this.opts.clientEnv }),
    };
  }
}

function thumbnailOf(hub: Hub, instanceId: string): Pick<InstanceView, 'thumbnail'> {
  const thumbnail = hub.thumbnails.view(instanceId);
  return thumbnail ? { thumbnail } : {};
}

function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** A dcc-mcp-core row's place in the instance states: ready once its aggregating service answers. */
function coreState(role: string, service: string | undefined): InstanceView['state'] {
  if (role === 'ipc-only') return 'unreachable';
  if (!service) return 'registered';
  if (service === 'HEALTHY' || service === 'WARNING') return 'ready';
  return service === 'UNREACHABLE' ? 'unreachable' : 'registered';
}
