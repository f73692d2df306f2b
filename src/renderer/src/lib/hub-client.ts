/** The API the page talks to: Electron's preload when present, else the hub's WebSocket. */
import type { HubApi } from '../../../shared/api';
import { WsClient } from './ws-client';

let client: HubApi | null = null;
let onConnection: (connected: boolean) => void = () => {};
let nextUrl: string | null = null;

/** The panel session is about to end on purpose: go to `url` (a fresh one-time link) instead of the sign-in page. */
export function expectSessionEnd(url: string): void {
  nextUrl = url;
}

/** Registers who wants to know whether the carrier is connected (the banner). */
export function watchConnection(fn: (connected: boolean) => void): void {
  onConnection = fn;
  if (typeof window !== 'undefined' && window.hub) fn(true);
}

export function hub(): HubApi {
  if (client) return client;
  if (window.hub) return (client = window.hub);
  // The one-time panel ticket arrived in the URL and the hub traded it for a cookie: drop it from the address bar.
  if (location.search.includes('ticket=')) history.replaceState(null, '', location.pathname + location.hash);
  const ws = new WsClient(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
  ws.onstate = (c) => onConnection(c);
  ws.onended = () => (nextUrl ? location.assign(nextUrl) : location.reload());
  return (client = ws);
}
