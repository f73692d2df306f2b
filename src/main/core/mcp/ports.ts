/**
 * What the MCP layer needs from the rest of the hub, as narrow interfaces (constructor injection; the
 * composition root wires the real approval gate, toggles, code-mode search and external services).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

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
  scene?: string;
  agent: AgentInfo;
  signal?: AbortSignal;
  onWaiting?: (remainingMs: number) => void;
}

export interface ApprovalPort {
  request(req: ApprovalRequestInput): Promise<ApprovalOutcome>;
  recordResult(requestId: string, result: { success: boolean; summary: string; durationMs: number }): void;
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
}

export interface ServicesPort {
  tools(agent?: string): ServiceTool[];
  /** False when the agent's scope leaves this service tool out. */
  isVisibleTo(qualifiedName: string, agent?: string): boolean;
  callTool(service: string, tool: string, args: Record<string, unknown>, opts: { signal?: AbortSignal; onProgress?: (p: { progress: number; total?: number; message?: string }) => void }): Promise<CallToolResult>;
}

/** Is agent access paused (tray → "pause agent access")? */
export interface PausePort {
  isPaused(): boolean;
}
