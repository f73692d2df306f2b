/**
 * The constant code-mode surface (SPEC §5, seed dcc-api-executor): `dcc_list_instances`, `dcc_search` and
 * `dcc_execute`. `dcc_execute` passes the approval gate, then runs the script on the chosen instance with the
 * agent's allowed tool set for `dispatch()`.
 */
import { ScriptResultSchema } from '../../../shared/dcclink';
import type { DccSession } from '../sessions/session';
import type { SessionManager } from '../sessions/session-manager';
import type { ExposedTool } from './exposed-tool';
import { describeError } from './errors-text';
import { editNote, type EditNote } from './edit-note';
import { resultText, summarize, waitingProgress, type InstanceToolDeps } from './instance-tools';
import type { SearchPort } from './ports';
import { errorResult, jsonResult } from './tool-result';

export const MAX_EXECUTE_SECS = 300;
const DEFAULT_EXECUTE_SECS = 30;

export interface BuiltinDeps extends InstanceToolDeps {
  sessions: SessionManager;
  search: SearchPort;
}

/** The three built-in tools. */
export function builtinTools(deps: BuiltinDeps): ExposedTool[] {
  return [listInstancesTool(deps), searchTool(deps), executeTool(deps)];
}

/** A compact description of every live instance, as agents and `dcc://instances` see it. */
export function describeInstances(sessions: SessionManager): Record<string, unknown>[] {
  return sessions.list().map((s) => ({
    instance: s.instanceId,
    dcc_type: s.row.dcc_type,
    version: s.hello?.info.version ?? s.row.version ?? null,
    scene: s.row.scene ?? s.hello?.scene ?? null,
    state: s.instanceState,
    pid: s.row.pid ?? null,
    tools: s.hello?.tools.map((t) => t.name) ?? [],
    catalog_size: s.hello?.catalog_size ?? 0,
  }));
}

function listInstancesTool(deps: BuiltinDeps): ExposedTool {
  return {
    name: 'dcc_list_instances',
    description: 'List the DCC applications (Maya, Blender, Houdini, …) connected to this hub: instance id, type, version, open scene, state, and the tools each declares.',
    inputSchema: { type: 'object', properties: {} },
    annotations: { readOnlyHint: true, idempotentHint: true, destructiveHint: false },
    source: 'codemode',
    origin: 'hub',
    invoke: async () => {
      const instances = describeInstances(deps.sessions);
      return jsonResult({ success: true, message: instances.length ? `${instances.length} instance(s) connected.` : 'No DCC is connected. Start one with the DCC MCP Hub plugin installed.', instances });
    },
  };
}

function searchTool(deps: BuiltinDeps): ExposedTool {
  return {
    name: 'dcc_search',
    description: "Search the commands of the connected DCCs' Python APIs (e.g. maya.cmds, bpy.ops) by plain words. Returns ranked {name, signature, description}. Use it before dcc_execute to find the right command.",
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What you want to do, in plain words, e.g. "create polygon sphere"' },
        dcc: { type: 'string', description: 'Limit to one DCC type, e.g. "maya" or "blender"' },
        limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
      },
      required: ['query'],
    },
    annotations: { readOnlyHint: true, idempotentHint: true, destructiveHint: false },
    source: 'codemode',
    origin: 'hub',
    invoke: async (args) => {
      const query = typeof args.query === 'string' ? args.query : '';
      if (!query.trim()) return errorResult('dcc_search needs a non-empty "query" string, e.g. {"query": "create sphere"}.');
      const limit = typeof args.limit === 'number' ? Math.max(1, Math.min(50, Math.floor(args.limit))) : 10;
      const result = await deps.search.search({ query, dcc: typeof args.dcc === 'string' ? args.dcc : undefined, limit });
      return jsonResult(result, result.success === false);
    },
  };
}

function executeTool(deps: BuiltinDeps): ExposedTool {
  return {
    name: 'dcc_execute',
    description:
      'Run a Python script inside a DCC on its main thread. The code is a function body: use a top-level `return` for the output (the last expression is NOT returned); print() output is captured. `dispatch(name, args)` calls the instance\'s declared tools; `progress(value, total, message)` reports progress. The user may have to approve the script first.',
    inputSchema: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Python function body, e.g. "import maya.cmds as cmds\\nreturn cmds.ls(selection=True)"' },
        instance: { type: 'string', description: 'DCC type (e.g. "maya") or instance-id prefix; needed only when several DCCs are connected' },
        timeout_secs: { type: 'number', minimum: 1, maximum: MAX_EXECUTE_SECS, default: DEFAULT_EXECUTE_SECS },
      },
      required: ['code'],
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    source: 'codemode',
    origin: 'hub',
    invoke: async (args, ctx) => {
      if (typeof args.code !== 'string' || !args.code.trim()) return errorResult('dcc_execute needs a non-empty "code" string (a Python function body).');
      const timeoutSecs = Math.max(1, Math.min(MAX_EXECUTE_SECS, typeof args.timeout_secs === 'number' ? args.timeout_secs : DEFAULT_EXECUTE_SECS));
      let session: DccSession;
      try {
        session = pickInstance(deps.sessions, typeof args.instance === 'string' ? args.instance : undefined);
      } catch (err) {
        return jsonResult({ success: false, error: describeError(err), message: (err as Error).message }, true);
      }
      const outcome = await deps.approvals.request({ tool: 'dcc_execute', code: args.code, instanceId: session.instanceId, dccType: session.row.dcc_type, scene: session.row.scene ?? undefined, agent: ctx.agent, signal: ctx.signal, onWaiting: waitingProgress(ctx) });
      if (!outcome.approved) return jsonResult({ success: false, error: 'rejected', message: `Script not run: ${outcome.reason}` }, true);
      return runScript(deps, session, { sent: args.code, ran: outcome.code ?? args.code }, timeoutSecs, outcome.requestId, ctx);
    },
  };
}

