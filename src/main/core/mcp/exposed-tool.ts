/** A tool on the hub's MCP surface, whatever its source. */
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { AgentInfo } from './ports';

export interface ToolContext {
  agent: AgentInfo;
  signal: AbortSignal;
  /** Sends `notifications/progress` when the client asked for progress; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): void;
}

export type ToolSource = 'codemode' | 'instance' | 'service';

export interface ExposedTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: { type: 'object'; [k: string]: unknown };
  annotations?: ToolAnnotations;
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

/** Longest tool description from a DCC or service that reaches agents (characters). */
export const MAX_TOOL_DESCRIPTION = 4_096;
/** Largest input schema from a DCC or service that reaches agents (bytes of JSON). */
export const MAX_TOOL_SCHEMA_BYTES = 32 * 1024;

/**
 * Caps a peer's tool description at MAX_TOOL_DESCRIPTION characters with a visible note: one peer must not
 * bloat every agent's `tools/list` (and context window).
 */
export function capDescription(text: string): string {
  if (text.length <= MAX_TOOL_DESCRIPTION) return text;
  const note = ` …[description cut by DCC MCP Hub: ${text.length.toLocaleString('en-US')} characters, limit ${MAX_TOOL_DESCRIPTION.toLocaleString('en-US')}]`;
  return text.slice(0, MAX_TOOL_DESCRIPTION - note.length) + note;
}

/**
 * Normalises a JSON schema from a DCC or service into an MCP input schema (always `type: object`); a schema
 * over MAX_TOOL_SCHEMA_BYTES is replaced by an open object schema whose description says so.
 */
export function objectSchema(schema: Record<string, unknown> | undefined): ExposedTool['inputSchema'] {
  const size = schema ? Buffer.byteLength(JSON.stringify(schema)) : 0;
  if (size > MAX_TOOL_SCHEMA_BYTES) {
    return { type: 'object', properties: {}, additionalProperties: true, description: `Input schema dropped by DCC MCP Hub: ${size.toLocaleString('en-US')} bytes is over the ${MAX_TOOL_SCHEMA_BYTES / 1024} KiB limit. Pass the arguments the tool's description names.` };
  }
  if (schema && schema.type === 'object') return schema as ExposedTool['inputSchema'];
  return { properties: {}, ...(schema ?? {}), type: 'object' };
}
