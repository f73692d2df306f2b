/**
 * The `clients:*` channels: the first-run guide's "Connect an agent" — preview the merged config, then write it
 * (creating the named agent key first for clients without OAuth, revoked again if the write fails).
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ApiHandlers } from './api-dispatcher';
import type { Hub } from '../hub';
import { CLIENT_TARGETS, type ClientEnv, type ClientKind, type HubEndpoint } from '../clients/client-targets';
import { ClientConfigWriter } from '../clients/client-writer';
import { HubError } from '../errors';
import { findBlender, installBlenderAddon } from '../dcc-install/blender-install';
import { mayaModulesDir, writeMayaModule } from '../dcc-install/maya-module';

export interface ClientsApiOptions {
  cliPath: string;
  /** resources/dcc-plugin (default: next to the CLI's bin folder). */
  pluginDir?: string;
  /** Defaults to this user's HOME, platform and environment. */
  env?: ClientEnv;
}

type ClientHandlers = Pick<ApiHandlers, 'clients:list' | 'clients:preview' | 'clients:apply' | 'plugins:list' | 'plugins:install'>;

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
  const env = opts.env ?? { home: homedir(), platform: process.platform, env: process.env };
  const writer = new ClientConfigWriter(env);
  const pluginDir = opts.pluginDir ?? join(dirname(dirname(opts.cliPath)), 'resources', 'dcc-plugin');
  const plan = (client: ClientKind) => writer.plan(client, hubEndpoint(hub, opts.cliPath), CLIENT_TARGETS[client].oauth ? null : freeAgentName(hub, client));
  return {
    'clients:list': () => writer.status(hub.info?.mcpUrl),
    'clients:preview': ({ client }) => {
      const { before: _b, after: _a, ...view } = plan(client);
      return view;
    },
    'plugins:list': () => ({ blender: findBlender(env.env, env.platform).map((b) => ({ path: b.path })), mayaModulesDir: mayaModulesDir(env.home, env.platform) }),
    'plugins:install': async ({ dcc, path }) => {
      if (dcc === 'maya') {
        const r = writeMayaModule(env.home, env.platform, pluginDir);
        return { dcc, installedAt: r.path, next: 'Restart Maya, then load dcc_mcp_hub_maya.py in Windows → Settings/Preferences → Plug-in Manager.' };
      }
      // Only a Blender this machine has (found by the hub) is ever run: the renderer cannot name an arbitrary program.
      const found = findBlender(env.env, env.platform);
      const blender = path ? found.find((b) => b.path === path) : found[0];
      if (!blender) throw new HubError('NOT_FOUND', path ? `${path} is not a Blender found on this machine` : 'no Blender found on PATH or in the usual install folders');
      const dir = await installBlenderAddon(blender.path, pluginDir, { ...process.env, ...env.env, HOME: env.home });
      return { dcc, installedAt: dir, next: 'Start (or restart) Blender: the add-on is enabled and serves the hub.' };
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
