/**
 * The hub's side of relaying (SPEC §6): an agent's running request as an AgentChannel a service can reach
 * (its sampling, elicitation and roots requests go out as related requests of that call, so they travel on the
 * call's own stream), and the fan-out of hub-wide events to every MCP session: log messages honouring each
 * session's `logging/setLevel`, and `resources/updated` to the sessions subscribed to a URI.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { RootsListChangedNotificationSchema, type LoggingLevel, type ServerNotification, type ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { AgentChannel, AgentInfo, ServicesPort } from './ports';

/** Notifications from an agent that services must hear: its roots changed. */
export function registerAgentRelays(server: Server, services: ServicesPort | undefined): void {
  server.setNotificationHandler(RootsListChangedNotificationSchema, () => services?.rootsChanged?.());
}

/** An agent's running request as a channel for requests a service sends back. */
export function agentChannel(server: Server, extra: RequestHandlerExtra<ServerRequest, ServerNotification>, agent: AgentInfo): AgentChannel {
  return {
    agent,
    capabilities: () => server.getClientCapabilities(),
    notify: (n) => server.notification(n as ServerNotification),
    // extra.sendRequest sets relatedRequestId: the request rides the stream of the agent's running call.
    request: (req, schema, opts) =>
      opts.related ? extra.sendRequest(req as ServerRequest, schema, { timeout: opts.timeout, signal: opts.signal }) : server.request(req as ServerRequest, schema, { timeout: opts.timeout, signal: opts.signal }),
  };
}

/** Live MCP sessions as the fan-out sees them. */
export interface FanoutSession {
  server: Server;
  /** The transport's session id (what `logging/setLevel` is keyed by). */
  id: string;
}

/** Hub-wide events to every session: logs by level, resource updates to subscribers. */
export class Fanout {
  private readonly subs = new WeakMap<Server, Set<string>>();

  constructor(private readonly sessions: () => Iterable<FanoutSession>) {}

  /** `notifications/message` to every session whose level lets it through. */
  log(level: LoggingLevel, logger: string, data: unknown): void {
    for (const s of this.sessions()) s.server.sendLoggingMessage({ level, logger, data }, s.id).catch(() => {});
  }

  /** Records a subscription; true when it is the first one on this URI across all sessions. */
  subscribe(server: Server, uri: string): boolean {
    const first = !this.subscribed(uri);
    let set = this.subs.get(server);
    if (!set) this.subs.set(server, (set = new Set()));
    set.add(uri);
    return first;
  }

  /** Drops a subscription; true when no session is subscribed to this URI any more. */
  unsubscribe(server: Server, uri: string): boolean {
    this.subs.get(server)?.delete(uri);
    return !this.subscribed(uri);
  }

  /**
   * A session ended: its subscriptions end with it; services are unsubscribed from URIs nobody follows any more.
   * Call after the session left the live set.
   */
  release(server: Server, services: ServicesPort | undefined): void {
    const uris = [...(this.subs.get(server) ?? [])];
    this.subs.delete(server);
    for (const uri of uris) {
      if (this.subscribed(uri)) continue;
      const owners = services?.resourceOwners?.(uri) ?? [];
      if (owners.length === 1) services!.subscribe!(owners[0]!, uri, false).catch(() => false);
    }
  }

  /** `notifications/resources/updated` to the sessions subscribed to `uri`. */
  updated(uri: string): void {
    for (const s of this.sessions()) if (this.subs.get(s.server)?.has(uri)) s.server.sendResourceUpdated({ uri }).catch(() => {});
  }

  /** URIs some session is subscribed to. */
  subscribedUris(): Set<string> {
    const out = new Set<string>();
    for (const s of this.sessions()) for (const u of this.subs.get(s.server) ?? []) out.add(u);
    return out;
  }

  private subscribed(uri: string): boolean {
    for (const s of this.sessions()) if (this.subs.get(s.server)?.has(uri)) return true;
    return false;
  }
}
