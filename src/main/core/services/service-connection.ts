/**
 * One external MCP service: connects with the official SDK client, lists its tools, pings it on an interval and
 * walks the lifecycle (WARNING on an occasional failure, RECONNECTING on persistent ones, UNREACHABLE when
 * reconnecting fails, periodic retries with backoff). Nothing here blocks anything else.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, CompleteRequest, CompleteResult, GetPromptResult, ReadResourceResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ServiceConfig, ServiceSource, ServiceState } from '../../../shared/services';
import type { Logger } from '../log';
import type { ServiceCallOptions, ServiceEvents } from '../mcp/ports';
import { backoffDelay } from '../sessions/backoff';
import { Lifecycle } from './lifecycle';
import { ServiceCatalog, type CatalogKind } from './service-catalog';
import { RELAY_CAPABILITIES, RunningCalls, installRelays } from './service-relay';
import { StdioGroupTransport } from './stdio-group-transport';

export interface HealthOptions {
  /** Ping interval (default 10 s). */
  intervalMs: number;
  /** Timeout of connect + initialize + listTools, and of each ping (default 10 s / 5 s). */
  connectTimeoutMs: number;
  pingTimeoutMs: number;
  /** Consecutive failures before HEALTHY/WARNING → RECONNECTING (default 3). */
  reconnectAfter: number;
  /** First retry delay from UNREACHABLE; doubles up to 60 s. */
  retryBaseMs: number;
  /** How long a relayed sampling/elicitation/roots request waits for the agent (default 120 s). */
  relayTimeoutMs?: number;
}

/** For servers that may not answer tools/list (dcc-mcp-core sidecars): the tools their registry row advertises. */
export interface ToolsFallback {
  tools: Tool[];
}

/** stderr lines kept per service. */
const STDERR_TAIL = 20;

export const DEFAULT_HEALTH: HealthOptions = { intervalMs: 10_000, connectTimeoutMs: 10_000, pingTimeoutMs: 5_000, reconnectAfter: 3, retryBaseMs: 2_000 };

/** Hooks for what a service pushes: catalog changes and relayed events. */
export interface ServiceHooks extends Partial<ServiceEvents> {
  catalogChanged?(kind: CatalogKind): void;
}

export class ServiceConnection {
  readonly life = new Lifecycle();
  catalog: ServiceCatalog;
  private readonly calls = new RunningCalls();
  lastError: string | null = null;
  /** A standing remark for the panel, e.g. that the server has no tools/list. */
  note: string | null = null;
  /** The last lines a stdio service wrote to stderr (its own account of why it failed). */
  readonly stderrTail: string[] = [];
  private client: Client | null = null;
  private transport: Transport | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private retries = 0;
  private closed = false;
  private busy = false;

  constructor(
    readonly config: ServiceConfig,
    readonly source: ServiceSource,
    private readonly health: HealthOptions,
    private readonly log: Logger,
    private readonly onChange: (c: ServiceConnection, toolsChanged: boolean) => void,
    private readonly hooks: ServiceHooks = {},
    private readonly fallback?: ToolsFallback,
  ) {
    this.catalog = this.newCatalog();
  }

  /** The service's tools, every field as it listed them. */
  get tools(): Tool[] {
    return this.catalog.tools;
  }

  get state(): ServiceState {
    return this.life.state;
  }

  /** Tools are offered while the service answers (HEALTHY or WARNING). */
  get available(): boolean {
    return this.state === 'HEALTHY' || this.state === 'WARNING';
  }

  /** Phase 3 of registration: connect in the background. */
  start(): void {
    void this.attempt('INITIALIZING');
  }

  async callTool(tool: string, args: Record<string, unknown>, opts: ServiceCallOptions): Promise<CallToolResult> {
    const client = this.ready();
    const end = this.calls.begin(opts.channel);
    try {
      // No client-side outputSchema check: the result goes to the agent exactly as the service sent it.
      const result = (await client.request({ method: 'tools/call', params: { name: tool, arguments: args } }, CallToolResultSchema, { signal: opts.signal, onprogress: opts.onProgress, timeout: 300_000, resetTimeoutOnProgress: true })) as CallToolResult;
      this.catalog.noteLinks(result);
      return result;
    } finally {
      end();
    }
  }

