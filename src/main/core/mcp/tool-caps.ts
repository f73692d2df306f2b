/**
 * Caps on what tool declarations from elsewhere (services, DCC plugins) cost an agent's context: a runaway
 * description or schema is cut with a note instead of filling the `tools/list` answer.
 */
import type { ExposedTool } from './exposed-tool';

/** Longest description passed through, in characters (default 4,000). */
export const MAX_DESCRIPTION_CHARS = 4_000;
/** Largest input/output schema passed through, in bytes of JSON (default 32 KB). */
export const MAX_SCHEMA_BYTES = 32 * 1024;

/** The description, cut with a note past `max` characters. */
export function capDescription(text: string | undefined, max = MAX_DESCRIPTION_CHARS): string {
  const t = text ?? '';
  if (t.length <= max) return t;
  return `${t.slice(0, max)}…[description truncated at ${max} of ${t.length} characters]`;
}

/**
 * The input schema, or — past `maxBytes` of JSON — an open object schema that says why, so the tool stays
 * callable while the agent's context is spared.
 */
export function capInputSchema(schema: ExposedTool['inputSchema'], maxBytes = MAX_SCHEMA_BYTES): ExposedTool['inputSchema'] {
  const size = Buffer.byteLength(JSON.stringify(schema), 'utf8');
  if (size <= maxBytes) return schema;
  return { type: 'object', additionalProperties: true, description: `The input schema (${size} bytes) is larger than the hub passes on (${maxBytes} bytes); see the tool's documentation for its arguments.` };
}

/** The output schema, or undefined past `maxBytes` of JSON (structured results still pass). */
export function capOutputSchema<T>(schema: T | undefined, maxBytes = MAX_SCHEMA_BYTES): T | undefined {
  if (schema === undefined) return undefined;
  return Buffer.byteLength(JSON.stringify(schema), 'utf8') <= maxBytes ? schema : undefined;
}
