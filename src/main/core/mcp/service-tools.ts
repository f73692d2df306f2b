/**
 * External services' tools on the hub's surface (SPEC §6, §7): every field the service declared is passed on
 * (title, output schema, annotations, execution, icons, `_meta`), only the name gets the `{service}__` prefix
 * and oversized descriptions/schemas are capped. Results are capped at 24 KB of text like DCC tools; a tool the
 * service marks destructive passes the approval gate and its run is audited.
 */
import { ErrorCode, McpError, type CallToolResult, type ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { objectSchema, safeToolName, type ExposedTool } from './exposed-tool';
import { describeError } from './errors-text';
import { resultText, summarize, waitingProgress } from './instance-tools';
import type { ApprovalPort, ServicesPort, ServiceTool } from './ports';
import { capDescription, capInputSchema, capOutputSchema } from './tool-caps';
import { capResult, errorResult } from './tool-result';

/** JSON-RPC errors of a service relayed as errors, not turned into a tool result: URL elicitation required, invalid params. */
const PASS_THROUGH = new Set<number>([ErrorCode.UrlElicitationRequired, ErrorCode.InvalidParams]);

/** One service tool as an ExposedTool. */
export function serviceTool(t: ServiceTool, services: ServicesPort, approvals: ApprovalPort): ExposedTool {
  const raw = t.raw;
  const wire: ExposedTool['wire'] = {};
  const out = capOutputSchema(raw?.outputSchema);
  if (out) wire.outputSchema = out;
  if (raw?.execution) wire.execution = raw.execution;
  if (raw?.icons) wire.icons = raw.icons;
  if (raw?._meta) wire._meta = raw._meta;
  return {
    name: safeToolName(t.qualifiedName),
    title: raw?.title,
    description: capDescription(t.description),
    inputSchema: capInputSchema(objectSchema(t.inputSchema)),
    annotations: t.annotations as ToolAnnotations | undefined,
    wire,
    source: 'service',
    origin: t.service,
    invoke: async (args, ctx) => {
      const started = Date.now();
      let requestId: string | undefined;
      // A tool its server marks destructive passes the approval gate like a DCC's own, and is audited.
      if (t.annotations?.destructiveHint === true) {
        const outcome = await approvals.request({ tool: t.qualifiedName, arguments: args, instanceId: t.service, dccType: t.service, service: true, agent: ctx.agent, signal: ctx.signal, onWaiting: waitingProgress(ctx) });
        if (!outcome.approved) return errorResult(`Not run: ${outcome.reason}`);
        requestId = outcome.requestId;
      }
      let result: CallToolResult;
      try {
        result = await services.callTool(t.service, t.tool, args, { signal: ctx.signal, channel: ctx.channel, onProgress: (p) => ctx.progress(p.progress, p.total, p.message) });
      } catch (err) {
        if (requestId) approvals.recordResult(requestId, { success: false, summary: describeError(err), durationMs: Date.now() - started });
        // The service's protocol errors the agent must act on pass unchanged (e.g. -32042: open this URL first).
        if (err instanceof McpError && PASS_THROUGH.has(err.code)) throw err;
        return errorResult(`${t.qualifiedName} failed: ${describeError(err)}`);
      }
      if (requestId) approvals.recordResult(requestId, { success: result.isError !== true, summary: summarize(result.structuredContent ?? result.content), text: resultText(result.structuredContent ?? result.content), durationMs: Date.now() - started });
      return capResult(result);
    },
  };
}
