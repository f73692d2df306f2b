/**
 * What the MCP layer needs from the rest of the hub, as narrow interfaces (constructor injection; the
 * composition root wires the real approval gate, toggles, code-mode search and external services).
 */
import type {
  CallToolResult,
  ClientCapabilities,
  CompleteRequest,
  CompleteResult,
  GetPromptResult,
  LoggingMessageNotification,
  Prompt,
  ReadResourceResult,
  Notification,
  Request,
  Resource,
  ResourceTemplate,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { AnySchema, SchemaOutput } from '@modelcontextprotocol/sdk/server/zod-compat.js';

/** The agent behind a call: identity from its credential (SPEC §6); `client`/`version` are its self-declared clientInfo, a label only. */
export interface AgentInfo {
  id: string;
  name: string;
  client?: string;
  version?: string;
}

export type ApprovalOutcome =
  | { approved: true; code?: string; decidedBy: string; requestId: string }
  | { approved: false; reason: string; decidedBy: string; requestId: string };

export interface ApprovalRequestInput {
  tool: string;
  code?: string;
  arguments?: unknown;
  instanceId: string;
  dccType: string;
  /** A service's tool (the service's name in `instanceId` and `dccType`), not a DCC's: trust never crosses the two. */
  service?: boolean;
  scene?: string;
  agent: AgentInfo;
  signal?: AbortSignal;
  onWaiting?: (remainingMs: number) => void;
}

export interface ApprovalPort {
  request(req: ApprovalRequestInput): Promise<ApprovalOutcome>;
  /** `text`: the whole result as text (the gate keeps a bounded part); `summary`: one short line. */
  recordResult(requestId: string, result: { success: boolean; summary: string; durationMs: number; text?: string }): void;
}

/** Before/after pictures of approved runs where the DCC can capture (v0.2); never fails the run. */
export interface PicturePort {
  /** Right before an approved run: keeps the "before" picture (the fresh thumbnail at no cost, else a capture). */
  before(instanceId: string, requestId: string): Promise<void>;
  /** Once the run finished: captures the "after" picture later, never delaying the agent's result. */
  after(instanceId: string, requestId: string): void;
}

export interface TogglePort {
  isEnabled(name: string): boolean;
  isVisibleTo(name: string, agent?: string): boolean;
}

export interface SearchArgs {
  query: string;
  dcc?: string;
  limit?: number;
}

export interface SearchPort {
  /** The `dcc_search` result object ({success, message, results, hint?}). */
  search(args: SearchArgs): Promise<Record<string, unknown>>;
}

export interface ServiceTool {
  service: string;
  tool: string;
  qualifiedName: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  /** The service's tool exactly as it listed it (title, outputSchema, execution, icons, `_meta` …). */
  raw?: Tool;
}

/**
 * The agent whose tool call is running, so a service can reach it during that call (sampling, elicitation,
 * roots): requests go out as related requests of that call, on its stream.
 */
export interface AgentChannel {
  agent: AgentInfo;
  /** What the agent declared at initialize. */
  capabilities(): ClientCapabilities | undefined;
  /** `related`: as part of the running call (false once it ended: then on the session's own stream). */
  request<S extends AnySchema>(req: Request, schema: S, opts: { timeout: number; signal?: AbortSignal; related: boolean }): Promise<SchemaOutput<S>>;
  /** A notification to this agent on its session's own stream (e.g. `notifications/elicitation/complete`). */
  notify(notification: Notification): Promise<void>;
}

/** Options of a service call made on an agent's behalf. */
export interface ServiceCallOptions {
  signal?: AbortSignal;
  onProgress?: (p: { progress: number; total?: number; message?: string }) => void;
  /** The calling agent, for requests the service sends back while the call runs. */
  channel?: AgentChannel;
}

/** A service's resource, template or prompt, with the service it came from. */
export interface FromService<T> {
  service: string;
  item: T;
}

export interface ServicesPort {
  tools(agent?: string): ServiceTool[];
  /** False when the agent's scope leaves this service tool out. */
  isVisibleTo(qualifiedName: string, agent?: string): boolean;
  callTool(service: string, tool: string, args: Record<string, unknown>, opts: ServiceCallOptions): Promise<CallToolResult>;
  resources?(agent?: string): FromService<Resource>[];
  resourceTemplates?(agent?: string): FromService<ResourceTemplate>[];
  prompts?(agent?: string): FromService<Prompt>[];
  /** Services (visible to the agent) that offer `uri`: listed, returned as a resource link, or matching a template. */
  resourceOwners?(uri: string, agent?: string): string[];
  readResource?(service: string, uri: string, opts: ServiceCallOptions): Promise<ReadResourceResult>;
  getPrompt?(service: string, name: string, args: Record<string, string> | undefined, opts: ServiceCallOptions): Promise<GetPromptResult>;
  complete?(service: string, params: CompleteRequest['params']): Promise<CompleteResult>;
  /** Subscribes to (or unsubscribes from) a resource of a service that supports it; false when it does not. */
  subscribe?(service: string, uri: string, on: boolean): Promise<boolean>;
  /** An agent's roots changed: services that may have asked for them are told (`roots/list_changed`). */
  rootsChanged?(): void;
}

/** Events a service relays to agents. */
export interface ServiceEvents {
  log(service: string, params: LoggingMessageNotification['params']): void;
  resourceUpdated(service: string, uri: string): void;
}

/** Is agent access paused (tray → "pause agent access")? */
export interface PausePort {
  isPaused(): boolean;
}
