/**
 * The hub plus its UI API and WebSocket bridge, as `dcc-mcp-hub serve` runs it (and tests start it in-process).
 */
import { HubApi, type HubApiOptions } from './api/hub-api';
import { WsBridge } from './api/ws-bridge';
import { Hub, type HubOptions } from './hub';
import type { HubInfoJson } from './store/hub-info';

export interface HeadlessHub {
  hub: Hub;
  api: HubApi;
  bridge: WsBridge;
  info: HubInfoJson;
  stop(): Promise<void>;
}

/**
 * Builds and starts the stack; `cliPath` is bin/dcc-mcp-hub.js for the stdio client snippets.
 * @throws the start error (e.g. EADDRINUSE) after closing what had started, so a caller can retry
 */
export async function startHeadless(opts: HubOptions & HubApiOptions): Promise<HeadlessHub> {
  const hub = new Hub(opts);
  const api = new HubApi(hub, { cliPath: opts.cliPath, bridge: opts.bridge, pluginDir: opts.pluginDir, desktop: opts.desktop });
  const bridge = new WsBridge(api);
  hub.http.setUpgradeHandler((req, socket, head, session) => bridge.handleUpgrade(req, socket, head, session));
  hub.admin.on('ended', (sessions) => bridge.endSessions(sessions));
  let info: HubInfoJson;
  try {
    info = await hub.start();
  } catch (err) {
    bridge.close();
    api.close();
    await hub.stop().catch(() => {});
    throw err;
  }
  return {
    hub,
    api,
    bridge,
    info,
    stop: async () => {
      bridge.close();
      api.close();
      await hub.stop();
    },
  };
}
