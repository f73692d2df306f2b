/**
 * MCP prompts (SPEC §6): those DCC instances declare, named like their tools (`{dcc}__{prompt}`, with the
 * `{dcc}_{8hex}__` prefix when several instances of one dcc_type are live), and those external services
 * declare as `{service}__{prompt}`; every other field as the source sent it.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, GetPromptRequestSchema, ListPromptsRequestSchema, McpError, type GetPromptResult, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { PromptDefinition } from '../../../shared/dcclink';
import type { DccSession } from '../sessions/session';
import { withPrefixes, type ResourceDeps } from './resources';

/** A prompt on the hub's surface and where it comes from. */
export type PromptEntry = { prompt: Prompt } & ({ kind: 'dcc'; session: DccSession; local: PromptDefinition } | { kind: 'service'; service: string; local: Prompt });

/** Every prompt an agent sees. */
export function promptEntries(deps: ResourceDeps, agent: string): PromptEntry[] {
  const out: PromptEntry[] = [];
  for (const [s, prefix] of withPrefixes(deps)) {
    for (const p of s.hello!.prompts) {
      const prompt: Prompt = { name: `${prefix}__${p.name}`, description: p.description, arguments: p.arguments.map((a) => ({ name: a.name, description: a.description, required: a.required })) };
      out.push({ prompt, kind: 'dcc', session: s, local: p });
    }
  }
  for (const { service, item } of deps.services?.prompts?.(agent) ?? []) out.push({ prompt: { ...item, name: `${service}__${item.name}` }, kind: 'service', service, local: item });
  return out;
}

/**
 * The prompt named `name`.
 * @throws McpError -32602 for an unknown prompt.
 */
export function findPrompt(deps: ResourceDeps, name: string, agent: string): PromptEntry {
  const e = promptEntries(deps, agent).find((x) => x.prompt.name === name);
  if (!e) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt ${name}; see prompts/list`, { name });
  return e;
}

export function registerPrompts(server: Server, deps: ResourceDeps, agent: () => string): void {
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: promptEntries(deps, agent()).map((e) => e.prompt) }));
  server.setRequestHandler(GetPromptRequestSchema, async (req, extra): Promise<GetPromptResult> => {
    const e = findPrompt(deps, req.params.name, agent());
    if (e.kind === 'service') return deps.services!.getPrompt!(e.service, e.local.name, req.params.arguments, { signal: extra.signal });
    const r = (await e.session.call('dcc.get_prompt', { name: e.local.name, arguments: req.params.arguments ?? {} })) as { description?: string; messages?: unknown[] } | string;
    if (typeof r === 'string') return { messages: [{ role: 'user', content: { type: 'text', text: r } }] };
    return { description: r.description, messages: (r.messages ?? []) as GetPromptResult['messages'] };
  });
}