  async readResource(uri: string, opts: ServiceCallOptions): Promise<ReadResourceResult> {
    const client = this.ready();
    const end = this.calls.begin(opts.channel);
    try {
      return await client.readResource({ uri }, { signal: opts.signal, timeout: 60_000 });
    } finally {
      end();
    }
  }

  async getPrompt(name: string, args: Record<string, string> | undefined, opts: ServiceCallOptions): Promise<GetPromptResult> {
    const client = this.ready();
    const end = this.calls.begin(opts.channel);
    try {
      return await client.getPrompt({ name, ...(args ? { arguments: args } : {}) }, { signal: opts.signal, timeout: 60_000 });
    } finally {
      end();
    }
  }

  complete(params: CompleteRequest['params']): Promise<CompleteResult> {
    return this.ready().complete(params, { timeout: 10_000 });
  }

  /** Subscribes to (or from) a resource; false when the service does not support subscriptions. */
  async subscribe(uri: string, on: boolean): Promise<boolean> {
    const client = this.ready();
    if (!client.getServerCapabilities()?.resources?.subscribe) return false;
    await (on ? client.subscribeResource({ uri }) : client.unsubscribeResource({ uri }));
    return true;
  }

  /** Tells the service the roots changed (it asks the agent again through the relay). */
  rootsChanged(): void {
    if (this.client && this.available) this.client.sendRootsListChanged().catch(() => {});
  }

  private ready(): Client {
    if (!this.client || !this.available) throw Object.assign(new Error(`service "${this.config.name}" is ${this.state.toLowerCase()}${this.lastError ? `: ${this.lastError}` : ''}`), { code: 'CONNECTION_FAILED' });
    return this.client;
  }

  private newCatalog(): ServiceCatalog {
    return new ServiceCatalog(
      this.health.connectTimeoutMs,
      (kind) => this.hooks.catalogChanged?.(kind),
      (m) => this.log.warn(`service ${this.config.name}: ${m}`),
    );
  }

  /** Drops the connection and reaps a stdio server's process group. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.disconnect();
  }

  /** Reconnects now (the UI's "restart"). */
  async restart(): Promise<void> {
    if (this.state === 'HEALTHY' || this.state === 'WARNING' || this.state === 'UNREACHABLE') this.move('RECONNECTING', 'restart requested');
    if (this.timer) clearTimeout(this.timer);
    await this.attempt('RECONNECTING');
  }

  private async attempt(from: ServiceState): Promise<void> {
    if (this.closed || this.busy) return;
    this.busy = true;
    try {
      await this.disconnect();
      await this.connect();
      this.failures = 0;
      this.retries = 0;
      this.lastError = null;
      this.move('HEALTHY', from === 'INITIALIZING' ? 'connected' : 'reconnected');
      this.schedule(this.health.intervalMs, () => this.ping());
    } catch (err) {
      this.lastError = this.explain((err as Error).message);
      this.log.warn(`service ${this.config.name}: ${from === 'INITIALIZING' ? 'connect' : 'reconnect'} failed: ${this.lastError}`);
      await this.disconnect();
      this.move('UNREACHABLE', this.lastError);
      this.schedule(backoffDelay(++this.retries, { baseMs: this.health.retryBaseMs, capMs: 60_000 }), () => {
        this.move('RECONNECTING', 'periodic retry');
        void this.attempt('RECONNECTING');
      });
    } finally {
      this.busy = false;
    }
  }

