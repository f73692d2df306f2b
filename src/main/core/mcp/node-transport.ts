/**
 * The SDK's web-standard Streamable HTTP transport, served straight onto Node's `ServerResponse`.
 *
 * Why not the SDK's Node `StreamableHTTPServerTransport`: it goes through @hono/node-server, which reads ahead up to
 * three chunks of a response stream, waiting a timer tick when the first chunk (our resumability priming event) is
 * there but the reply is not yet — about 1–2 ms on every tools/call (bench/mcp-call). Here each SSE event is written
 * the moment the SDK produces it: priming event with the headers, then the reply, then the end of the stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

const DECODER = new TextDecoder();

export class NodeStreamTransport extends WebStandardStreamableHTTPServerTransport {
  /**
   * Told when a POST's response stream reached the agent in full, with the id of the stream's first event: its
   * events can be forgotten (a resume is only for streams that broke).
   */
  onDelivered: ((firstEventId: string) => void) | null = null;

  /** Handles one HTTP request to `/mcp`; `parsedBody` is the JSON a POST carried (already read by the hub). */
  async handleNode(req: IncomingMessage, res: ServerResponse, parsedBody?: unknown): Promise<void> {
    const headers = new Headers();
    // From the parsed headers, not rawHeaders: the endpoint may set one (Last-Event-ID for a session's first GET).
    for (const [k, v] of Object.entries(req.headers)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) headers.append(k, one);
    // No abort signal: the SDK does not read one, and the stream below is cancelled when the response closes.
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method, headers });
    let response: Response;
    try {
      response = await this.handleRequest(request, parsedBody === undefined ? undefined : { parsedBody });
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: `Internal error: ${(err as Error).message}` }, id: null }));
      return;
    }
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    res.writeHead(response.status, out);
    if (!response.body) {
      res.end();
      return;
    }
    // Closing the HTTP response cancels the SDK's stream, so later events are kept for a resume (Last-Event-ID).
    const reader = response.body.getReader();
    const cancel = (): void => void reader.cancel().catch(() => {});
    res.once('close', cancel);
    let firstId: string | undefined;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // Each chunk is one SSE event from the SDK; the first carries an event id when streams are resumable.
        if (firstId === undefined && req.method === 'POST') firstId = /^id: (\S+)$/m.exec(DECODER.decode(value.subarray(0, 512)))?.[1] ?? '';
        if (!res.write(value)) await drained(res);
      }
    } catch {
      // The stream was cancelled (the client went away): nothing more to write.
    }
    res.off('close', cancel);
    if (firstId) res.once('finish', () => this.onDelivered?.(firstId!));
    res.end();
  }
}

/** Resolves when the response can take more data, or has closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((ok) => {
    const done = (): void => {
      res.off('drain', done).off('close', done);
      ok();
    };
    res.on('drain', done).on('close', done);
  });
}
