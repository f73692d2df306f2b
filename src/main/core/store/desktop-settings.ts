/**
 * The desktop app's own settings (`<data-dir>/desktop.json`): the port the app serves on (changed when the
 * default is taken by another program) and start-at-login. Read before the core starts, so kept apart from
 * settings.json.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from './atomic-file';

/** The port the app uses unless the user chose another one. */
export const DEFAULT_PORT = 8765;

export const DesktopSettingsSchema = z.object({
  port: z.number().int().min(1).max(65535).default(DEFAULT_PORT),
  startAtLogin: z.boolean().default(false),
});
export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;

/** desktop.json: read once at start, updated atomically (0600). */
export class DesktopSettingsStore {
  private value: DesktopSettings;
  readonly path: string;

  constructor(dataDir: string, warn: (msg: string) => void = () => {}) {
    this.path = join(dataDir, 'desktop.json');
    this.value = readJsonFile(this.path, DesktopSettingsSchema, DesktopSettingsSchema.parse({}), warn);
  }

  get(): DesktopSettings {
    return this.value;
  }

  /** Validates and persists atomically. @throws ZodError on an invalid value */
  update(patch: Partial<DesktopSettings>): DesktopSettings {
    this.value = DesktopSettingsSchema.parse({ ...this.value, ...patch });
    writeFileAtomic(this.path, JSON.stringify(this.value, null, 2));
    return this.value;
  }
}
