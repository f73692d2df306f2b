/**
 * Requests and notifications a service sends back to the hub, relayed to agents: sampling, elicitation and
 * roots go to the agent whose call on that service is running (as a related request of that call); log
 * messages and resource updates go out as events.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  CreateMessageResultSchema,
  ElicitRequestSchema,
  ElicitationCompleteNotificationSchema,
  ElicitResultSchema,
  ErrorCode,
  ListRootsRequestSchema,
  ListRootsResultSchema,
  LoggingMessageNotificationSchema,
  McpError,
  ResourceUpdatedNotificationSchema,
  type ClientCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { AgentChannel, ServiceEvents } from '../mcp/ports';

/** How long a relayed request may wait for the agent (elicitation waits on a person). */
export const DEFAULT_RELAY_TIMEOUT_MS = 120_000;

/** URL elicitations remembered per service for their completion notice (oldest forgotten first). */
const MAX_URL_FLOWS = 100;

/** What the hub's client declares to services: it can relay all three to agents that can answer them. */
export const RELAY_CAPABILITIES: ClientCapabilities = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };

/** The agents with a call running on one service, latest last. */
export class RunningCalls {
  private readonly running: AgentChannel[] = [];
  private last: AgentChannel | undefined;

  /** Registers a running call; the returned function ends it. */
  begin(ch: AgentChannel | undefined): () => void {
    if (!ch) return () => {};
    this.running.push(ch);
    this.last = ch;
    return () => {
      const i = this.running.lastIndexOf(ch);
      if (i >= 0) this.running.splice(i, 1);
    };
  }

  /** The agent to ask: the latest running call, or for `roots` (asked outside calls too) the last agent seen. */
  target(allowIdle: boolean): { ch: AgentChannel; related: boolean } | undefined {
    const running = this.running.at(-1);
    if (running) return { ch: running, related: true };
    return allowIdle && this.last ? { ch: this.last, related: false } : undefined;
  }
}

/** Installs the relays on a freshly created client (before connect). */
export function installRelays(client: Client, service: string, calls: RunningCalls, events: Partial<ServiceEvents>, timeoutMs = DEFAULT_RELAY_TIMEOUT_MS): void {
  const pick = (what: string, allowIdle: boolean, has: (c: ClientCapabilities) => boolean): { ch: AgentChannel; related: boolean } => {
    const t = calls.target(allowIdle);
    // A clear error to the service, never a hang: nobody to ask, or an agent that cannot answer.
    if (!t) throw new McpError(ErrorCode.InvalidRequest, `DCC MCP Hub: no agent call is running on service "${service}" to answer ${what}`);
    if (!has(t.ch.capabilities() ?? {})) throw new McpError(ErrorCode.InvalidRequest, `DCC MCP Hub: the agent "${t.ch.agent.name}"${t.ch.agent.client ? ` (client "${t.ch.agent.client}")` : ''} did not declare the ${what} capability`);
    return t;
  };
  client.setRequestHandler(CreateMessageRequestSchema, (req, extra) => {
    const { ch, related } = pick('sampling', false, (c) => !!c.sampling && (!req.params.tools || !!c.sampling.tools));
    return ch.request({ method: req.method, params: req.params }, CreateMessageResultSchema, { timeout: timeoutMs, signal: extra.signal, related });
  });
  // URL elicitations in progress → the agent that got them, so the service's completion notice reaches it.
  const urlFlows = new Map<string, AgentChannel>();
  client.setRequestHandler(ElicitRequestSchema, (req, extra) => {
    const url = req.params.mode === 'url';
    const { ch, related } = pick(url ? 'URL elicitation' : 'elicitation', false, (c) => (url ? !!c.elicitation?.url : !!c.elicitation && (!!c.elicitation.form || !c.elicitation.url)));
    if (req.params.mode === 'url') {
      urlFlows.set(req.params.elicitationId, ch);
      if (urlFlows.size > MAX_URL_FLOWS) urlFlows.delete(urlFlows.keys().next().value!);
    }
    return ch.request({ method: req.method, params: req.params }, ElicitResultSchema, { timeout: timeoutMs, signal: extra.signal, related });
  });
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
    const ch = urlFlows.get(n.params.elicitationId);
    urlFlows.delete(n.params.elicitationId);
    return ch?.notify({ method: n.method, params: n.params }).catch(() => {});
  });
  client.setRequestHandler(ListRootsRequestSchema, (req, extra) => {
    const { ch, related } = pick('roots', true, (c) => !!c.roots);
    return ch.request({ method: req.method, params: req.params }, ListRootsResultSchema, { timeout: timeoutMs, signal: extra.signal, related });
  });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => events.log?.(service, n.params));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => events.resourceUpdated?.(service, n.params.uri));
}
