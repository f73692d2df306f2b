/**
 * Everything one external MCP service offers, kept losslessly: tools (every field), resources, resource
 * templates and prompts, each re-fetched when the service sends its `list_changed`. Also the URIs its tools
 * returned as resource links, so an agent can read them through the hub.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';

/** What changed in a service's catalog. */
export type CatalogKind = 'tools' | 'resources' | 'prompts';

/** Items of any one list past this count are ignored (a runaway server cannot exhaust the hub). */
const MAX_ITEMS = 10_000;
/** Remembered resource-link URIs per service (oldest forgotten first). */
const MAX_LINKS = 1_000;

export class ServiceCatalog {
  tools: Tool[] = [];
  resources: Resource[] = [];
  templates: ResourceTemplate[] = [];
  prompts: Prompt[] = [];
  private readonly links = new Set<string>();
  private matchers: UriTemplate[] = [];

  constructor(
    private readonly timeoutMs: number,
    private readonly onChanged: (kind: CatalogKind) => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** Fetches every list the service's capabilities announce and listens for their `list_changed`. */
  async load(client: Client): Promise<void> {
    const caps = client.getServerCapabilities() ?? {};
    // Listen first: a service may add tools right after initialize (e.g. ones that need sampling), while we list.
    const early = new Set<CatalogKind>();
    let loading = true;
    const on = (kind: CatalogKind) => (): Promise<void> | void => (loading ? void early.add(kind) : this.refresh(client, kind));
    client.setNotificationHandler(ToolListChangedNotificationSchema, on('tools'));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, on('resources'));
    client.setNotificationHandler(PromptListChangedNotificationSchema, on('prompts'));
    this.tools = caps.tools ? await this.fetchTools(client) : [];
    if (caps.resources) await this.fetchResources(client);
    if (caps.prompts) this.prompts = await this.fetchPrompts(client);
    loading = false;
    for (const kind of early) void this.refresh(client, kind);
  }

  /** Remembers the resource links (and embedded resources) a tool returned, so reads can be routed. */
  noteLinks(result: CallToolResult): void {
    for (const c of result.content ?? []) {
      const uri = c.type === 'resource_link' ? c.uri : c.type === 'resource' ? c.resource.uri : undefined;
      if (!uri) continue;
      this.links.delete(uri);
      this.links.add(uri);
      if (this.links.size > MAX_LINKS) this.links.delete(this.links.values().next().value!);
    }
  }

  /** Does this service offer `uri`: listed, returned as a link, or matching one of its templates? */
  offers(uri: string): boolean {
    return this.resources.some((r) => r.uri === uri) || this.links.has(uri) || this.matchers.some((m) => m.match(uri) !== null);
  }

  private async refresh(client: Client, kind: CatalogKind): Promise<void> {
    try {
      if (kind === 'tools') this.tools = await this.fetchTools(client);
      else if (kind === 'resources') await this.fetchResources(client);
      else this.prompts = await this.fetchPrompts(client);
      this.onChanged(kind);
    } catch (err) {
      this.onError(`could not refresh ${kind}: ${(err as Error).message}`);
    }
  }

  private async fetchTools(client: Client): Promise<Tool[]> {
    return paged((cursor) => client.listTools(cursor ? { cursor } : undefined, { timeout: this.timeoutMs }).then((p) => ({ items: p.tools, next: p.nextCursor })));
  }

  private async fetchPrompts(client: Client): Promise<Prompt[]> {
    return paged((cursor) => client.listPrompts(cursor ? { cursor } : undefined, { timeout: this.timeoutMs }).then((p) => ({ items: p.prompts, next: p.nextCursor })));
  }

  private async fetchResources(client: Client): Promise<void> {
    this.resources = await paged((cursor) => client.listResources(cursor ? { cursor } : undefined, { timeout: this.timeoutMs }).then((p) => ({ items: p.resources, next: p.nextCursor })));
    this.templates = await paged((cursor) => client.listResourceTemplates(cursor ? { cursor } : undefined, { timeout: this.timeoutMs }).then((p) => ({ items: p.resourceTemplates, next: p.nextCursor })));
    this.matchers = this.templates.flatMap((t) => {
      try {
        return [new UriTemplate(t.uriTemplate)];
      } catch {
        return [];
      }
    });
  }
}

async function paged<T>(page: (cursor?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.next;
  } while (cursor && out.length < MAX_ITEMS);
  return out.slice(0, MAX_ITEMS);
}
