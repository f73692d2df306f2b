/**
 * `/mcp`: Streamable HTTP with the official SDK, stateful sessions (one SDK Server per MCP session), tools from
 * the ToolSurface, resources, progress and cancellation. Security checks happen before a request gets here.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  isInitializeRequest,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { AgentIdentity } from '../auth/agent-store';
import type { Logger } from '../log';
import type { ExposedTool, ToolContext } from './exposed-tool';
import type { AgentInfo, PausePort } from './ports';
import { registerResources, type ResourceDeps } from './resources';
import { registerPrompts } from './prompts';
import { registerCompletions } from './completions';
import { BoundedEventStore, SSE_RETRY_MS } from './event-store';
import { NodeStreamTransport } from './node-transport';
import { agentChannel, Fanout, registerAgentRelays } from './relay';
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
  /** Who opened it: every later request on this session must carry a credential of the same agent. */
  agent: AgentIdentity;
  server: Server;
  transport: NodeStreamTransport;
  events: BoundedEventStore;
}

export interface McpEndpointDeps extends ResourceDeps {
  surface: ToolSurface;
  pause: PausePort;
  logger: Logger;
  version: string;
  /** Told of every request an agent makes (last seen, call counts). */
  onAgentRequest?: (agent: AgentInfo) => void;
  /** Idle lifetime of an MCP session (default 30 min). */
  sessionIdleMs?: number;
  /** Resumable streams (event store, priming event, Last-Event-ID); default on. */
  resumable?: boolean;
}

export class McpEndpoint extends EventEmitter<{ sessions: [] }> {
  private readonly sessions = new Map<string, McpSession>();
  private closed = false;
  /** Hub-wide events (logs, resource updates) to every session. */
  readonly fanout = new Fanout(() => [...this.sessions.values()]);
  private readonly reaper: SessionReaper;
  private gcTimer: NodeJS.Timeout | null = null;
  /** Told of each new session's connected transport (the Traffic page's agent-level rows hook in here). */
  onTransport: ((transport: NodeStreamTransport, agentName: () => string) => void) | null = null;

