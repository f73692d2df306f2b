/**
 * `@modelcontextprotocol/server-everything` (npm) for lossless-hub tests: found in node_modules, or in the
 * directory `$SERVER_EVERYTHING_DIR` names. Absent → the tests skip loudly, and fail under CI=true.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type ClientCapabilities,
  type Root,
} from '@modelcontextprotocol/sdk/types.js';
import { ROOT, spawnUntil } from './processes';
import { waitFor } from './wait';

const candidates = [process.env.SERVER_EVERYTHING_DIR, join(ROOT, 'node_modules/@modelcontextprotocol/server-everything')].filter((d): d is string => !!d);
/** The package's entry script, or null when it is not installed. */
export const EVERYTHING = candidates.map((d) => join(d, 'dist/index.js')).find((f) => existsSync(f)) ?? null;

/** What the test's agent declares: the same as the hub's client to services, so both see the same tools. */
export const AGENT_CAPS: ClientCapabilities = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };
export const ROOTS: Root[] = [{ uri: 'file:///work/project', name: 'project' }];
export const SAMPLED = 'sampled by the test agent';

/** An SDK client that answers sampling, elicitation and roots like an agent would. */
export function agentClient(name = 'test-agent', caps: ClientCapabilities = AGENT_CAPS, roots: Root[] = [...ROOTS]): Client {
  const c = new Client({ name, version: '1.0.0' }, { capabilities: caps });
  if (caps.sampling) c.setRequestHandler(CreateMessageRequestSchema, () => ({ role: 'assistant', content: { type: 'text', text: SAMPLED }, model: 'test-model', stopReason: 'endTurn' }));
  if (caps.elicitation) c.setRequestHandler(ElicitRequestSchema, (req) => (req.params.mode === 'url' ? { action: 'accept' } : { action: 'accept', content: { name: 'Ada', check: true, integer: 7 } }));
  if (caps.roots) c.setRequestHandler(ListRootsRequestSchema, () => ({ roots }));
  return c;
}

/** A free loopback port (server-everything takes its port from $PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts server-everything over Streamable HTTP; resolves with its /mcp URL once it answers. */
export async function startEverythingHttp(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const { child } = await spawnUntil(process.execPath, [EVERYTHING!, 'streamableHttp'], 'Starting', 30_000, { ...process.env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitFor(async () => (await fetch(url, { method: 'GET' }).catch(() => null)) !== null, 'server-everything HTTP listening', 30_000, 50);
  return { url, stop: () => child.kill('SIGKILL') };
}

/** A direct connection to server-everything (stdio or HTTP), as the reference the hub is compared with. */
export async function directClient(kind: 'stdio' | 'http', url?: string): Promise<Client> {
  const c = agentClient('direct');
  await c.connect(kind === 'stdio' ? new StdioClientTransport({ command: process.execPath, args: [EVERYTHING!, 'stdio'], stderr: 'ignore' }) : new StreamableHTTPClientTransport(new URL(url!)));
  return c;
}

/** The agent connected to the hub with its token. */
export async function hubAgent(mcpUrl: string, token: string, name = 'test-agent', caps: ClientCapabilities = AGENT_CAPS, roots?: Root[]): Promise<Client> {
  const c = agentClient(name, caps, roots);
  await c.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return c;
}
