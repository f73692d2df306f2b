/**
 * `completion/complete` (SPEC §6): the hub completes its own template variables (instance ids and DCC types
 * for `dcc://{instance}/scene`) and object names from the live scene for DCC prompt arguments and template
 * variables that name objects; services' prompts and templates are completed by the service itself.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CompleteRequestSchema, type CompleteRequest, type CompleteResult } from '@modelcontextprotocol/sdk/types.js';
import type { DccSession } from '../sessions/session';
import { findPrompt } from './prompts';
import type { ResourceDeps } from './resources';

/** The spec's cap on completion values per answer. */
const MAX_VALUES = 100;
/** Argument / variable names completed with scene object names. */
const OBJECT_ARG = /^(object|objects|object_name|name|node|target)$/i;

export function registerCompletions(server: Server, deps: ResourceDeps, agent: () => string): void {
  server.setRequestHandler(CompleteRequestSchema, async (req): Promise<CompleteResult> => {
    const { ref, argument } = req.params;
    if (ref.type === 'ref/prompt') {
      const e = findPrompt(deps, ref.name, agent());
      if (e.kind === 'service') return deps.services!.complete!(e.service, { ...req.params, ref: { type: 'ref/prompt', name: e.local.name } } as CompleteRequest['params']);
      return OBJECT_ARG.test(argument.name) ? values(await objectNames(e.session), argument.value) : values([], '');
    }
    if (ref.uri === 'dcc://{instance}/scene') {
      const live = deps.sessions.list().filter((s) => s.hello);
      return values([...new Set([...live.map((s) => s.row.dcc_type), ...live.map((s) => s.instanceId)])], argument.value);
    }
    const owner = deps.sessions.list().find((s) => s.hello?.resource_templates.some((t) => t.uri_template === ref.uri));
    if (owner) return OBJECT_ARG.test(argument.name) ? values(await objectNames(owner), argument.value) : values([], '');
    const service = deps.services?.resourceTemplates?.(agent()).find((t) => t.item.uriTemplate === ref.uri)?.service;
    if (service) return deps.services!.complete!(service, req.params);
    return values([], '');
  });
}

/** Names of the instance's scene objects (empty when it has no scene traits or does not answer). */
async function objectNames(session: DccSession): Promise<string[]> {
  if (!session.hello?.capabilities.scene_info) return [];
  try {
    const objs = (await session.call('scene.list_objects', {}, { timeoutMs: 5_000 })) as Array<{ name?: unknown }> | { objects?: Array<{ name?: unknown }> };
    const list = Array.isArray(objs) ? objs : (objs.objects ?? []);
    return list.map((o) => o.name).filter((n): n is string => typeof n === 'string');
  } catch {
    return [];
  }
}

/** Values starting with `prefix` (case-insensitive), at most 100, with the total and hasMore. */
function values(all: string[], prefix: string): CompleteResult {
  const p = prefix.toLowerCase();
  const hits = all.filter((v) => v.toLowerCase().startsWith(p)).sort();
  return { completion: { values: hits.slice(0, MAX_VALUES), total: hits.length, hasMore: hits.length > MAX_VALUES } };
}
