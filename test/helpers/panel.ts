/** The control panel's side of the hub for tests: trade a one-time link for the cookie, then speak the API over /api/ws. */
import { request } from 'node:http';
import WebSocket from 'ws';
import type { ApiArgs, ApiChannel, ApiResult, WsMessage } from '../../src/shared/api';

/** GETs a URL; resolves with status, Set-Cookie and body. */
export function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; cookies: string[]; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [], body }));
    })
      .on('error', reject)
      .end();
  });
}

/** Opens the panel link and returns the session cookie ("name=value"). @throws when the link is refused. */
export async function panelCookie(uiUrl: string): Promise<string> {
  const r = await get(uiUrl);
  if (r.status !== 200 || !r.cookies[0]) throw new Error(`panel link refused: ${r.status} ${r.body.slice(0, 200)}`);
  return r.cookies[0].split(';')[0]!;
}

/** Tries a WebSocket upgrade on /api/ws; resolves with the open socket or the HTTP status that refused it. */
export function openWs(base: string, headers: Record<string, string>): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

/** A panel API client over an open WebSocket. */
export class PanelClient {
  private next = 1;
  private readonly waiting = new Map<number, (m: WsMessage) => void>();
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as WsMessage;
      if ('id' in m) this.waiting.get(m.id)?.(m);
    });
    this.closed = new Promise((r) => ws.once('close', (code) => r(code)));
  }

  static async open(base: string, cookie: string): Promise<PanelClient> {
    const { ws, status } = await openWs(base, { cookie });
    if (!ws) throw new Error(`panel WebSocket refused: ${status}`);
    return new PanelClient(ws);
  }

  invoke<C extends ApiChannel>(channel: C, args: ApiArgs<C>): Promise<ApiResult<C>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (m) => {
        this.waiting.delete(id);
        if ('ok' in m && m.ok) resolve(m.result as ApiResult<C>);
        else reject(Object.assign(new Error('error' in m ? m.error.message : 'failed'), 'error' in m ? { code: m.error.code } : {}));
      });
      this.ws.send(JSON.stringify({ id, channel, args }));
    });
  }

  close(): void {
    this.ws.close();
  }
}
