/**
 * MCP resources (SPEC §6): `dcc://instances` and the template `dcc://{instance}/scene`, read live from the
 * sessions. Instance-declared resources and prompts are namespaced like tools.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  McpError,
  ErrorCode,
} from '@modelcontextprotocol/sdk/types.js';
import type { SessionManager } from '../sessions/session-manager';
import { describeInstances } from './builtin-tools';
import { safeToolName } from './exposed-tool';

export interface ResourceDeps {
  sessions: SessionManager;
}

const SCENE_RE = /^dcc:\/\/([^/]+)\/scene$/;

export function registerResources(server: Server, deps: ResourceDeps): void {
  server.setRequestHandler(ListResourcesRequestSchema, () => {
    const resources = [{ uri: 'dcc://instances', name: 'instances', title: 'Connected DCC instances', mimeType: 'application/json' }];
    for (const s of deps.sessions.list()) {
      if (!s.hello) continue;
      resources.push({ uri: `dcc://${s.instanceId}/scene`, name: `${s.row.dcc_type}_scene`, title: `${s.row.dcc_type} scene (${s.instanceId.slice(0, 8)})`, mimeType: 'application/json' });
      for (const r of s.hello.resources) resources.push({ uri: r.uri, name: safeToolName(`${s.row.dcc_type}__${r.name}`), title: r.description || r.name, mimeType: r.mime_type });
    }
    return { resources };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      { uriTemplate: 'dcc://{instance}/scene', name: 'scene', title: 'Scene of a DCC instance', description: 'instance = instance id, id prefix, or dcc type', mimeType: 'application/json' },
      ...deps.sessions.list().flatMap((s) => (s.hello?.resource_templates ?? []).map((t) => ({ uriTemplate: t.uri_template, name: safeToolName(`${s.row.dcc_type}__${t.name}`), description: t.description, mimeType: t.mime_type }))),
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const uri = req.params.uri;
    if (uri === 'dcc://instances') return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(describeInstances(deps.sessions), null, 2) }] };
    const m = SCENE_RE.exec(uri);
    if (m) {
      const info = await deps.sessions.call(decodeURIComponent(m[1]!), 'scene.info');
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(info, null, 2) }] };
    }
    const owner = deps.sessions.list().find((s) => s.hello?.resources.some((r) => r.uri === uri));
    if (!owner) throw new McpError(ErrorCode.InvalidParams, `Unknown resource ${uri}; see resources/list`);
    const res = (await owner.call('dcc.read_resource', { uri })) as { text?: string; mime_type?: string } | string;
    return { contents: [{ uri, mimeType: typeof res === 'object' ? (res.mime_type ?? 'text/plain') : 'text/plain', text: typeof res === 'string' ? res : (res.text ?? JSON.stringify(res)) }] };
  });
  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: deps.sessions.list().flatMap((s) =>
      (s.hello?.prompts ?? []).map((p) => ({ name: safeToolName(`${s.row.dcc_type}__${p.name}`), description: p.description, arguments: p.arguments.map((a) => ({ name: a.name, description: a.description, required: a.required })) })),
    ),
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (req) => {
    for (const s of deps.sessions.list()) {
      const p = s.hello?.prompts.find((x) => safeToolName(`${s.row.dcc_type}__${x.name}`) === req.params.name);
      if (!p) continue;
      const r = (await s.call('dcc.get_prompt', { name: p.name, arguments: req.params.arguments ?? {} })) as { description?: string; messages?: unknown[] } | string;
      if (typeof r === 'string') return { messages: [{ role: 'user' as const, content: { type: 'text' as const, text: r } }] };
      return { description: r.description, messages: (r.messages ?? []) as never };
    }
    throw new McpError(ErrorCode.InvalidParams, `Unknown prompt ${req.params.name}; see prompts/list`);
  });
}
