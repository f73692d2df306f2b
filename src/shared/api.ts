/**
 * The one API contract between the control panel and the hub (SPEC §1): invoke channels `domain:verb` with zod
 * args and results, and typed push events. Electron's preload (IPC) and the headless WebSocket bridge both
 * implement it, so the renderer cannot tell which it runs on.
 */
import { z } from 'zod';
import { AgentViewSchema, ConsentRequestSchema, TrustEntrySchema } from './agents';
import { ApprovalDecisionSchema, ApprovalPoliciesSchema, ApprovalPolicySchema, ApprovalRecordSchema, ApprovalRequestSchema } from './approvals';
import { DccCapabilitiesSchema, ToolDeclarationSchema } from './dcclink';

/** The live viewport thumbnail of an instance that can capture (v0.2); the image itself comes from `thumbnails:live`. */
export const ThumbnailViewSchema = z.object({
  /** Bumps whenever the picture or its note changes. */
  rev: z.number(),
  hasImage: z.boolean(),
  takenAtMs: z.number().nullable(),
  /** Why the last capture failed (e.g. "the scene has no camera to capture from"). */
  error: z.string().nullable(),
});
export type ThumbnailView = z.infer<typeof ThumbnailViewSchema>;

export const InstanceStateSchema = z.enum(['registered', 'reachable', 'ready', 'busy', 'unreachable']);
export const InstanceViewSchema = z.object({
  id: z.string(),
  dccType: z.string(),
  displayName: z.string().nullable(),
  version: z.string().nullable(),
  scene: z.string().nullable(),
  pid: z.number().nullable(),
  transport: z.string().nullable(),
  state: InstanceStateSchema,
  lastHeartbeatMs: z.number().nullable(),
  capabilities: DccCapabilitiesSchema.nullable(),
  tools: z.array(ToolDeclarationSchema),
  catalogSize: z.number(),
  lastError: z.string().nullable(),
  /** v0.2: who serves it: this hub's DccLink plugin, or a dcc-mcp-core row (aggregated as an MCP service or not). */
  origin: z.enum(['dcclink', 'dcc-mcp-core']).optional(),
  /** dcc-mcp-core rows: mcp-server, sidecar, gateway, booting or ipc-only. */
  role: z.string().optional(),
  adapterVersion: z.string().nullable().optional(),
  adapterDcc: z.string().nullable().optional(),
  /** A plain-language remark, e.g. "not reachable from the hub (dcc-mcp-core IPC endpoint)". */
  note: z.string().nullable().optional(),
  /** The external service aggregating a dcc-mcp-core row, and its state. */
  service: z.object({ name: z.string(), state: z.string() }).nullable().optional(),
  /** Set while the DCC reports its main thread stuck in a stopped script that has not returned (it refuses work). */
  stuck: z.object({ sinceMs: z.number(), message: z.string() }).optional(),
  /** Set when the instance left (row gone or stale): it stays listed, greyed, for a while (v0.2). */
  goneAtMs: z.number().optional(),
  /** A demo DCC (the standalone plugin): no bpy / maya.cmds inside (v0.2). */
  simulated: z.boolean().optional(),
  /** Present only for instances that can capture their viewport (capability `render_capture`) (v0.2). */
  thumbnail: ThumbnailViewSchema.optional(),
});
export type InstanceView = z.infer<typeof InstanceViewSchema>;