  constructor(private readonly deps: McpEndpointDeps) {
    super();
    this.reaper = new SessionReaper({ idleMs: deps.sessionIdleMs, onExpire: (id) => this.expire(id), onSwept: (n) => this.afterSweep(n) });
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Stream events kept for resumption, over all sessions (what a memory question looks at first). */
  eventsKept(): number {
    let n = 0;
    for (const s of this.sessions.values()) n += s.events.size;
    return n;
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
      if (req.method === 'GET') s.events.resumeFirstGet(req.headers);
      if (req.method === 'POST') res.once('close', this.reaper.begin(id));
      else this.reaper.touch(id);
      return s.transport.handleNode(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return jsonRpcError(res, 400, -32000, 'No mcp-session-id header: the first request of a session must be an initialize request (POST).');
    }
    if (this.closed) return jsonRpcError(res, 503, -32000, 'The hub is shutting down.');
    const session = this.createSession(agent);
    await session.server.connect(session.transport);
    this.onTransport?.(session.transport, () => agentOf(session).name);
    await session.transport.handleNode(req, res, body);
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

  notifyPromptsChanged(): void {
    for (const s of this.sessions.values()) s.server.sendPromptListChanged().catch(() => {});
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
    this.emit('sessions');
    const idle = this.reaper.idleMs >= 120_000 ? `${Math.round(this.reaper.idleMs / 60_000)} min` : `${Math.round(this.reaper.idleMs / 1000)} s`;
    this.deps.logger.info(`MCP session expired after ${idle} idle`, { session: id.slice(0, 8) });
    void s.transport.close().catch(() => {});
  }

  private createSession(agent: AgentIdentity): McpSession {
    const server = new Server(
      { name: 'dcc-mcp-hub', title: 'DCC MCP Hub', version: this.deps.version },
      {
        capabilities: { tools: { listChanged: true }, resources: { listChanged: true, subscribe: true }, prompts: { listChanged: true }, logging: {}, completions: {} },
        instructions:
          'DCC MCP Hub connects you to the DCC applications (Maya, Blender, …) open on this machine. Call dcc_list_instances to see them, dcc_search to find commands of their Python APIs, and dcc_execute to run a script inside one (the user may need to approve it). Instance tools are named {dcc}__{tool}.',
      },
    );
    const session: McpSession = { id: '', agent, server, transport: undefined as unknown as NodeStreamTransport, events: new BoundedEventStore() };
    session.transport = new NodeStreamTransport({
      sessionIdGenerator: () => randomUUID(),
      // Resumable streams: a priming event with `retry`, and replay after Last-Event-ID.
      ...(this.deps.resumable === false ? {} : { eventStore: session.events, retryInterval: SSE_RETRY_MS }),
      onsessioninitialized: (sid) => {
        session.id = sid;
        this.sessions.set(sid, session);
        this.emit('sessions');
        this.reaper.touch(sid);
        this.deps.logger.info('MCP session opened', { session: sid.slice(0, 8), agent: agent.name });
      },
    });
    // A delivered response needs no replay: its events go at once, so a busy agent does not fill the store.
    session.transport.onDelivered = (eventId) => session.events.forgetStreamOf(eventId);
    session.transport.onclose = () => {
      if (session.id && this.sessions.delete(session.id)) this.emit('sessions');
      if (session.id) this.reaper.forget(session.id);
      this.fanout.release(server, this.deps.services);
    };
    this.registerTools(session);
    // Scopes and relays key on the agent's identity (its credential), never on clientInfo.
    const agentId = (): string => session.agent.id;
    registerResources(server, this.deps, this.fanout, agentId);
    registerPrompts(server, this.deps, agentId);
    registerCompletions(server, this.deps, agentId);
    registerAgentRelays(server, this.deps.services);
    return session;
  }

  private registerTools(session: McpSession): void {
    const server = session.server;
    server.setRequestHandler(ListToolsRequestSchema, (req) => {
      const tools = this.deps.surface.visible(session.agent.id);
      const start = parseCursor(req.params?.cursor);
      const page = tools.slice(start, start + TOOLS_PAGE_SIZE).map(toMcpTool);
      const next = start + TOOLS_PAGE_SIZE < tools.length ? String(start + TOOLS_PAGE_SIZE) : undefined;
      return next ? { tools: page, nextCursor: next } : { tools: page };
    });
    server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
      const agent = agentOf(session);
      this.deps.onAgentRequest?.(agent);
      if (this.deps.pause.isPaused()) return errorResult('Agent access is paused in DCC MCP Hub (tray → Resume agent access). Try again when the user resumes it.');
      const { tool, why } = this.deps.surface.find(req.params.name, agent.id);
      // An unknown tool is a protocol error (-32602) per the 2025-11-25 spec; a disabled one a readable result.
      if (!tool) {
        if (!this.deps.surface.everything().some((t) => t.name === req.params.name)) throw new McpError(ErrorCode.InvalidParams, why!, { name: req.params.name });
        return errorResult(why!);
      }
      const token = req.params._meta?.progressToken;
      let sent = Promise.resolve();
      const ctx: ToolContext = {
        agent,
        signal: extra.signal,
        channel: agentChannel(server, extra, agent),
        progress: (progress, total, message) => {
          if (token === undefined) return;
          const params = { progressToken: token, progress, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}) };
          sent = sent.then(() => extra.sendNotification({ method: 'notifications/progress', params })).catch(() => {});
        },
      };
      const result = await invokeSafely(tool, (req.params.arguments ?? {}) as Record<string, unknown>, ctx, this.deps.logger);
      // Every progress step goes out before the result (a relayed last step must not trail it).
      await sent;
      return result;
    });
  }
}

async function invokeSafely(tool: ExposedTool, args: Record<string, unknown>, ctx: ToolContext, log: Logger): Promise<CallToolResult> {
  try {
    return await tool.invoke(args, ctx);
  } catch (err) {
    if (err instanceof McpError) throw err; // a protocol error meant for the agent (relayed from a service)
    log.warn(`tool ${tool.name} threw`, { error: describeError(err) });
    return errorResult(`${tool.name} failed: ${describeError(err)}`);
  }
}

function toMcpTool(t: ExposedTool): Tool {
  const out: Tool = { name: t.name, description: t.description, inputSchema: t.inputSchema };
  if (t.title) out.title = t.title;
  if (t.annotations) out.annotations = t.annotations;
  return t.wire ? { ...out, ...t.wire } : out;
}

/**
 * The start index a `tools/list` cursor names.
 * @throws McpError -32602 for a cursor the hub did not hand out (never silently restart at 0).
 */
function parseCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const n = /^\d{1,9}$/.test(cursor) ? Number(cursor) : NaN;
  if (!(n > 0 && n % TOOLS_PAGE_SIZE === 0)) throw new McpError(ErrorCode.InvalidParams, `Invalid cursor "${cursor}": pass the nextCursor of the previous tools/list answer, or none to start over.`);
  return n;
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
