/**
 * `dcc-mcp-hub stdio`: a transparent stdio ↔ Streamable HTTP bridge for MCP clients that only speak stdio.
 * It reads the running hub's `hub.json` and adds the bearer token itself, so auth stays on.
 */
import type { Readable, Writable } from 'node:stream';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { HubError } from '../errors';

export interface HubInfo {
  mcpUrl: string;
  token: string;
}

/**
 * Runs the bridge until stdin closes or the hub goes away.
 * @returns a promise settling when the bridge ends.
 */
export async function runStdioBridge(info: HubInfo, log: (line: string) => void, stdin: Readable = process.stdin, stdout: Writable = process.stdout): Promise<void> {
  const http = new StreamableHTTPClientTransport(new URL(info.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${info.token}` } } });
  const stdio = new StdioServerTransport(stdin, stdout);
  const initIds = new Set<string | number>();
  let ended: () => void = () => {};
  const done = new Promise<void>((r) => (ended = r));
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    log(`stdio bridge: ${why}`);
    // End the MCP session (HTTP DELETE) so the hub frees it now rather than when it expires.
    const terminate = why === 'hub connection closed' || !http.sessionId ? Promise.resolve() : http.terminateSession().catch((e: Error) => log(`stdio bridge: ending the session failed: ${e.message}`));
    void terminate.finally(() => {
      void http.close().catch(() => {});
      void stdio.close().catch(() => {});
      ended();
    });
  };
  if (stdin === process.stdin) {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop(sig));
  }

  stdio.onmessage = (msg: JSONRPCMessage) => {
    if ('method' in msg && msg.method === 'initialize' && 'id' in msg && msg.id !== undefined) initIds.add(msg.id);
    http.send(msg).catch((err: Error) => {
      // Answer a failed request so the client is not left waiting forever.
      if ('id' in msg && 'method' in msg) void stdio.send({ jsonrpc: '2.0', id: msg.id, error: { code: -32000, message: `DCC MCP Hub unreachable at ${info.mcpUrl}: ${err.message}` } });
      log(`stdio bridge: forwarding failed: ${err.message}`);
    });
  };
  http.onmessage = (msg: JSONRPCMessage) => {
    // The HTTP transport must send the negotiated protocol version on later requests.
    if ('id' in msg && msg.id !== undefined && initIds.has(msg.id) && 'result' in msg) {
      initIds.delete(msg.id);
      const v = (msg.result as { protocolVersion?: string }).protocolVersion;
      if (v) http.setProtocolVersion(v);
    }
    void stdio.send(msg);
  };
  http.onerror = (err) => log(`stdio bridge: hub connection error: ${err.message}`);
  stdio.onclose = () => stop('stdin closed');
  // The SDK's stdio transport does not watch for EOF: the agent closing our stdin is how it says goodbye.
  stdin.once('end', () => stop('stdin closed'));
  http.onclose = () => stop('hub connection closed');
  await http.start();
  await stdio.start();
  return done;
}

/** Validates hub.json content. @throws HubError NOT_FOUND naming what to do. */
export function parseHubInfo(text: string, path: string): HubInfo {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw new HubError('NOT_FOUND', `${path} is not valid JSON; restart the hub to rewrite it`);
  }
  const o = j as Partial<HubInfo>;
  if (typeof o.mcpUrl !== 'string' || typeof o.token !== 'string') throw new HubError('NOT_FOUND', `${path} lacks mcpUrl or token; restart the hub`);
  return { mcpUrl: o.mcpUrl, token: o.token };
}