  private async connect(): Promise<void> {
    const transport = this.makeTransport();
    const client = new Client({ name: 'dcc-mcp-hub', version: '0.1.0' }, { capabilities: RELAY_CAPABILITIES });
    installRelays(client, this.config.name, this.calls, this.hooks, this.health.relayTimeoutMs);
    this.transport = transport;
    this.client = client;
    const timeout = this.health.connectTimeoutMs;
    await withTimeout(client.connect(transport, { timeout }), timeout, 'initialize');
    keepProgressBeforeResults(transport);
    const catalog = this.newCatalog();
    try {
      await withTimeout(catalog.load(client), timeout, 'listing tools, resources and prompts');
      this.note = null;
    } catch (err) {
      // -32601 Method not found: dcc-mcp-core sidecars answer only initialize, ping and tools/call.
      if ((err as { code?: unknown }).code !== -32601 || !this.fallback) throw err;
      catalog.tools = this.fallback.tools;
      const n = this.fallback.tools.length;
      this.note = `answers no tools/list (dcc-mcp-core sidecar); ${n ? `offering the ${n} tool${n === 1 ? '' : 's'} its registry row advertises` : 'its registry row advertises no tools, so none are offered'}`;
    }
    this.catalog = catalog;
    // Every level: the hub filters per agent by each agent's own logging/setLevel.
    if (client.getServerCapabilities()?.logging) await client.setLoggingLevel('debug', { timeout }).catch(() => {});
    client.onclose = () => {
      if (this.client === client && !this.closed && this.available) this.fail('the connection closed', true);
    };
  }

  private onStderr(line: string): void {
    this.log.info(`service ${this.config.name} stderr: ${line}`);
    this.stderrTail.push(line);
    if (this.stderrTail.length > STDERR_TAIL) this.stderrTail.shift();
  }

  /** The SDK's message plus the service's last stderr line: "Connection closed" alone says nothing. */
  private explain(message: string): string {
    const last = this.stderrTail.filter((l) => l.trim()).at(-1);
    return last ? `${message} — the service said: ${last.trim()}` : message;
  }

  private makeTransport(): Transport {
    const c = this.config;
    if (c.transport === 'stdio') return new StdioGroupTransport({ command: c.command!, args: c.args, env: c.env, cwd: c.cwd, onStderr: (l) => this.onStderr(l) });
    const requestInit = c.headers ? { headers: c.headers } : undefined;
    if (c.transport === 'sse') return new SSEClientTransport(new URL(c.url!), { requestInit });
    return new StreamableHTTPClientTransport(new URL(c.url!), { requestInit });
  }

  private async ping(): Promise<void> {
    if (this.closed || !this.client) return;
    try {
      await this.client.ping({ timeout: this.health.pingTimeoutMs });
      this.failures = 0;
      if (this.state === 'WARNING') this.move('HEALTHY', 'ping answered again');
      this.schedule(this.health.intervalMs, () => this.ping());
    } catch (err) {
      this.fail(`ping failed: ${(err as Error).message}`, false);
    }
  }

  /** An occasional failure warns; a persistent one (or a dead connection) reconnects. */
  private fail(reason: string, dead: boolean): void {
    this.lastError = this.explain(reason);
    this.failures++;
    if (!dead && this.failures < this.health.reconnectAfter) {
      if (this.state === 'HEALTHY') this.move('WARNING', reason);
      this.schedule(this.health.intervalMs, () => this.ping());
      return;
    }
    this.move('RECONNECTING', reason);
    if (this.timer) clearTimeout(this.timer);
    void this.attempt('RECONNECTING');
  }

  private move(to: ServiceState, reason?: string): void {
    if (this.state === to) return;
    const before = this.available;
    this.life.to(to, reason);
    this.log.info(`service ${this.config.name}: ${this.life.history.at(-1)!.from} → ${to}${reason ? ` (${reason})` : ''}`);
    this.onChange(this, before !== this.available);
  }

  private schedule(ms: number, fn: () => void | Promise<void>): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void fn(), ms);
    this.timer.unref();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    const transport = this.transport;
    this.client = null;
    this.transport = null;
    if (client) client.onclose = undefined;
    await client?.close().catch(() => {});
    await transport?.close().catch(() => {});
  }
}

/**
 * The SDK runs notification handlers a microtask late but settles a response at once (and drops its progress
 * handler), so a last progress step arriving in the same chunk as the result would be lost: responses are
 * delivered one microtask later, after the notifications that preceded them.
 */
function keepProgressBeforeResults(transport: Transport): void {
  const deliver = transport.onmessage;
  if (!deliver) return;
  transport.onmessage = (m, extra) => {
    if ('id' in m && !('method' in m)) void Promise.resolve().then(() => deliver(m, extra));
    else deliver(m, extra);
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, rej) => (t = setTimeout(() => rej(new Error(`${what} did not answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}
