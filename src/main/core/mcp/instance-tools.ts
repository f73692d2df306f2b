/**
 * Tools of live DCC instances (SPEC §6): each instance's declared tools (`dcc.call_tool`) and its scene-trait
 * tools (when its capabilities say so), named `{dcc}__{tool}`, or `{dcc}_{8hex}__{tool}` when several
 * instances of one dcc_type are live. Destructive tools pass the approval gate first.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { DccCapabilities, ToolDeclaration } from '../../../shared/dcclink';
import type { DccSession } from '../sessions/session';
import { objectSchema, safeToolName, type ExposedTool, type ToolContext } from './exposed-tool';
import type { ApprovalPort, PicturePort } from './ports';
import { errorResult, jsonResult } from './tool-result';
import { describeError } from './errors-text';
import { capDescription, capInputSchema } from './tool-caps';

interface Trait {
  tool: string;
  method: string;
  capability: keyof DccCapabilities;
  description: string;
  readOnly: boolean;
  schema: Record<string, unknown>;
}

const str = { type: 'string' };
const vec3 = { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: 3 };
const TRAITS: Trait[] = [
  { tool: 'scene_info', method: 'scene.info', capability: 'scene_info', readOnly: true, description: 'Current scene: file, name, modified flag, frame range, units, statistics.', schema: {} },
  { tool: 'list_objects', method: 'scene.list_objects', capability: 'scene_info', readOnly: true, description: 'List scene objects (name, long name, type, parent, visibility), optionally of one type.', schema: { properties: { object_type: str } } },
  { tool: 'get_selection', method: 'scene.get_selection', capability: 'selection', readOnly: true, description: 'Names of the currently selected objects.', schema: {} },
  { tool: 'set_selection', method: 'scene.set_selection', capability: 'selection', readOnly: false, description: 'Replace the selection with the named objects.', schema: { properties: { names: { type: 'array', items: str } }, required: ['names'] } },
  { tool: 'get_transform', method: 'transform.get', capability: 'transform', readOnly: true, description: 'World-space translate/rotate/scale of an object.', schema: { properties: { name: str }, required: ['name'] } },
  { tool: 'set_transform', method: 'transform.set', capability: 'transform', readOnly: false, description: 'Set translate, rotate (degrees) and/or scale of an object; omitted parts stay.', schema: { properties: { name: str, translate: vec3, rotate: vec3, scale: vec3 }, required: ['name'] } },
  { tool: 'get_hierarchy', method: 'hierarchy.get', capability: 'hierarchy', readOnly: true, description: 'The scene tree: objects with their children.', schema: {} },
  { tool: 'capture_viewport', method: 'render.capture_viewport', capability: 'render_capture', readOnly: true, description: 'Capture the viewport (or a quick render) as a PNG image.', schema: { properties: { width: { type: 'integer', minimum: 16, maximum: 4096 }, height: { type: 'integer', minimum: 16, maximum: 4096 } } } },
];

export interface InstanceToolDeps {
  approvals: ApprovalPort;
  /** Before/after pictures of approved runs (absent: none are taken). */
  pictures?: PicturePort;
  /** DCC-local tool names this agent may reach through dispatch() on this instance. */
  allowedTools(session: DccSession, agent: string): string[];
}

/** The prefix for an instance's tools given how many live instances share its dcc_type. */
export function instancePrefix(session: DccSession, sameTypeCount: number): string {
  const dcc = session.row.dcc_type;
  return sameTypeCount > 1 ? `${dcc}_${session.instanceId.replace(/-/g, '').slice(0, 8)}` : dcc;
}

/** Every tool one instance contributes. */
export function instanceTools(session: DccSession, prefix: string, deps: InstanceToolDeps): ExposedTool[] {
  const hello = session.hello;
  if (!hello) return [];
  const out: ExposedTool[] = hello.tools.map((decl) => declaredTool(session, prefix, decl, deps));
  for (const t of TRAITS) {
    if (t.capability === 'render_capture' ? !(hello.capabilities.render_capture || hello.capabilities.snapshot) : !hello.capabilities[t.capability]) continue;
    out.push(traitTool(session, prefix, t));
  }
  return out;
}

