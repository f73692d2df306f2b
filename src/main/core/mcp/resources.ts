/**
 * MCP resources (SPEC §6): `dcc://instances` and the template `dcc://{instance}/scene`, read live from the
 * sessions, plus the resources and templates instances and external services declare. Naming: URIs pass
 * unchanged (so resource links a tool returns stay readable), names get the tool prefix (`{dcc}__`,
 * `{service}__`). A read goes to the one source offering the URI; two sources → an ambiguity error.
 * Subscriptions: services' resources are subscribed at the service; `dcc://{instance}/scene` and DCC
 * resources are updated on the instance's scene pushes.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  McpError,
  ErrorCode,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { SessionManager } from '../sessions/session-manager';
import type { DccSession } from '../sessions/session';
import { describeInstances } from './builtin-tools';
import { instancePrefix } from './instance-tools';
import type { ServicesPort } from './ports';
import type { Fanout } from './relay';

export interface ResourceDeps {
  sessions: SessionManager;
  services?: ServicesPort;
}

/** JSON-RPC code the 2025-11-25 spec gives "resource not found". */
export const RESOURCE_NOT_FOUND = -32002;

const SCENE_RE = /^dcc:\/\/([^/]+)\/scene$/;

/** Where a read goes. */
type Owner = { kind: 'dcc'; session: DccSession } | { kind: 'service'; service: string };

export function registerResources(server: Server, deps: ResourceDeps, fanout: Fanout, agent: () => string): void {
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [...hubResources(deps), ...(deps.services?.resources?.(agent()) ?? []).map(({ service, item }) => prefixed(service, item))] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      { uriTemplate: 'dcc://{instance}/scene', name: 'scene', title: 'Scene of a DCC instance', description: 'instance = instance id, id prefix, or dcc type', mimeType: 'application/json' },
      ...withPrefixes(deps).flatMap(([s, prefix]) => s.hello!.resource_templates.map((t): ResourceTemplate => ({ uriTemplate: t.uri_template, name: `${prefix}__${t.name}`, description: t.description || undefined, mimeType: t.mime_type }))),
      ...(deps.services?.resourceTemplates?.(agent()) ?? []).map(({ service, item }) => prefixed(service, item)),
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req, extra): Promise<ReadResourceResult> => {
    const uri = req.params.uri;
    if (uri === 'dcc://instances') return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(describeInstances(deps.sessions), null, 2) }] };
    const m = SCENE_RE.exec(uri);
    if (m) {
      const info = await deps.sessions.call(decodeURIComponent(m[1]!), 'scene.info');
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(info, null, 2) }] };
    }
    const owner = ownerOf(deps, uri, agent());
    if (owner.kind === 'service') return deps.services!.readResource!(owner.service, uri, { signal: extra.signal });
    const res = (await owner.session.call('dcc.read_resource', { uri })) as { text?: string; mime_type?: string } | string;
    return { contents: [{ uri, mimeType: typeof res === 'object' ? (res.mime_type ?? 'text/plain') : 'text/plain', text: typeof res === 'string' ? res : (res.text ?? JSON.stringify(res)) }] };
  });
  server.setRequestHandler(SubscribeRequestSchema, async (req) => {
    const uri = req.params.uri;
    const owner = SCENE_RE.test(uri) || uri === 'dcc://instances' ? null : ownerOf(deps, uri, agent());
    if (fanout.subscribe(server, uri) && owner?.kind === 'service') await deps.services!.subscribe!(owner.service, uri, true);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    const uri = req.params.uri;
    if (fanout.unsubscribe(server, uri)) {
      const owners = deps.services?.resourceOwners?.(uri, agent()) ?? [];
      if (owners.length === 1) await deps.services!.subscribe!(owners[0]!, uri, false).catch(() => false);
    }
    return {};
  });
}

/** The hub's own resources and those instances declare. */
function hubResources(deps: ResourceDeps): Resource[] {
  const out: Resource[] = [{ uri: 'dcc://instances', name: 'instances', title: 'Connected DCC instances', mimeType: 'application/json' }];
  for (const [s, prefix] of withPrefixes(deps)) {
    out.push({ uri: `dcc://${s.instanceId}/scene`, name: `${s.row.dcc_type}_scene`, title: `${s.row.dcc_type} scene (${s.instanceId.slice(0, 8)})`, mimeType: 'application/json' });
    for (const r of s.hello!.resources) out.push({ uri: r.uri, name: `${prefix}__${r.name}`, title: r.name, description: r.description || undefined, mimeType: r.mime_type });
  }
  return out;
}

/** Instances that said hello, with their name prefix (`{dcc}`, or `{dcc}_{8hex}` when several share a type). */
export function withPrefixes(deps: ResourceDeps): [DccSession, string][] {
  const live = deps.sessions.list().filter((s) => s.hello);
  const perType = new Map<string, number>();
  for (const s of live) perType.set(s.row.dcc_type, (perType.get(s.row.dcc_type) ?? 0) + 1);
  return live.map((s) => [s, instancePrefix(s, perType.get(s.row.dcc_type) ?? 1)]);
}

/** A service's item with its name namespaced (only tool names have a character rule); every other field as sent. */
function prefixed<T extends { name: string }>(service: string, item: T): T {
  return { ...item, name: `${service}__${item.name}` };
}

/** Does `uri` match the RFC 6570 template (a template that does not parse matches nothing)? */
function matches(template: string, uri: string): boolean {
  try {
    return new UriTemplate(template).match(uri) !== null;
  } catch {
    return false;
  }
}

/**
 * The one source offering `uri`.
 * @throws McpError -32002 when nobody offers it, -32602 when several do (the agent cannot tell which it meant).
 */
function ownerOf(deps: ResourceDeps, uri: string, agent: string): Owner {
  const owners: Owner[] = deps.sessions.list().filter((s) => s.hello && (s.hello.resources.some((r) => r.uri === uri) || s.hello.resource_templates.some((t) => matches(t.uri_template, uri)))).map((session) => ({ kind: 'dcc', session }));
  for (const service of deps.services?.resourceOwners?.(uri, agent) ?? []) owners.push({ kind: 'service', service });
  if (owners.length === 0) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}; see resources/list and resources/templates/list`, { uri });
  if (owners.length > 1) {
    const names = owners.map((o) => (o.kind === 'dcc' ? o.session.label : `service ${o.service}`));
    throw new McpError(ErrorCode.InvalidParams, `Ambiguous resource ${uri}: offered by ${names.join(' and ')}. Remove or disable one of them to read it.`, { uri, sources: names });
  }
  return owners[0]!;
}
