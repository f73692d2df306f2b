/**
 * Which MCP sessions are live now, for the counts the panel shows. The MCP spec lets a client vanish without
 * DELETE (the SDK client's close() just drops its connections), so the session table only grows; here a session
 * counts while its client holds its GET event stream open, or — for clients that never open one — while it made
 * a request within the last `windowMs`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeStreamTransport } from '../mcp/node-transport';

interface Liveness {
  streams: number;
  everStreamed: boolean;
  lastMs: number;
}

/** Without an event stream, a session is live this long after its last request (default). */
export const LIVE_WINDOW_MS = 5 * 60_000;

export class SessionLiveness {
  private readonly sessions = new Map<NodeStreamTransport, Liveness>();

  constructor(
    private readonly onChange: () => void,
    private readonly windowMs = LIVE_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Watches one connected transport: its requests, its GET streams, its close. */
  attach(t: NodeStreamTransport): void {
    const l: Liveness = { streams: 0, everStreamed: false, lastMs: this.now() };
    this.sessions.set(t, l);
    const handle = t.handleNode.bind(t);
    t.handleNode = (req: IncomingMessage, res: ServerResponse, body?: unknown) => {
      l.lastMs = this.now();
      if (req.method === 'GET') {
        l.streams++;
        l.everStreamed = true;
        res.once('close', () => {
          l.streams--;
          this.onChange();
        });
        this.onChange();
      }
      return handle(req, res, body);
    };
    const onclose = t.onclose;
    t.onclose = () => {
      this.sessions.delete(t);
      onclose?.();
      this.onChange();
    };
  }

  /** Sessions live now. */
  count(): number {
    let n = 0;
    const t = this.now();
    for (const l of this.sessions.values()) if (l.streams > 0 || (!l.everStreamed && t - l.lastMs < this.windowMs)) n++;
    return n;
  }
}
