/**
 * The hub plus its UI API and WebSocket bridge, as `dcc-mcp-hub serve` runs it (and tests start it in-process).
 */
import { HubApi } from './api/hub-api';
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

/** Builds and starts the stack; `cliPath` is bin/dcc-mcp-hub.js for the stdio client snippets. */
export async function startHeadless(opts: HubOptions & { cliPath: string }): Promise<HeadlessHub> {
  const hub = new Hub(opts);
  const api = new HubApi(hub, { cliPath: opts.cliPath });
  const bridge = new WsBridge(api);
  hub.http.setUpgradeHandler((req, socket, head, session) => bridge.handleUpgrade(req, socket, head, session));
  hub.admin.on('ended', (sessions) => bridge.endSessions(sessions));
  const info = await hub.start();
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
