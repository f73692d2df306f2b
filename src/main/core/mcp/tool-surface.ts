/**
 * The hub's MCP tool surface: built-ins + instance tools + external services' tools, rebuilt when something
 * changes (never on the `tools/list` path), filtered by toggles and per-agent visibility. Emits `changed` when
 * the set of names changes, so every MCP session gets `notifications/tools/list_changed`.
 */
import { EventEmitter } from 'node:events';
import type { SessionManager } from '../sessions/session-manager';
import { builtinTools, type BuiltinDeps } from './builtin-tools';
import { safeToolName, type ExposedTool } from './exposed-tool';
import { instancePrefix, instanceTools } from './instance-tools';
import { serviceTool } from './service-tools';
import type { ApprovalPort, PicturePort, SearchPort, ServicesPort, TogglePort } from './ports';
import type { DccSession } from '../sessions/session';

export interface ToolSurfaceDeps {
  sessions: SessionManager;
  search: SearchPort;
  approvals: ApprovalPort;
  toggles: TogglePort;
  services?: ServicesPort;
  /** Before/after pictures of approved runs (absent: none are taken). */
  pictures?: PicturePort;
}

export class ToolSurface extends EventEmitter<{ changed: [] }> {
  private all: ExposedTool[] = [];
  private byName = new Map<string, ExposedTool>();
  private signature = '';
  private readonly builtinDeps: BuiltinDeps;

  constructor(private readonly deps: ToolSurfaceDeps) {
    super();
    this.builtinDeps = { ...deps, allowedTools: (s, agent) => this.allowedTools(s, agent) };
    this.rebuild();
  }

  /** Recomputes the surface; emits `changed` when the exposed names differ. Call on instance/service/toggle changes. */
  rebuild(): void {
    const tools = [...builtinTools(this.builtinDeps)];
    const live = this.deps.sessions.list().filter((s) => s.instanceState === 'ready' || s.instanceState === 'busy');
    const perType = new Map<string, number>();
    for (const s of live) perType.set(s.row.dcc_type, (perType.get(s.row.dcc_type) ?? 0) + 1);
    for (const s of live) tools.push(...instanceTools(s, instancePrefix(s, perType.get(s.row.dcc_type) ?? 1), this.builtinDeps));
    for (const t of this.deps.services?.tools() ?? []) tools.push(serviceTool(t, this.deps.services!, this.deps.approvals));
    const byName = new Map<string, ExposedTool>();
    for (const t of tools) if (!byName.has(t.name)) byName.set(t.name, t);
    this.all = [...byName.values()];
    this.byName = byName;
    // A service tool whose declaration changed (title, schema …) is a list change too.
    const sig = this.all.map((t) => `${t.name}:${this.deps.toggles.isEnabled(t.name) ? 1 : 0}${t.source === 'service' ? JSON.stringify([t.title, t.description, t.inputSchema, t.annotations, t.wire]) : ''}`).join('|');
    if (sig !== this.signature) {
      this.signature = sig;
      this.emit('changed');
    }
  }

  /** Every tool, enabled or not (the UI's Tools page). */
  everything(): readonly ExposedTool[] {
    return this.all;
  }

  /** True when toggles leave the tool (and its aliases) on and the agent may see it. */
  isAvailable(t: ExposedTool, agent?: string): boolean {
    const keys = [t.name, ...(t.aliases ?? [])];
    if (t.source === 'service' && !this.deps.services?.isVisibleTo(t.name, agent)) return false;
    return keys.every((k) => this.deps.toggles.isEnabled(k)) && this.deps.toggles.isVisibleTo(t.name, agent);
  }

  /** What `tools/list` shows this agent. */
  visible(agent?: string): ExposedTool[] {
    return this.all.filter((t) => this.isAvailable(t, agent));
  }

  /** Finds a tool the agent may call; undefined when unknown, disabled or hidden. */
  find(name: string, agent?: string): { tool?: ExposedTool; why?: string } {
    const t = this.byName.get(name);
    if (!t) return { why: `Unknown tool "${name}". Call tools/list for the current tools; DCC tools come and go with their instances.` };
    if (!this.isAvailable(t, agent)) return { why: `Tool "${name}" is disabled in DCC MCP Hub (Tools page). Ask the user to enable it.` };
    return { tool: t };
  }

  /** DCC-local names of the instance's declared tools this agent may reach through dispatch(). */
  allowedTools(session: DccSession, agent: string): string[] {
    const names = session.hello?.tools.map((t) => t.name) ?? [];
    const fromSurface = this.all.filter((t) => t.source === 'instance' && t.origin === session.instanceId);
    return names.filter((n) => {
      const exposed = fromSurface.find((t) => t.aliases?.includes(safeToolName(`${session.row.dcc_type}__${n}`)));
      return exposed ? this.isAvailable(exposed, agent) : this.deps.toggles.isEnabled(safeToolName(`${session.row.dcc_type}__${n}`));
    });
  }
}
