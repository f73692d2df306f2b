/** The API the page talks to: Electron's preload when present, else the hub's WebSocket. */
import type { HubApi } from '../../../shared/api';
import { WsClient } from './ws-client';

let client: HubApi | null = null;
let onConnection: (connected: boolean) => void = () => {};

/** Registers who wants to know whether the carrier is connected (the banner). */
export function watchConnection(fn: (connected: boolean) => void): void {
  onConnection = fn;
  if (typeof window !== 'undefined' && window.hub) fn(true);
}

export function hub(): HubApi {
  if (client) return client;
  if (window.hub) return (client = window.hub);
  // The token arrived once in the URL and the hub traded it for a cookie: drop it from the address bar.
  if (location.search.includes('token=')) history.replaceState(null, '', location.pathname);
  const ws = new WsClient(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
  ws.onstate = (c) => onConnection(c);
  return (client = ws);
}
