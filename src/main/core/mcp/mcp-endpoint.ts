/**
 * `/mcp`: Streamable HTTP with the official SDK, stateful sessions (one SDK Server per MCP session), tools from
 * the ToolSurface, resources, progress and cancellation. Security checks happen before a request gets here.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  isInitializeRequest,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { AgentIdentity } from '../auth/agent-store';
import type { Logger } from '../log';
import type { ExposedTool, ToolContext } from './exposed-tool';
import type { AgentInfo, PausePort } from './ports';
import { registerResources, type ResourceDeps } from './resources';
import type { ToolSurface } from './tool-surface';
import { describeError } from './errors-text';
import { errorResult } from './tool-result';

/** `tools/list` pages beyond this many tools (SPEC §6). */
export const TOOLS_PAGE_SIZE = 64;

interface McpSession {
  id: string;
  /** Who opened it: every later request on this session must carry a credential of the same agent. */
  agent: AgentIdentity;
  server: Server;
  transport: StreamableHTTPServerTransport;
}

export interface McpEndpointDeps extends ResourceDeps {
  surface: ToolSurface;
  pause: PausePort;
  logger: Logger;
  version: string;
  /** Told of every request an agent makes (last seen, call counts). */
  onAgentRequest?: (agent: AgentInfo) => void;
}

export class McpEndpoint extends EventEmitter<{ sessions: [] }> {
  private readonly sessions = new Map<string, McpSession>();
  private closed = false;
  /** Told of each new session's connected transport (the Traffic page's agent-level rows hook in here). */
  onTransport: ((transport: StreamableHTTPServerTransport, agentName: () => string) => void) | null = null;

  constructor(private readonly deps: McpEndpointDeps) {
    super();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** The agents of the open sessions. */
  agents(): AgentInfo[] {
    return [...this.sessions.values()].map((s) => agentOf(s));
  }

  /** Open sessions per agent id. */
  sessionsByAgent(): Map<string, number> {
    const m = new Map<string, number>();
    for (const s of this.sessions.values()) m.set(s.agent.id, (m.get(s.agent.id) ?? 0) + 1);
    return m;
  }

  /**
   * Handles POST/GET/DELETE /mcp for an authenticated agent; `body` is the parsed JSON of a POST.
   * A session id only works with a credential of the agent that opened it (no riding another agent's session).
   */
  async handle(req: IncomingMessage, res: ServerResponse, agent: AgentIdentity, body?: unknown): Promise<void> {
    const sid = req.headers['mcp-session-id'];
    const id = Array.isArray(sid) ? sid[0] : sid;
    if (id) {
      const s = this.sessions.get(id);
      if (!s || s.agent.id !== agent.id) return jsonRpcError(res, 404, -32001, `Session ${id} not found: it expired, was ended, or the hub restarted. Re-initialize the MCP connection.`);
      return s.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return jsonRpcError(res, 400, -32000, 'No mcp-session-id header: the first request of a session must be an initialize request (POST).');
    }
    if (this.closed) return jsonRpcError(res, 503, -32000, 'The hub is shutting down.');
    const session = this.createSession(agent);
    await session.server.connect(session.transport);
    this.onTransport?.(session.transport, () => agentOf(session).name);
    await session.transport.handleRequest(req, res, body);
  }

  /** Ends every MCP session of one agent now (its credential was revoked or rotated). */
  async closeAgentSessions(agentId: string): Promise<number> {
    const mine = [...this.sessions.values()].filter((s) => s.agent.id === agentId);
    for (const s of mine) this.sessions.delete(s.id);
    if (mine.length) this.emit('sessions');
    await Promise.all(mine.map((s) => s.transport.close().catch(() => {})));
    if (mine.length) this.deps.logger.info(`ended ${mine.length} MCP session(s) of agent ${agentId.slice(0, 8)}`);
    return mine.length;
  }

  /** Tells every session that the tool list changed. */
  notifyToolsChanged(): void {
    for (const s of this.sessions.values()) s.server.sendToolListChanged().catch(() => {});
  }

  notifyResourcesChanged(): void {
    for (const s of this.sessions.values()) s.server.sendResourceListChanged().catch(() => {});
  }

  /** Closes every MCP session. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.transport.close().catch(() => {})));
  }

  private createSession(agent: AgentIdentity): McpSession {
    const server = new Server(
      { name: 'dcc-mcp-hub', title: 'DCC MCP Hub', version: this.deps.version },
      {
        capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, prompts: { listChanged: true } },
        instructions:
          'DCC MCP Hub connects you to the DCC applications (Maya, Blender, …) open on this machine. Call dcc_list_instances to see them, dcc_search to find commands of their Python APIs, and dcc_execute to run a script inside one (the user may need to approve it). Instance tools are named {dcc}__{tool}.',
      },
    );
    const session: McpSession = { id: '', agent, server, transport: undefined as unknown as StreamableHTTPServerTransport };
    session.transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        session.id = sid;
        this.sessions.set(sid, session);
        this.emit('sessions');
        this.deps.logger.info('MCP session opened', { session: sid.slice(0, 8), agent: agent.name });
      },
    });
    session.transport.onclose = () => {
      if (session.id && this.sessions.delete(session.id)) this.emit('sessions');
    };
    this.registerTools(session);
    registerResources(server, this.deps);
    return session;
  }

  private registerTools(session: McpSession): void {
    const server = session.server;
    server.setRequestHandler(ListToolsRequestSchema, (req) => {
      const tools = this.deps.surface.visible(session.agent.id);
      const start = req.params?.cursor ? Number.parseInt(req.params.cursor, 10) || 0 : 0;
      const page = tools.slice(start, start + TOOLS_PAGE_SIZE).map(toMcpTool);
      const next = start + TOOLS_PAGE_SIZE < tools.length ? String(start + TOOLS_PAGE_SIZE) : undefined;
      return next ? { tools: page, nextCursor: next } : { tools: page };
    });
    server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
      const agent = agentOf(session);
      this.deps.onAgentRequest?.(agent);
      if (this.deps.pause.isPaused()) return errorResult('Agent access is paused in DCC MCP Hub (tray → Resume agent access). Try again when the user resumes it.');
      const { tool, why } = this.deps.surface.find(req.params.name, agent.id);
      if (!tool) return errorResult(why!);
      const token = req.params._meta?.progressToken;
      const ctx: ToolContext = {
        agent,
        signal: extra.signal,
        progress: (progress, total, message) => {
          if (token === undefined) return;
          extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}) } }).catch(() => {});
        },
      };
      return invokeSafely(tool, (req.params.arguments ?? {}) as Record<string, unknown>, ctx, this.deps.logger);
    });
  }
}

async function invokeSafely(tool: ExposedTool, args: Record<string, unknown>, ctx: ToolContext, log: Logger): Promise<CallToolResult> {
  try {
    return await tool.invoke(args, ctx);
  } catch (err) {
    log.warn(`tool ${tool.name} threw`, { error: describeError(err) });
    return errorResult(`${tool.name} failed: ${describeError(err)}`);
  }
}

function toMcpTool(t: ExposedTool): Tool {
  const out: Tool = { name: t.name, description: t.description, inputSchema: t.inputSchema };
  if (t.title) out.title = t.title;
  if (t.annotations) out.annotations = t.annotations;
  return out;
}

/** Identity from the credential; clientInfo only as a label next to it. */
function agentOf(s: McpSession): AgentInfo {
  const info = s.server.getClientVersion();
  return { id: s.agent.id, name: s.agent.name, ...(info?.name ? { client: info.name } : {}), ...(info?.version ? { version: info.version } : {}) };
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
