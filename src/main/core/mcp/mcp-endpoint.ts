/**
 * `/mcp`: Streamable HTTP with the official SDK, stateful sessions (one SDK Server per MCP session), tools from
 * the ToolSurface, resources, progress and cancellation. Security checks happen before a request gets here.
 */
import { randomUUID } from 'node:crypto';
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
import type { Logger } from '../log';
import type { ExposedTool, ToolContext } from './exposed-tool';
import type { AgentInfo, PausePort } from './ports';
import { registerResources, type ResourceDeps } from './resources';
import type { ToolSurface } from './tool-surface';
import { describeError } from './errors-text';
import { SessionReaper } from './session-reaper';
import { collectGarbage } from './collect-garbage';
import { errorResult } from './tool-result';

/** After a sweep expiring this many sessions the hub collects garbage at once (memory goes back to the OS). */
const MASS_EXPIRY = 20;

/** `tools/list` pages beyond this many tools (SPEC §6). */
export const TOOLS_PAGE_SIZE = 64;

interface McpSession {
  id: string;
  server: Server;
  transport: StreamableHTTPServerTransport;
}

export interface McpEndpointDeps extends ResourceDeps {
  surface: ToolSurface;
  pause: PausePort;
  logger: Logger;
  version: string;
  /** Idle lifetime of an MCP session (default 30 min). */
  sessionIdleMs?: number;
}

export class McpEndpoint {
  private readonly sessions = new Map<string, McpSession>();
  private closed = false;
  private readonly reaper: SessionReaper;
  private gcTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: McpEndpointDeps) {
    this.reaper = new SessionReaper({ idleMs: deps.sessionIdleMs, onExpire: (id) => this.expire(id), onSwept: (n) => this.afterSweep(n) });
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** The agents (MCP clientInfo) of the open sessions. */
  agents(): AgentInfo[] {
    return [...this.sessions.values()].map((s) => agentOf(s.server));
  }

  /** Handles POST/GET/DELETE /mcp; `body` is the parsed JSON of a POST. */
  async handle(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    const sid = req.headers['mcp-session-id'];
    const id = Array.isArray(sid) ? sid[0] : sid;
    if (id) {
      const s = this.sessions.get(id);
      if (!s) return jsonRpcError(res, 404, -32001, `Session ${id} not found: it expired or the hub restarted. Re-initialize the MCP connection.`);
      if (req.method === 'POST') res.once('close', this.reaper.begin(id));
      else this.reaper.touch(id);
      return s.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return jsonRpcError(res, 400, -32000, 'No mcp-session-id header: the first request of a session must be an initialize request (POST).');
    }
    if (this.closed) return jsonRpcError(res, 503, -32000, 'The hub is shutting down.');
    const session = this.createSession();
    await session.server.connect(session.transport);
    await session.transport.handleRequest(req, res, body);
  }

  /** Tells every session that the tool list changed. */
  notifyToolsChanged(): void {
    for (const s of this.sessions.values()) s.server.sendToolListChanged().catch(() => {});
  }

  notifyResourcesChanged(): void {
    for (const s of this.sessions.values()) s.server.sendResourceListChanged().catch(() => {});
  }

  /** Closes every MCP session, after answers already on their way (up to 2 s) have reached their agents. */
  async close(): Promise<void> {
    this.closed = true;
    await this.reaper.drain(2_000);
    this.reaper.stop();
    if (this.gcTimer) clearTimeout(this.gcTimer);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.transport.close().catch(() => {})));
  }

  /** Once the expired sessions' transports have closed, a full GC returns their memory (see collect-garbage). */
  private afterSweep(expired: number): void {
    if (expired < MASS_EXPIRY || this.gcTimer) return;
    this.gcTimer = setTimeout(() => {
      this.gcTimer = null;
      collectGarbage();
    }, 1_000);
    this.gcTimer.unref();
  }

  private expire(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    const idle = this.reaper.idleMs >= 120_000 ? `${Math.round(this.reaper.idleMs / 60_000)} min` : `${Math.round(this.reaper.idleMs / 1000)} s`;
    this.deps.logger.info(`MCP session expired after ${idle} idle`, { session: id.slice(0, 8) });
    void s.transport.close().catch(() => {});
  }

  private createSession(): McpSession {
    const server = new Server(
      { name: 'dcc-mcp-hub', title: 'DCC MCP Hub', version: this.deps.version },
      {
        capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, prompts: { listChanged: true } },
        instructions:
          'DCC MCP Hub connects you to the DCC applications (Maya, Blender, …) open on this machine. Call dcc_list_instances to see them, dcc_search to find commands of their Python APIs, and dcc_execute to run a script inside one (the user may need to approve it). Instance tools are named {dcc}__{tool}.',
      },
    );
    const session: McpSession = { id: '', server, transport: undefined as unknown as StreamableHTTPServerTransport };
    session.transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        session.id = sid;
        this.sessions.set(sid, session);
        this.reaper.touch(sid);
        this.deps.logger.info('MCP session opened', { session: sid.slice(0, 8) });
      },
    });
    session.transport.onclose = () => {
      if (session.id) this.sessions.delete(session.id);
      if (session.id) this.reaper.forget(session.id);
    };
    this.registerTools(server);
    registerResources(server, this.deps);
    return session;
  }

  private registerTools(server: Server): void {
    server.setRequestHandler(ListToolsRequestSchema, (req) => {
      const tools = this.deps.surface.visible(agentOf(server).name);
      const start = req.params?.cursor ? Number.parseInt(req.params.cursor, 10) || 0 : 0;
      const page = tools.slice(start, start + TOOLS_PAGE_SIZE).map(toMcpTool);
      const next = start + TOOLS_PAGE_SIZE < tools.length ? String(start + TOOLS_PAGE_SIZE) : undefined;
      return next ? { tools: page, nextCursor: next } : { tools: page };
    });
    server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
      const agent = agentOf(server);
      if (this.deps.pause.isPaused()) return errorResult('Agent access is paused in DCC MCP Hub (tray → Resume agent access). Try again when the user resumes it.');
      const { tool, why } = this.deps.surface.find(req.params.name, agent.name);
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

function agentOf(server: Server): AgentInfo {
  const info = server.getClientVersion();
  return { name: info?.name ?? 'unknown-agent', version: info?.version };
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
