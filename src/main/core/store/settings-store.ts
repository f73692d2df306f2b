/** Persisted settings (`<data-dir>/settings.json`): approval policies, paused state, approval timeout, serve's port. */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import { ApprovalPolicySchema } from '../../../shared/approvals';
import { readJsonFile, writeFileAtomic } from './atomic-file';

export const SettingsSchema = z.object({
  approval: z
    .object({
      global: ApprovalPolicySchema.default('ask'),
      perInstance: z.record(z.string(), ApprovalPolicySchema).default({}),
      perAgent: z.record(z.string(), ApprovalPolicySchema).default({}),
      timeoutSecs: z.number().int().min(5).max(3600).default(120),
    })
    .prefault({}),
  paused: z.boolean().default(false),
  /** Aggregate dcc-mcp-core's gateway instead of its per-DCC servers (opt-in; never both). */
  coreGateway: z.boolean().default(false),
  /** The port `serve` keeps for this data dir (issue 14): agents' configs point here, so it outlives restarts. */
  servePort: z.number().int().min(1).max(65535).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export class SettingsStore extends EventEmitter<{ change: [Settings] }> {
  private value: Settings;
  private readonly path: string;

  constructor(dataDir: string, warn: (msg: string) => void = () => {}) {
    super();
    this.path = join(dataDir, 'settings.json');
    this.value = readJsonFile(this.path, SettingsSchema, SettingsSchema.parse({}), warn);
  }

  get(): Settings {
    return this.value;
  }

  /** Applies `fn` to a copy, validates, persists atomically, emits `change`. */
  update(fn: (s: Settings) => void): Settings {
    const next = structuredClone(this.value);
    fn(next);
    this.value = SettingsSchema.parse(next);
    writeFileAtomic(this.path, JSON.stringify(this.value, null, 2));
    this.emit('change', this.value);
    return this.value;
  }
}