function declaredTool(session: DccSession, prefix: string, decl: ToolDeclaration, deps: InstanceToolDeps): ExposedTool {
  const dcc = session.row.dcc_type;
  return {
    name: safeToolName(`${prefix}__${decl.name}`),
    description: capDescription(`[${dcc}] ${decl.description}`.trim()),
    inputSchema: capInputSchema(objectSchema(decl.input_schema)),
    annotations: { readOnlyHint: decl.read_only, destructiveHint: decl.destructive, idempotentHint: decl.idempotent },
    source: 'instance',
    origin: session.instanceId,
    aliases: [safeToolName(`${dcc}__${decl.name}`)],
    invoke: async (args, ctx) => {
      const started = Date.now();
      let requestId: string | undefined;
      if (decl.destructive) {
        const outcome = await deps.approvals.request({ tool: `${prefix}__${decl.name}`, arguments: args, instanceId: session.instanceId, dccType: dcc, scene: session.row.scene ?? undefined, agent: ctx.agent, signal: ctx.signal, onWaiting: waitingProgress(ctx) });
        if (!outcome.approved) return errorResult(`Not run: ${outcome.reason}`);
        requestId = outcome.requestId;
        await deps.pictures?.before(session.instanceId, requestId);
      }
      try {
        const result = await session.call('dcc.call_tool', { name: decl.name, arguments: args }, { signal: ctx.signal, onProgress: (p) => ctx.progress(p.progress, p.total ?? undefined, p.message ?? undefined) });
        if (requestId) deps.approvals.recordResult(requestId, { success: true, summary: summarize(result), text: resultText(result), durationMs: Date.now() - started });
        return jsonResult(result);
      } catch (err) {
        if (requestId) deps.approvals.recordResult(requestId, { success: false, summary: describeError(err), durationMs: Date.now() - started });
        return errorResult(`${decl.name} failed on ${session.label}: ${describeError(err)}`);
      } finally {
        if (requestId) deps.pictures?.after(session.instanceId, requestId);
      }
    },
  };
}

function traitTool(session: DccSession, prefix: string, t: Trait): ExposedTool {
  return {
    name: safeToolName(`${prefix}__${t.tool}`),
    description: `[${session.row.dcc_type}] ${t.description}`,
    inputSchema: { type: 'object', properties: {}, ...t.schema },
    annotations: { readOnlyHint: t.readOnly, destructiveHint: false, idempotentHint: t.readOnly },
    source: 'instance',
    origin: session.instanceId,
    aliases: [safeToolName(`${session.row.dcc_type}__${t.tool}`)],
    invoke: async (args, ctx) => {
      try {
        const result = await session.call(t.method, args, { signal: ctx.signal });
        return t.tool === 'capture_viewport' ? imageResult(result) : jsonResult(result);
      } catch (err) {
        return errorResult(`${t.tool} failed on ${session.label}: ${describeError(err)}`);
      }
    },
  };
}

function imageResult(result: unknown): CallToolResult {
  const r = (result ?? {}) as { data?: Uint8Array; width?: number; height?: number; mime_type?: string; format?: string };
  if (!(r.data instanceof Uint8Array)) return jsonResult(result);
  return {
    content: [
      { type: 'image', data: Buffer.from(r.data).toString('base64'), mimeType: r.mime_type ?? `image/${r.format ?? 'png'}` },
      { type: 'text', text: `${r.width ?? '?'}×${r.height ?? '?'} ${r.format ?? 'png'}, ${r.data.length} bytes` },
    ],
  };
}

/** A result as readable text for the approvals history (byte arrays as their size); the gate bounds its length. */
export function resultText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? `<${x.length} bytes>` : x), 2) ?? 'null';
}

/** Progress while an approval is pending: the agent sees it is waiting on a person, not hung. */
export function waitingProgress(ctx: ToolContext): (remainingMs: number) => void {
  let n = 0;
  return (remainingMs) => ctx.progress(++n, undefined, `waiting for the user to approve in DCC MCP Hub (${Math.ceil(remainingMs / 1000)} s left)`);
}

export function summarize(v: unknown): string {
  const s = JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? `<${x.length} bytes>` : x)) ?? 'null';
  return s.length > 500 ? s.slice(0, 497) + '...' : s;
}
