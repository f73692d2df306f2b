/**
 * DccLink wire vocabulary (SPEC §2): frame types, error codes and the zod schemas of every frame body and of
 * the results of the methods a hub calls on a DCC plugin. No node imports: the renderer uses these types too.
 */
import { z } from 'zod';

/** Frame type tags; 0 and 9..255 are rejected. */
export const FrameType = {
  Call: 1,
  Reply: 2,
  Err: 3,
  Progress: 4,
  Cancel: 5,
  Push: 6,
  Ping: 7,
  Pong: 8,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];
export type FrameTypeName = keyof typeof FrameType;

export const FRAME_TYPE_NAMES: Record<FrameType, FrameTypeName> = {
  1: 'Call',
  2: 'Reply',
  3: 'Err',
  4: 'Progress',
  5: 'Cancel',
  6: 'Push',
  7: 'Ping',
  8: 'Pong',
};

export const DCC_ERROR_CODES = [
  'CONNECTION_FAILED',
  'TIMEOUT',
  'SCRIPT_ERROR',
  'NOT_RESPONDING',
  'UNSUPPORTED',
  'PERMISSION_DENIED',
  'INVALID_INPUT',
  'SCENE_ERROR',
  'INTERNAL',
] as const;
export const DccErrorCodeSchema = z.enum(DCC_ERROR_CODES);
export type DccErrorCode = z.infer<typeof DccErrorCodeSchema>;

export const CallBodySchema = z.looseObject({
  method: z.string().min(1),
  params: z.unknown().optional(),
  timeout_ms: z.number().int().nonnegative().optional(),
});
export type CallBody = z.infer<typeof CallBodySchema>;

export const ReplyBodySchema = z.looseObject({ result: z.unknown() });
export type ReplyBody = z.infer<typeof ReplyBodySchema>;

export const ErrBodySchema = z.looseObject({
  // Unknown codes from newer peers are kept as strings rather than failing the whole frame.
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
  recoverable: z.boolean().optional().default(false),
});
export type ErrBody = z.infer<typeof ErrBodySchema>;

const ProgressMapSchema = z.looseObject({
  progress: z.number(),
  total: z.number().nullish(),
  message: z.string().nullish(),
});
/** Progress accepts the map form and dcc-mcp-core's array form `[token, progress, total?, message?]`. */
export const ProgressBodySchema = z.union([
  ProgressMapSchema,
  z
    .tuple([z.unknown(), z.number()], z.unknown())
    .transform((a) => ({
      progress: a[1],
      total: typeof a[2] === 'number' ? a[2] : undefined,
      message: typeof a[3] === 'string' ? a[3] : undefined,
    })),
]);
export type ProgressBody = z.infer<typeof ProgressMapSchema>;

/** Cancel accepts `{reason?}` or a bare UTF-8 string (decoded by the codec as a string). */
export const CancelBodySchema = z.union([
  z.looseObject({ reason: z.string().nullish() }),
  z.string().transform((reason) => ({ reason })),
  z.null().transform(() => ({ reason: undefined })),
  z.undefined().transform(() => ({ reason: undefined })),
]);
export type CancelBody = { reason?: string | null };

export const PushBodySchema = z.looseObject({ topic: z.string().min(1), data: z.unknown().optional() });
export type PushBody = z.infer<typeof PushBodySchema>;

export const PingBodySchema = z.union([z.looseObject({ ts_ms: z.number().optional() }), z.null(), z.undefined()]);
export type PingBody = { ts_ms?: number };

/** Body schema per frame type, for validation at the RPC layer. */
export const BODY_SCHEMAS = {
  [FrameType.Call]: CallBodySchema,
  [FrameType.Reply]: ReplyBodySchema,
  [FrameType.Err]: ErrBodySchema,
  [FrameType.Progress]: ProgressBodySchema,
  [FrameType.Cancel]: CancelBodySchema,
  [FrameType.Push]: PushBodySchema,
  [FrameType.Ping]: PingBodySchema,
  [FrameType.Pong]: PingBodySchema,
} as const;

// ---- Method payloads (SPEC §2, seed protocols-and-adapters) ----