/** Runs the approved script (`ran`; the artist may have edited what the agent `sent`) and records how it ended. */
async function runScript(deps: BuiltinDeps, session: DccSession, script: { sent: string; ran: string }, timeoutSecs: number, requestId: string, ctx: Parameters<ExposedTool['invoke']>[1]) {
  await deps.pictures?.before(session.instanceId, requestId);
  const started = Date.now();
  const code = script.ran;
  const edit = editNote(script.sent, script.ran);
  try {
    const raw = await session.call(
      'dcc.execute',
      { code, language: 'python', timeout_ms: timeoutSecs * 1000, allowed_tools: deps.allowedTools(session, ctx.agent.id) },
      // The plugin enforces timeout_ms itself and answers TIMEOUT; the hub's own deadline is a safety net.
      { timeoutMs: timeoutSecs * 1000 + 5_000, signal: ctx.signal, onProgress: (p) => ctx.progress(p.progress, p.total ?? undefined, p.message ?? undefined) },
    );
    const r = ScriptResultSchema.safeParse(raw);
    const output = r.success ? r.data.output : raw;
    const ms = r.success && r.data.execution_time_ms ? r.data.execution_time_ms : Date.now() - started;
    const result: Record<string, unknown> = { success: true, output: output ?? null, message: `Script ran in ${Math.round(ms)} ms on ${session.label}.` };
    if (r.success && r.data.stdout) result.stdout = r.data.stdout;
    deps.approvals.recordResult(requestId, { success: true, summary: summarize(output), text: resultText(result), durationMs: Date.now() - started });
    return jsonResult(withEdit(result, edit));
  } catch (err) {
    const errCode = (err as { code?: string }).code;
    const what = errCode === 'TIMEOUT' || errCode === 'REQUEST_TIMEOUT' ? `Script timed out after ${timeoutSecs} s` : errCode === 'CANCELLED' ? 'Script cancelled' : 'Script failed';
    const details = (err as { details?: unknown }).details;
    const result: Record<string, unknown> = { success: false, error: (err as Error).message, message: `${what} on ${session.label}.` };
    if (errCode) result.code = errCode;
    if (typeof details === 'string' && details && details !== 'cancelled') result.stdout = details;
    deps.approvals.recordResult(requestId, { success: false, summary: describeError(err), text: resultText(result), durationMs: Date.now() - started });
    return jsonResult(withEdit(result, edit), true);
  } finally {
    deps.pictures?.after(session.instanceId, requestId);
  }
}

/** The result with the edit note first (if the result is cut to the size cap, the output is what is cut). */
function withEdit(result: Record<string, unknown>, edit: EditNote | null): Record<string, unknown> {
  if (!edit) return result;
  const { success, message, ...rest } = result;
  return { success, message: `${String(message)} The user edited your script before it ran: see "diff".`, ...edit, ...rest };
}

/**
 * The instance an execute goes to: the named one, or the only live one.
 * @throws HubError NOT_FOUND / INVALID_ARGS listing the live instances.
 */
export function pickInstance(sessions: SessionManager, ref: string | undefined): DccSession {
  if (ref) return sessions.resolve(ref);
  const live = sessions.list().filter((s) => s.instanceState === 'ready' || s.instanceState === 'busy');
  if (live.length === 1) return live[0]!;
  const listing = sessions.list().map((s) => `${s.row.dcc_type} (${s.instanceId.slice(0, 8)}, ${s.instanceState})`).join(', ');
  throw Object.assign(new Error(live.length === 0 ? `No DCC is connected${listing ? ` and ready (known: ${listing})` : ''}. Start a DCC with the hub plugin, then call dcc_list_instances.` : `Several DCCs are connected; pass "instance" with a dcc type or instance-id prefix: ${listing}.`), { code: live.length === 0 ? 'NOT_FOUND' : 'INVALID_ARGS' });
}
