/**
 * The headless carrier: the API contract over a WebSocket to the hub that served this page (auth is the HttpOnly
 * cookie the hub set). Reconnects with backoff and reports its connection state.
 */
import type { ApiArgs, ApiChannel, ApiEvent, ApiResult, EventPayload, HubApi, WsMessage } from '../../../shared/api';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> };

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class WsClient implements HubApi {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();
  private readonly queue: string[] = [];
  private attempt = 0;
  onstate: (connected: boolean) => void = () => {};
  /** The hub ended this panel session (its credential was rotated): the page must sign in again. */
  onended: () => void = () => {};

  constructor(private readonly url: string) {
    this.open();
  }

  invoke<C extends ApiChannel>(channel: C, args: ApiArgs<C>): Promise<ApiResult<C>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ApiError('REQUEST_TIMEOUT', `${channel} did not answer within 30 s`));
      }, 30_000);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const text = JSON.stringify({ id, channel, args });
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(text);
      else this.queue.push(text);
    });
  }

  on<E extends ApiEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const fn = listener as (p: unknown) => void;
    set.add(fn);
    return () => set.delete(fn);
  }

  private open(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.onstate(true);
      for (const m of this.queue.splice(0)) ws.send(m);
    };
    ws.onmessage = (ev) => this.receive(JSON.parse(String(ev.data)) as WsMessage);
    ws.onclose = (ev) => {
      // 4401: this panel session was ended (credential rotated): reload to the hub's sign-in page.
      if (ev.code === 4401) return this.onended();
      this.onstate(false);
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new ApiError('TRANSPORT_CLOSED', 'lost the connection to the hub'));
        this.pending.delete(id);
      }
      const delay = Math.min(10_000, 250 * 2 ** this.attempt++);
      setTimeout(() => this.open(), delay);
    };
  }

  private receive(m: WsMessage): void {
    if ('event' in m) {
      for (const fn of this.listeners.get(m.event) ?? []) fn(m.payload);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else p.reject(new ApiError(m.error.code, m.error.message));
  }
}
