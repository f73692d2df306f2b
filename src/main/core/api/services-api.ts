/**
 * The Services page's edit and enable/disable: a service's config as editable JSON (adding it again under the
 * same name replaces it), and disabling = stopping and removing it while its config waits in
 * `<data-dir>/disabled-services.json` (0600: headers and env may hold secrets) until it is enabled again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceConfig } from '../../../shared/services';
import type { ApiHandlers } from './api-dispatcher';
import type { Hub } from '../hub';
import { HubError } from '../errors';
import { writeFileAtomic } from '../store/atomic-file';

type ServiceHandlers = Pick<ApiHandlers, 'services:config' | 'services:setEnabled'>;

const FILE = 'disabled-services.json';

/** `{"mcpServers": {name: {…}}}` — the shape the Add box and Claude Desktop/Cursor configs use. */
export function serviceJson(c: ServiceConfig): string {
  const { name, transport, ...rest } = c;
  const entry = transport === 'sse' ? { ...rest, transport } : rest;
  return JSON.stringify({ mcpServers: { [name]: entry } }, null, 2);
}

export class DisabledServices {
  private readonly path: string;
  private configs: ServiceConfig[];

  constructor(dataDir: string) {
    this.path = join(dataDir, FILE);
    try {
      this.configs = JSON.parse(readFileSync(this.path, 'utf8')) as ServiceConfig[];
    } catch {
      this.configs = [];
    }
  }

  list(): ServiceConfig[] {
    return [...this.configs];
  }

  put(c: ServiceConfig): void {
    this.configs = [...this.configs.filter((x) => x.name !== c.name), c];
    this.save();
  }

  take(name: string): ServiceConfig | undefined {
    const c = this.configs.find((x) => x.name === name);
    if (c) {
      this.configs = this.configs.filter((x) => x.name !== name);
      this.save();
    }
    return c;
  }

  private save(): void {
    writeFileAtomic(this.path, JSON.stringify(this.configs, null, 2));
  }
}

export function serviceHandlers(hub: Hub, disabled: DisabledServices, changed: () => void): ServiceHandlers {
  return {
    'services:config': ({ name }) => {
      const c = hub.services.list().find((s) => s.config.name === name)?.config ?? disabled.list().find((x) => x.name === name);
      if (!c) throw new HubError('NOT_FOUND', `no service named "${name}"`);
      return { json: serviceJson(c) };
    },
    'services:setEnabled': async ({ name, enabled }) => {
      if (enabled) {
        const c = disabled.take(name);
        if (!c) throw new HubError('NOT_FOUND', `no disabled service named "${name}"`);
        const [r] = await hub.services.add(JSON.parse(serviceJson(c)), { source: 'user' });
        if (r && !r.ok) {
          disabled.put(c);
          throw new HubError('INVALID_ARGS', r.error ?? `cannot enable ${name}`);
        }
      } else {
        const s = hub.services.list().find((x) => x.config.name === name);
        if (!s) throw new HubError('NOT_FOUND', `no running service named "${name}"`);
        disabled.put(s.config);
        await hub.services.remove(name);
      }
      changed();
      return { ok: true as const };
    },
  };
}