/** `input_schema`/`output_schema` may arrive as a JSON string (the seed's form) or an object. */
const JsonSchemaField = z
  .union([z.string(), z.record(z.string(), z.unknown()), z.null()])
  .optional()
  .transform((v): Record<string, unknown> | undefined => {
    if (v == null || v === '') return undefined;
    if (typeof v !== 'string') return v;
    try {
      const parsed: unknown = JSON.parse(v);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  });

export const ToolDeclarationSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional().default(''),
  input_schema: JsonSchemaField,
  output_schema: JsonSchemaField,
  read_only: z.boolean().optional().default(false),
  destructive: z.boolean().optional().default(false),
  idempotent: z.boolean().optional().default(false),
  source_file: z.string().nullish(),
});
export type ToolDeclaration = z.infer<typeof ToolDeclarationSchema>;

export const DccInfoSchema = z.looseObject({
  dcc_type: z.string(),
  version: z.string().nullish(),
  platform: z.string().nullish(),
  pid: z.number().int().nullish(),
  python_version: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).optional().default({}),
});
export type DccInfo = z.infer<typeof DccInfoSchema>;

export const DccCapabilitiesSchema = z.looseObject({
  script_languages: z.array(z.string()).optional().default([]),
  scene_info: z.boolean().optional().default(false),
  snapshot: z.boolean().optional().default(false),
  undo_redo: z.boolean().optional().default(false),
  progress_reporting: z.boolean().optional().default(false),
  file_operations: z.boolean().optional().default(false),
  selection: z.boolean().optional().default(false),
  scene_manager: z.boolean().optional().default(false),
  transform: z.boolean().optional().default(false),
  render_capture: z.boolean().optional().default(false),
  hierarchy: z.boolean().optional().default(false),
  has_embedded_python: z.boolean().optional().default(true),
  bridge_kind: z.string().nullish(),
  bridge_endpoint: z.string().nullish(),
  extensions: z.record(z.string(), z.boolean()).optional().default({}),
});
export type DccCapabilities = z.infer<typeof DccCapabilitiesSchema>;

export const ResourceDefinitionSchema = z.looseObject({
  uri: z.string(),
  name: z.string(),
  description: z.string().optional().default(''),
  mime_type: z.string().optional().default('text/plain'),
});
export const ResourceTemplateDefinitionSchema = z.looseObject({
  uri_template: z.string(),
  name: z.string(),
  description: z.string().optional().default(''),
  mime_type: z.string().optional().default('text/plain'),
});
export const PromptArgumentSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional().default(''),
  required: z.boolean().optional().default(false),
});
export const PromptDefinitionSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional().default(''),
  arguments: z.array(PromptArgumentSchema).optional().default([]),
});
export type ResourceDefinition = z.infer<typeof ResourceDefinitionSchema>;
export type ResourceTemplateDefinition = z.infer<typeof ResourceTemplateDefinitionSchema>;
export type PromptDefinition = z.infer<typeof PromptDefinitionSchema>;

export const HelloResultSchema = z.looseObject({
  protocol: z.number().int(),
  info: DccInfoSchema,
  capabilities: DccCapabilitiesSchema.optional().default(DccCapabilitiesSchema.parse({})),
  tools: z.array(ToolDeclarationSchema).optional().default([]),
  catalog_size: z.number().int().nonnegative().optional().default(0),
  resources: z.array(ResourceDefinitionSchema).optional().default([]),
  resource_templates: z.array(ResourceTemplateDefinitionSchema).optional().default([]),
  prompts: z.array(PromptDefinitionSchema).optional().default([]),
  instance_id: z.string().nullish(),
  scene: z.string().nullish(),
});
export type HelloResult = z.infer<typeof HelloResultSchema>;

export const CatalogCommandSchema = z.looseObject({
  name: z.string().min(1),
  signature: z.string().optional().default(''),
  description: z.string().optional().default(''),
});
export type CatalogCommand = z.infer<typeof CatalogCommandSchema>;

export const CatalogResultSchema = z.looseObject({
  commands: z.array(CatalogCommandSchema),
  total: z.number().int().nonnegative(),
});
export type CatalogResult = z.infer<typeof CatalogResultSchema>;

export const ScriptResultSchema = z.looseObject({
  success: z.boolean(),
  output: z.unknown().optional(),
  stdout: z.string().optional().default(''),
  error: z.string().nullish(),
  execution_time_ms: z.number().optional().default(0),
});
export type ScriptResult = z.infer<typeof ScriptResultSchema>;

/** The protocol version this hub speaks in `dcc.hello`. */
export const DCCLINK_PROTOCOL = 1;
