/**
 * The `clients:*` channels: the first-run guide's "Connect an agent" — preview the merged config, then write it
 * (creating the named agent key first for clients without OAuth, revoked again if the write fails).
 */
import { homedir } from 'node:os';
import type { ApiHandlers } from './api-dispatcher';
import type { Hub } from '../hub';
import { CLIENT_TARGETS, type ClientEnv, type ClientKind, type HubEndpoint } from '../clients/client-targets';
import { ClientConfigWriter } from '../clients/client-writer';
import { HubError } from '../errors';

export interface ClientsApiOptions {
  cliPath: string;
  /** Defaults to this user's HOME, platform and environment. */
  env?: ClientEnv;
}

type ClientHandlers = Pick<ApiHandlers, 'clients:list' | 'clients:preview' | 'clients:apply'>;

/** How agents launch the stdio bridge: this very runtime (the packaged app runs as Node), never a `node` on PATH. */
export function hubEndpoint(hub: Hub, cliPath: string): HubEndpoint {
  const electron = Boolean(process.versions.electron);
  return { mcpUrl: hub.info?.mcpUrl ?? '', command: process.execPath, args: [cliPath], ...(electron ? { env: { ELECTRON_RUN_AS_NODE: '1' } } : {}), dataDir: hub.dataDir };
}

/** A key-agent name for `kind` not taken yet (claude-desktop, claude-desktop-2, …). */
function freeAgentName(hub: Hub, kind: ClientKind): string {
  const taken = new Set(hub.agents.list().map((a) => a.name.toLowerCase()));
  let name: string = kind;
  for (let i = 2; taken.has(name); i++) name = `${kind}-${i}`;
  return name;
}

export function clientHandlers(hub: Hub, opts: ClientsApiOptions): ClientHandlers {
  const writer = new ClientConfigWriter(opts.env ?? { home: homedir(), platform: process.platform, env: process.env });
  const plan = (client: ClientKind) => writer.plan(client, hubEndpoint(hub, opts.cliPath), CLIENT_TARGETS[client].oauth ? null : freeAgentName(hub, client));
  return {
    'clients:list': () => writer.status(),
    'clients:preview': ({ client }) => {
      const { before: _b, after: _a, ...view } = plan(client);
      return view;
    },
    'clients:apply': ({ client, beforeHash }) => {
      const p = plan(client);
      if (p.beforeHash !== beforeHash) throw new HubError('INVALID_ARGS', `${p.path} changed since the preview; look at the diff again before writing`);
      const created = p.agent ? hub.agents.createKeyAgent(p.agent) : null;
      try {
        const { path, backupPath } = writer.apply(p);
        return { path, backupPath, agent: p.agent };
      } catch (err) {
        if (created) hub.agents.revoke(created.agent.id);
        throw err;
      }
    },
  };
}
