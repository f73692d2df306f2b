/**
 * The headless carrier of the API: a WebSocket at /api/ws on the hub's HTTP server (authorised by the HTTP
 * layer: a panel session cookie, same-origin; never an agent credential). JSON `{id, channel, args}` → `{id, ok, result|error}`, events
 * `{event, payload}`. A slow page gets traffic batches dropped (and counted), never approvals or instances.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiEvent, WsMessage, WsRequest } from '../../../shared/api';
import type { HubApi } from './hub-api';

const MAX_MESSAGE = 1024 * 1024;
const SLOW_BUFFER = 4 * 1024 * 1024;

export class WsBridge {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  /** Which panel session opened each connection, so ending a session closes its connections too. */
  private readonly sessionOf = new Map<WebSocket, string>();

  constructor(private readonly api: HubApi) {}

  /** Hands an authorised upgrade request (of the panel session `sessionHash`) to the bridge. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, sessionHash: string): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sessionOf.set(ws, sessionHash);
      ws.on('close', () => this.sessionOf.delete(ws));
      this.serve(ws);
    });
  }

  /** Closes the connections of ended panel sessions at once (code 4401: the page must log in again). */
  endSessions(sessionHashes: Iterable<string>): void {
    const ended = new Set(sessionHashes);
    // On the next turn, so the reply to the call that ended them (e.g. a rotation) goes out first.
    setImmediate(() => {
      for (const [ws, h] of this.sessionOf) if (ended.has(h)) ws.close(4401, 'panel session ended');
    });
  }

  get clientCount(): number {
    return this.wss.clients.size;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private serve(ws: WebSocket): void {
    let droppedTraffic = 0;
    const onEvent = (event: ApiEvent, payload: unknown): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (event === 'traffic:frames' && ws.bufferedAmount > SLOW_BUFFER) {
        droppedTraffic += (payload as { frames: unknown[] }).frames.length;
        return;
      }
      if (event === 'traffic:frames' && droppedTraffic) {
        payload = { ...(payload as object), dropped: (payload as { dropped: number }).dropped + droppedTraffic };
        droppedTraffic = 0;
      }
      send(ws, { event, payload });
    };
    this.api.on('event', onEvent);
    ws.on('close', () => {
      this.api.off('event', onEvent);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text JSON messages only');
      let req: WsRequest;
      try {
        req = JSON.parse(String(data)) as WsRequest;
        if (typeof req.id !== 'number' || typeof req.channel !== 'string') throw new Error('shape');
      } catch {
        return send(ws, { id: -1, ok: false, error: { code: 'INVALID_ARGS', message: 'messages must be JSON {id: number, channel: string, args}' } });
      }
      this.api.dispatch(req.channel, req.args).then(
        (result) => send(ws, { id: req.id, ok: true, result }),
        (error: { code: string; message: string }) => send(ws, { id: req.id, ok: false, error }),
      );
    });
  }
}

function send(ws: WebSocket, msg: WsMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}
