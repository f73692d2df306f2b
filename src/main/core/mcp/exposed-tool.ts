/** A tool on the hub's MCP surface, whatever its source. */
import type { CallToolResult, Tool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { AgentChannel, AgentInfo } from './ports';

export interface ToolContext {
  agent: AgentInfo;
  signal: AbortSignal;
  /** Sends `notifications/progress` when the client asked for progress; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): void;
  /** The calling agent, for requests a service sends back during the call (sampling, elicitation, roots). */
  channel?: AgentChannel;
}

export type ToolSource = 'codemode' | 'instance' | 'service';

export interface ExposedTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: { type: 'object'; [k: string]: unknown };
  annotations?: ToolAnnotations;
  /** Further MCP tool fields passed through as the source declared them. */
  wire?: Pick<Tool, 'outputSchema' | 'execution' | 'icons' | '_meta'>;
  source: ToolSource;
  /** 'hub', an instance id, or a service name. */
  origin: string;
  /** Extra toggle keys that also disable this tool (e.g. the stable `{dcc}__{tool}` of an instance tool). */
  aliases?: string[];
  invoke(args: Record<string, unknown>, ctx: ToolContext): Promise<CallToolResult>;
}

const VALID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A tool name every major client accepts (`^[A-Za-z0-9_-]{1,64}$`): other characters become `_`, and a name
 * that is too long keeps its start and gets a short hash so it stays unique.
 */
export function safeToolName(name: string): string {
  let n = name.replace(/[^A-Za-z0-9_-]/g, '_');
  if (n.length === 0) n = 'tool';
  if (VALID.test(n)) return n;
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return `${n.slice(0, 55)}_${h.toString(16).padStart(8, '0')}`;
}

/** Normalises a JSON schema from a DCC or service into an MCP input schema (always `type: object`). */
export function objectSchema(schema: Record<string, unknown> | undefined): ExposedTool['inputSchema'] {
  if (schema && schema.type === 'object') return schema as ExposedTool['inputSchema'];
  return { properties: {}, ...(schema ?? {}), type: 'object' };
}
