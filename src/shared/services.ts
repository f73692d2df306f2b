/** External MCP services vocabulary (SPEC §7, the MCPStore seed). */
import { z } from 'zod';

export const SERVICE_STATES = ['INITIALIZING', 'HEALTHY', 'WARNING', 'RECONNECTING', 'UNREACHABLE'] as const;
export const ServiceStateSchema = z.enum(SERVICE_STATES);
export type ServiceState = z.infer<typeof ServiceStateSchema>;

export const ServiceTransportSchema = z.enum(['stdio', 'streamable-http', 'sse']);
export type ServiceTransport = z.infer<typeof ServiceTransportSchema>;

/** A validated, cleaned service configuration. */
export interface ServiceConfig {
  name: string;
  transport: ServiceTransport;
  url?: string;
  headers?: Record<string, string>;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  description?: string;
}

export type ServiceSource = 'user' | 'config-file' | 'dcc-mcp-core';