export const SessionViewSchema = z.object({
  id: z.string(),
  instanceId: z.string(),
  dccType: z.string(),
  state: z.enum(['connected', 'idle', 'reconnecting', 'closed']),
  reconnectAttempts: z.number(),
  requests: z.number(),
  errors: z.number(),
  inFlight: z.number(),
  lastError: z.string().nullable(),
  latency: z.object({ avgMs: z.number(), p50Ms: z.number(), p95Ms: z.number(), p99Ms: z.number() }),
  latencyHistory: z.array(z.number()),
  rttMs: z.number().nullable(),
  framesIn: z.number(),
  framesOut: z.number(),
  bytesIn: z.number(),
  bytesOut: z.number(),
  connectedAtMs: z.number().nullable(),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export const FrameTypeNameSchema = z.enum(['Call', 'Reply', 'Err', 'Progress', 'Cancel', 'Push', 'Ping', 'Pong']);
export const TrafficFrameSchema = z.object({
  id: z.number(),
  ts: z.number(),
  dir: z.enum(['in', 'out']),
  instanceId: z.string(),
  dccType: z.string(),
  type: FrameTypeNameSchema,
  seq: z.number(),
  size: z.number(),
  method: z.string().optional(),
  preview: z.string(),
  latencyMs: z.number().optional(),
  /** The agent call this row is, or that caused this DCC frame (v0.2). */
  callId: z.number().optional(),
  /** 'agent': an MCP request/response of an agent (not a DccLink frame) (v0.2). */
  source: z.literal('agent').optional(),
  agent: z.string().optional(),
  tool: z.string().optional(),
  target: z.string().optional(),
});
export type TrafficFrame = z.infer<typeof TrafficFrameSchema>;

export const SearchHitSchema = z.object({ name: z.string(), signature: z.string(), description: z.string(), dcc: z.string().optional() });
export const ToolViewSchema = z.object({
  name: z.string(),
  description: z.string(),
  source: z.enum(['codemode', 'instance', 'service']),
  origin: z.string(),
  enabled: z.boolean(),
  annotations: z.object({ readOnlyHint: z.boolean().optional(), destructiveHint: z.boolean().optional(), idempotentHint: z.boolean().optional(), openWorldHint: z.boolean().optional() }).loose(),
  hiddenFrom: z.array(z.string()),
});
export type ToolView = z.infer<typeof ToolViewSchema>;

export const ServiceViewSchema = z.object({
  name: z.string(),
  transport: z.string(),
  target: z.string(),
  state: z.enum(['INITIALIZING', 'HEALTHY', 'WARNING', 'RECONNECTING', 'UNREACHABLE']),
  since: z.number(),
  transitions: z.array(z.object({ from: z.string(), to: z.string(), at: z.number(), reason: z.string().optional() })),
  tools: z.array(z.object({ name: z.string(), description: z.string().optional() })),
  lastError: z.string().nullable(),
  source: z.string(),
  /** Disabled by the artist: stopped, its config kept until enabled again (v0.2). */
  disabled: z.boolean().optional(),
  /** The last stderr lines of a stdio service (v0.2). */
  stderrTail: z.array(z.string()).optional(),
});
export type ServiceView = z.infer<typeof ServiceViewSchema>;

export const HubStatusSchema = z.object({
  version: z.string(),
  mcpUrl: z.string(),
  registryDir: z.string(),
  dataDir: z.string(),
  paused: z.boolean(),
  approvalPolicy: ApprovalPolicySchema,
  counts: z.object({ instances: z.number(), unreachable: z.number(), pendingApprovals: z.number(), mcpSessions: z.number() }),
});
export type HubStatus = z.infer<typeof HubStatusSchema>;

export const ClientConfigSchema = z.object({ client: z.string(), title: z.string(), where: z.string(), language: z.string(), snippet: z.string() });
/** `keptPort`: the port kept for agents' configs (serve; null when none is kept); `portFallback`: why the hub is not on it now. */
export const SettingsViewSchema = z.object({ host: z.string(), port: z.number(), mcpUrl: z.string(), registryDir: z.string(), dataDir: z.string(), tokenPreview: z.string(), approvalTimeoutSecs: z.number(), keptPort: z.number().nullable(), portFallback: z.string().nullable() });

export const AgentsStateSchema = z.object({ agents: z.array(AgentViewSchema), trust: z.array(TrustEntrySchema), consents: z.array(ConsentRequestSchema) });
export type AgentsState = z.infer<typeof AgentsStateSchema>;
export const PluginDccSchema = z.enum(['blender', 'maya']);
export const PluginInfoSchema = z.object({
  pluginDir: z.string(),
  hosts: z.array(z.object({ dcc: PluginDccSchema, title: z.string(), target: z.string().nullable(), installed: z.boolean(), how: z.string() })),
});
export type PluginInfo = z.infer<typeof PluginInfoSchema>;
export const DesktopSettingsViewSchema = z.object({
  /** False in headless mode: these settings belong to the desktop app. */
  available: z.boolean(),
  port: z.number(),
  servingPort: z.number(),
  startAtLogin: z.boolean(),
});

/** Agent clients the hub can write itself into (v0.2, first-run guide). */
export const ClientKindSchema = z.enum(['claude-desktop', 'claude-code', 'cursor', 'vscode', 'codex']);
export type ClientKind = z.infer<typeof ClientKindSchema>;
/** `pointsAt`: the URL in the hub's entry (URL-based clients); `stale`: it is not the URL the hub serves on now. */
export const ClientStatusSchema = z.object({ kind: ClientKindSchema, title: z.string(), path: z.string(), exists: z.boolean(), configured: z.boolean(), oauth: z.boolean(), pointsAt: z.string().nullable(), stale: z.boolean() });
export type ClientStatus = z.infer<typeof ClientStatusSchema>;
export const ClientPlanSchema = ClientStatusSchema.extend({ diff: z.array(z.object({ op: z.enum([' ', '+', '-']), text: z.string() })), beforeHash: z.string(), agent: z.string().nullable() });
export type ClientPlan = z.infer<typeof ClientPlanSchema>;

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

/** Every invoke channel: args and result schemas. */
export const API = {
  'hub:status': { args: none, result: HubStatusSchema },
  'hub:setPaused': { args: z.object({ paused: z.boolean() }), result: ok },
  'instances:list': { args: none, result: z.array(InstanceViewSchema) },
  'sessions:list': { args: none, result: z.array(SessionViewSchema) },
  'traffic:recent': { args: z.object({ limit: z.number().int().min(1).max(20_000).optional() }), result: z.array(TrafficFrameSchema) },
  'traffic:clear': { args: none, result: ok },
  'traffic:export': { args: none, result: z.string() },
  /** The full body of an agent-call row, paged (DCC frames keep only their preview). */
  'traffic:body': { args: z.object({ id: z.number().int(), offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1_000_000).optional() }), result: z.object({ text: z.string(), offset: z.number(), total: z.number(), full: z.boolean() }) },
  'catalog:search': { args: z.object({ query: z.string().min(1).max(500), dcc: z.string().optional(), limit: z.number().int().min(1).max(50).optional() }), result: z.object({ results: z.array(SearchHitSchema), message: z.string(), hint: z.string().optional() }) },
  'catalog:dccs': { args: none, result: z.array(z.object({ dcc: z.string(), version: z.string(), size: z.number() })) },
  'tools:list': { args: none, result: z.array(ToolViewSchema) },
  'tools:setEnabled': { args: z.object({ name: z.string().min(1), enabled: z.boolean() }), result: ok },
  'tools:setAgentVisibility': { args: z.object({ agent: z.string().min(1), name: z.string().min(1), visible: z.boolean() }), result: ok },
  /** The live viewport thumbnail of an instance as a `data:image/png` URL (null while there is none). */
  'thumbnails:live': { args: z.object({ instanceId: z.string().min(1) }), result: z.object({ dataUrl: z.string().nullable(), takenAtMs: z.number().nullable(), error: z.string().nullable() }) },
  /** A stored before/after picture of a history entry (`PictureRef.file`) as a `data:image/png` URL. */
  'thumbnails:picture': { args: z.object({ file: z.string().regex(/^[0-9a-f-]{8,64}-(before|after)\.png$/) }), result: z.object({ dataUrl: z.string() }) },
  'approvals:list': { args: none, result: z.object({ pending: z.array(ApprovalRequestSchema), history: z.array(ApprovalRecordSchema) }) },
  'approvals:decide': { args: z.object({ id: z.string(), decision: ApprovalDecisionSchema, code: z.string().max(4 * 1024 * 1024).optional(), reason: z.string().max(2000).optional() }), result: ok },
  /** One history record in full (the list carries result summaries only): script, edit, decision, whole result (≤ 64 Ki characters). */
  'approvals:detail': { args: z.object({ id: z.string().min(1).max(200) }), result: ApprovalRecordSchema },
  'approvals:getPolicies': { args: none, result: ApprovalPoliciesSchema },
  'approvals:setPolicy': { args: z.object({ scope: z.enum(['global', 'instance', 'agent']), key: z.string().optional(), policy: ApprovalPolicySchema.nullable() }), result: ok },
  'services:list': { args: none, result: z.array(ServiceViewSchema) },
  'services:add': { args: z.object({ json: z.string().min(2).max(1024 * 1024) }), result: z.object({ results: z.array(z.object({ name: z.string().optional(), ok: z.boolean(), error: z.string().optional(), state: z.string().optional() })) }) },
  'services:remove': { args: z.object({ name: z.string().min(1) }), result: ok },
  /** The service's config as `{"mcpServers": {…}}` JSON, to edit and add again (same name replaces). */
  'services:config': { args: z.object({ name: z.string().min(1) }), result: z.object({ json: z.string() }) },
  /** Disable (stop, keep the config aside) or enable a service again. */
  'services:setEnabled': { args: z.object({ name: z.string().min(1), enabled: z.boolean() }), result: ok },
  'services:restart': { args: z.object({ name: z.string().min(1) }), result: ok },
  'settings:get': { args: none, result: SettingsViewSchema },
  'settings:revealToken': { args: none, result: z.object({ token: z.string() }) },
  'settings:regenerateToken': { args: none, result: z.object({ token: z.string() }) },
  'settings:clientConfigs': { args: none, result: z.array(ClientConfigSchema) },
  /** Keep the port the hub serves on now for later starts (after a fallback, before rewriting configs to it). */
  'settings:keepPort': { args: none, result: SettingsViewSchema },
  /** Ends every panel session (cookies, open WebSockets); headless, the result is a fresh one-time link. */
  'settings:rotatePanelCredential': { args: none, result: z.object({ uiUrl: z.string() }) },
  'agents:list': { args: none, result: AgentsStateSchema },
  'agents:createKey': { args: z.object({ name: z.string().min(1).max(64) }), result: z.object({ agent: AgentViewSchema, key: z.string(), keyFile: z.string() }) },
  'agents:revoke': { args: z.object({ id: z.string().min(1) }), result: ok },
  'agents:revokeTrust': { args: z.object({ agentId: z.string().min(1), instanceId: z.string().min(1) }), result: ok },
  'agents:decideConsent': { args: z.object({ id: z.string().min(1), allow: z.boolean() }), result: ok },
  'plugin:info': { args: none, result: PluginInfoSchema },
  'plugin:install': { args: z.object({ dcc: PluginDccSchema }), result: z.object({ ok: z.literal(true), path: z.string(), message: z.string() }) },
  'plugin:showFiles': { args: z.object({ dcc: PluginDccSchema.optional() }), result: z.object({ path: z.string(), opened: z.boolean() }) },
  'desktop:get': { args: none, result: DesktopSettingsViewSchema },
  'desktop:set': { args: z.object({ port: z.number().int().min(1).max(65535).optional(), startAtLogin: z.boolean().optional() }).strict(), result: DesktopSettingsViewSchema.extend({ restartNeeded: z.boolean() }) },
  /** Where each agent client's config is and whether the hub is in it. */
  'clients:list': { args: none, result: z.array(ClientStatusSchema) },
  /** The merged config as a diff, nothing written (the file is refused with line:column when not parseable). */
  'clients:preview': { args: z.object({ client: ClientKindSchema }), result: ClientPlanSchema },
  /** Writes the previewed config (refused when the file changed since), with a backup; creates the key agent for non-OAuth clients. */
  /** DCCs found on this machine for the guide's "Install the DCC plugin" (Blender executables; Maya's modules folder). */
  'plugins:list': { args: none, result: z.object({ blender: z.array(z.object({ path: z.string() })), mayaModulesDir: z.string() }) },
  /** Blender: installs + enables the add-on for the user (only a Blender from plugins:list); Maya: writes the module file. */
  'plugins:install': { args: z.object({ dcc: z.enum(['blender', 'maya']), path: z.string().optional() }), result: z.object({ dcc: z.string(), installedAt: z.string(), next: z.string() }) },
  'clients:apply': { args: z.object({ client: ClientKindSchema, beforeHash: z.string().length(64) }), result: z.object({ path: z.string(), backupPath: z.string().nullable(), agent: z.string().nullable() }) },
} as const;

export type ApiChannel = keyof typeof API;
export type ApiArgs<C extends ApiChannel> = z.input<(typeof API)[C]['args']>;
export type ApiResult<C extends ApiChannel> = z.output<(typeof API)[C]['result']>;

/** Push events from the hub (no polling). */
export const EVENTS = {
  'hub:status': HubStatusSchema,
  'instances:changed': z.array(InstanceViewSchema),
  'sessions:changed': z.array(SessionViewSchema),
  'traffic:frames': z.object({ frames: z.array(TrafficFrameSchema), dropped: z.number() }),
  'approvals:changed': z.object({ pending: z.array(ApprovalRequestSchema), history: z.array(ApprovalRecordSchema) }),
  'tools:changed': z.array(ToolViewSchema),
  'services:changed': z.array(ServiceViewSchema),
  'agents:changed': AgentsStateSchema,
  /** The desktop shell asks the panel to show a page (e.g. the tray's "Review…" on one approval). */
  'app:navigate': z.object({ page: z.string(), id: z.string().optional() }),
} as const;

export type ApiEvent = keyof typeof EVENTS;
export type EventPayload<E extends ApiEvent> = z.output<(typeof EVENTS)[E]>;

/** The only error shape that crosses a carrier. */
export interface ApiErrorShape {
  code: string;
  message: string;
  data?: unknown;
}

/** What `window.hub` (Electron) and the WebSocket client both implement. */
export interface HubApi {
  invoke<C extends ApiChannel>(channel: C, args: ApiArgs<C>): Promise<ApiResult<C>>;
  on<E extends ApiEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Wire messages of the WebSocket carrier. */
export type WsRequest = { id: number; channel: string; args: unknown };
export type WsMessage = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ApiErrorShape } | { event: string; payload: unknown };
