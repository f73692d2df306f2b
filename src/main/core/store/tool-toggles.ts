/**
 * Which tools agents may use (`<data-dir>/tools.json`). Names are the hub's exposed MCP names (or the stable
 * `{dcc}__{tool}` alias of an instance tool); the hub maps them to DCC-local names for `dispatch()`.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from './atomic-file';

const TogglesSchema = z.object({
  disabled: z.array(z.string()).default([]),
  agentHidden: z.record(z.string(), z.array(z.string())).default({}),
});

export class ToolToggles extends EventEmitter<{ change: [] }> {
  private readonly disabled: Set<string>;
  private readonly hidden: Map<string, Set<string>>;
  private readonly path: string;

  constructor(dataDir: string, warn: (msg: string) => void = () => {}) {
    super();
    this.path = join(dataDir, 'tools.json');
    const v = readJsonFile(this.path, TogglesSchema, TogglesSchema.parse({}), warn);
    this.disabled = new Set(v.disabled);
    this.hidden = new Map(Object.entries(v.agentHidden).map(([a, names]) => [a, new Set(names)]));
  }

  isEnabled(name: string): boolean {
    return !this.disabled.has(name);
  }

  setEnabled(name: string, enabled: boolean): void {
    if (enabled === this.isEnabled(name)) return;
    if (enabled) this.disabled.delete(name);
    else this.disabled.add(name);
    this.save();
  }

  /** False when the tool is hidden from this agent (MCP clientInfo name). */
  isVisibleTo(name: string, agent?: string): boolean {
    return !agent || !this.hidden.get(agent)?.has(name);
  }

  setAgentVisibility(agent: string, name: string, visible: boolean): void {
    const set = this.hidden.get(agent) ?? new Set<string>();
    if (visible) set.delete(name);
    else set.add(name);
    if (set.size) this.hidden.set(agent, set);
    else this.hidden.delete(agent);
    this.save();
  }

  /** Agents with per-agent rules, and what each has hidden. */
  agentRules(): Record<string, string[]> {
    return Object.fromEntries([...this.hidden].map(([a, s]) => [a, [...s].sort()]));
  }

  disabledNames(): string[] {
    return [...this.disabled].sort();
  }

  private save(): void {
    writeFileAtomic(this.path, JSON.stringify({ disabled: this.disabledNames(), agentHidden: this.agentRules() }, null, 2));
    this.emit('change');
  }
}
