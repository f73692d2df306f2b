/**
 * What a registry row that is not ours (no `metadata.dcclink`) is, for aggregation (SPEC §3): dcc-mcp-core writes
 * per-DCC MCP servers, sidecars, its gateway's sentinel row, rows still booting, and IPC-only endpoints.
 */
import { createHash } from 'node:crypto';

/** A registry row as far as services care. */
export interface CoreRow {
  dcc_type: string;
  instance_id: string;
  host?: string;
  port?: number;
  status?: string;
  version?: string | null;
  metadata?: Record<string, string>;
  extras?: Record<string, unknown>;
  adapter_version?: string | null;
  adapter_dcc?: string | null;
}

export type CoreRole = 'mcp-server' | 'sidecar' | 'gateway' | 'booting' | 'ipc-only';

export interface CoreRowInfo {
  role: CoreRole;
  /** Where its MCP endpoint is (none for IPC-only rows). */
  url: string | null;
  /** What the Instances page says about it. */
  note: string;
}

export const GATEWAY_DCC_TYPE = '__gateway__';
const MAX_TOOL_NAME = 64;

/** True for rows this project's plugin wrote (DccLink endpoints the session layer serves). */
export function isDccLinkRow(r: Pick<CoreRow, 'metadata'>): boolean {
  return r.metadata?.dcclink === '1';
}

/** Classifies a dcc-mcp-core row; `metadata.mcp_url` wins over host:port. */
export function classifyCoreRow(r: CoreRow): CoreRowInfo {
  const role = r.metadata?.dcc_mcp_role;
  const host = r.host && r.host !== '0.0.0.0' ? r.host : '127.0.0.1';
  const url = r.metadata?.mcp_url || (r.port && r.port > 0 ? `http://${host.includes(':') ? `[${host}]` : host}:${r.port}/mcp` : null);
  if (r.dcc_type === GATEWAY_DCC_TYPE || role === 'gateway-sentinel') return { role: 'gateway', url, note: 'dcc-mcp-core gateway (not aggregated: the hub talks to each DCC server itself)' };
  if (!url) return { role: 'ipc-only', url: null, note: 'not reachable from the hub (dcc-mcp-core IPC endpoint)' };
  if (r.status === 'booting') return { role: 'booting', url, note: 'booting: waiting for it to become available' };
  if (role === 'per-dcc-sidecar') return { role: 'sidecar', url, note: 'dcc-mcp-core sidecar' };
  return { role: 'mcp-server', url, note: 'dcc-mcp-core MCP server' };
}

/** What of a row, when it changes, means its server's tools must be listed again (its server sends no list_changed). */
export function rowSignature(r: CoreRow): string {
  return JSON.stringify([r.version, r.host, r.port, r.metadata, r.adapter_version, r.extras?.tools]);
}

/** Tools a sidecar advertises in its row (`extras.tools`), for servers that do not answer tools/list. */
export function advertisedTools(r: CoreRow): { name: string; description?: string; inputSchema: Record<string, unknown> }[] {
  const list = r.extras?.tools;
  if (!Array.isArray(list)) return [];
  return list.flatMap((t: unknown) => {
    if (!t || typeof t !== 'object' || typeof (t as { name?: unknown }).name !== 'string') return [];
    const o = t as { name: string; description?: unknown; inputSchema?: unknown; input_schema?: unknown };
    const schema = (o.inputSchema ?? o.input_schema) as Record<string, unknown> | undefined;
    return [{ name: o.name, description: typeof o.description === 'string' ? o.description : undefined, inputSchema: schema && typeof schema === 'object' ? schema : { type: 'object' } }];
  });
}

/**
 * `{service}__{tool}` within MCP's 64 characters: long skill names keep the service, the tool's head and tail,
 * and a hash of the full name, so the result is readable, unique and the same on every run.
 */
export function qualifiedToolName(service: string, tool: string): string {
  const clean = tool.replace(/[^A-Za-z0-9_-]/g, '_');
  const full = `${service}__${clean}`;
  if (full.length <= MAX_TOOL_NAME && clean === tool) return full;
  if (full.length <= MAX_TOOL_NAME) return `${full.slice(0, MAX_TOOL_NAME - 7)}_${hash6(tool)}`.slice(0, MAX_TOOL_NAME);
  const room = MAX_TOOL_NAME - service.length - 2 - 7;
  if (room < 8) return `${full.slice(0, MAX_TOOL_NAME - 7)}_${hash6(tool)}`;
  const head = Math.ceil(room * 0.4);
  return `${service}__${clean.slice(0, head)}_${clean.slice(clean.length - (room - head - 1))}_${hash6(tool)}`;
}

function hash6(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 6);
}
