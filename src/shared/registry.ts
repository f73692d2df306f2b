/**
 * The file registry's ServiceEntry (SPEC §3), compatible with dcc-mcp-core's `services.json`. Timestamps are
 * written as `{secs_since_epoch, nanos_since_epoch}`; float Unix seconds are accepted on read. Parsed rows carry
 * them as ms numbers (`registered_at_ms`, `last_heartbeat_ms`); unknown fields pass through untouched.
 */
import { z } from 'zod';

export const ServiceStatusSchema = z.enum(['available', 'busy', 'unreachable', 'shutting_down', 'booting', 'stale']);
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const TransportAddressJsonSchema = z.union([
  z.looseObject({ type: z.literal('unix_socket'), path: z.string().min(1) }),
  z.looseObject({ type: z.literal('named_pipe'), path: z.string().min(1) }),
  z.looseObject({ type: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(0).max(65535) }),
]);

/** `{secs_since_epoch, nanos_since_epoch}` or float seconds → ms since epoch. */
export const TimestampSchema = z
  .union([
    z.looseObject({ secs_since_epoch: z.number().nonnegative(), nanos_since_epoch: z.number().nonnegative().optional().default(0) }),
    z.number().nonnegative(),
  ])
  .transform((t) => (typeof t === 'number' ? t * 1000 : t.secs_since_epoch * 1000 + Math.floor(t.nanos_since_epoch / 1e6)));

export const ServiceEntrySchema = z.looseObject({
  dcc_type: z.string().min(1),
  instance_id: z.string().min(1),
  host: z.string().optional().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).optional().default(0),
  transport_address: TransportAddressJsonSchema.nullish().catch(null),
  version: z.string().nullish(),
  scene: z.string().nullish(),
  documents: z.array(z.string()).optional().default([]).catch([]),
  pid: z.number().int().nullish(),
  display_name: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).optional().default({}).catch({}),
  extras: z.record(z.string(), z.unknown()).optional().default({}),
  registered_at: TimestampSchema,
  last_heartbeat: TimestampSchema,
  status: z.string().optional().default('available'),
  schema_version: z.number().int().nonnegative().optional(),
  sentinel_path: z.string().nullish(),
  host_pid: z.number().int().nullish(),
  adapter_version: z.string().nullish(),
  adapter_dcc: z.string().nullish(),
});

/** A parsed row: timestamps as ms since epoch; unknown fields kept. */
export interface ServiceEntry {
  dcc_type: string;
  instance_id: string;
  host: string;
  port: number;
  transport_address?: z.infer<typeof TransportAddressJsonSchema> | null;
  version?: string | null;
  scene?: string | null;
  documents: string[];
  pid?: number | null;
  display_name?: string | null;
  metadata: Record<string, string>;
  extras: Record<string, unknown>;
  status: string;
  registered_at_ms: number;
  last_heartbeat_ms: number;
  schema_version?: number;
  /** dcc-mcp-core: the lock file its owner holds for its lifetime. */
  sentinel_path?: string | null;
  /** dcc-mcp-core: the DCC process a sidecar serves (the row dies with it). */
  host_pid?: number | null;
  adapter_version?: string | null;
  adapter_dcc?: string | null;
  [extra: string]: unknown;
}
