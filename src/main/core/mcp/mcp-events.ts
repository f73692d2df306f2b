/**
 * What reaches agents as MCP notifications besides tool list changes: services' resource/prompt list changes,
 * their resource updates and log messages; DCC `log` pushes and hub events as `notifications/message`
 * (each session's `logging/setLevel` honoured); scene/selection pushes as `resources/updated` of
 * `dcc://{instance}/scene` and the instance's declared resources.
 */
import type { EventEmitter } from 'node:events';
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { SessionManager } from '../sessions/session-manager';
import type { ServiceManagerEvents } from '../services/service-manager';
import type { McpEndpoint } from './mcp-endpoint';

const LEVELS = new Set<string>(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);

/** A DCC log push's level, mapped onto MCP's syslog levels (Python's `warn`/`fatal` included). */
export function mcpLevel(v: unknown): LoggingLevel {
  const s = typeof v === 'string' ? v.toLowerCase() : 'info';
  if (LEVELS.has(s)) return s as LoggingLevel;
  if (s === 'warn') return 'warning';
  if (s === 'fatal') return 'critical';
  return 'info';
}

/** Wires sessions and services to the endpoint's notifications; returns nothing to close (emitters own listeners). */
export function wireMcpEvents(mcp: McpEndpoint, sessions: SessionManager, services: EventEmitter<ServiceManagerEvents>): void {
  services.on('resources-changed', () => mcp.notifyResourcesChanged());
  services.on('prompts-changed', () => mcp.notifyPromptsChanged());
  services.on('resource-updated', (_service, uri) => mcp.fanout.updated(uri));
  services.on('log', (service, p) => mcp.fanout.log(p.level, p.logger ? `${service}/${p.logger}` : service, p.data));
  services.on('state', (service, state, lastError) => mcp.fanout.log(state === 'UNREACHABLE' || state === 'RECONNECTING' ? 'warning' : 'info', 'hub', { event: 'service state', service, state, ...(lastError ? { lastError } : {}) }));
  sessions.on('push', (s, push) => {
    const data = push.data as Record<string, unknown> | undefined;
    if (push.topic === 'log') {
      const msg = data && typeof data === 'object' ? (data.message ?? data.msg ?? data) : data;
      mcp.fanout.log(mcpLevel(data?.level), `${s.row.dcc_type}/${s.instanceId.slice(0, 8)}`, msg);
    } else if (push.topic === 'scene.changed' || push.topic === 'selection.changed') {
      // Every subscribed URI of this instance (its scene, declared resources, template reads) may have changed.
      const mine = new Set([`dcc://${s.instanceId}/scene`, ...(s.hello?.resources ?? []).map((r) => r.uri)]);
      for (const uri of mcp.fanout.subscribedUris()) if (mine.has(uri) || uri.startsWith(`dcc://${s.instanceId}/`)) mcp.fanout.updated(uri);
    }
  });
  // An instance's resources or prompts changed (a new instance, or a refreshed hello after tools.changed). Sessions
  // also change on every call (ready ↔ busy): compare the hellos themselves first, their lists only when one is new.
  let sig = '';
  let seen: unknown[] = [];
  const lists = (): void => {
    const ready = sessions.list().filter((s) => s.hello);
    const hellos = ready.flatMap((s) => [s.instanceId, s.hello]);
    if (hellos.length === seen.length && hellos.every((h, i) => h === seen[i])) return;
    seen = hellos;
    const next = JSON.stringify(ready.map((s) => [s.instanceId, s.hello!.resources, s.hello!.resource_templates, s.hello!.prompts]));
    if (next === sig) return;
    sig = next;
    mcp.notifyResourcesChanged();
    mcp.notifyPromptsChanged();
  };
  sessions.on('change', lists);
  sessions.on('instances', lists);
  sessions.on('instances', () => mcp.fanout.log('info', 'hub', { event: 'instances changed', instances: sessions.list().map((s) => ({ id: s.instanceId, dcc: s.row.dcc_type, state: s.instanceState })) }));
}
