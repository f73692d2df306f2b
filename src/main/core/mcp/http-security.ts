/**
 * Security checks for every HTTP request the hub serves (SPEC §6): loopback Host (DNS-rebinding defence),
 * allow-listed Origin, body cap. Credentials are checked by `auth/` (agent credentials hashed, never compared raw). Each refusal says what is wrong and how to fix it.
 */
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface Refusal {
  status: 401 | 403 | 413;
  error: string;
  message: string;
}

/** Host header without the port, lowercased. */
export function hostName(host: string | undefined): string {
  if (!host) return '';
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d+$/, '');
}

/**
 * Refuses a Host that is not a loopback name (a DNS-rebinding page reaches us with its own host name).
 * @param bindHost the host the server listens on; a non-loopback bind (explicit `--host`) also accepts itself.
 */
export function checkHost(req: IncomingMessage, bindHost: string): Refusal | null {
  const name = hostName(req.headers.host);
  if (LOOPBACK_NAMES.has(name) || (name && name === hostName(bindHost))) return null;
  return {
    status: 403,
    error: 'forbidden_host',
    message: `Host "${req.headers.host ?? ''}" is not allowed: the hub only answers requests addressed to 127.0.0.1 or localhost (DNS-rebinding protection). Connect to http://127.0.0.1:<port>/.`,
  };
}

/** Origins a browser may send: the hub's own UI (same origin) plus an allow-list. */
export function checkOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): Refusal | null {
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  const o = origin.toLowerCase();
  const self = `http://${(req.headers.host ?? '').toLowerCase()}`;
  if (o === self || allowed.has(o)) return null;
  try {
    const u = new URL(o);
    // Loopback origins with the hub's own port are its UI under another loopback name.
    if (LOOPBACK_NAMES.has(u.hostname) && u.port === (req.headers.host ?? '').split(':').pop()) return null;
  } catch {
    // Not a URL: refused below.
  }
  return {
    status: 403,
    error: 'forbidden_origin',
    message: `Origin "${origin}" is not allowed to call the hub. Browser pages on other sites may not reach it; MCP clients should not send an Origin header. Add it to the allow-list only if you trust that site.`,
  };
}

/** Bearer token from the Authorization header, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  return m ? m[1]!.trim() : undefined;
}

/** 413 when Content-Length announces more than the cap. */
export function checkDeclaredSize(req: IncomingMessage, max = MAX_BODY_BYTES): Refusal | null {
  const len = Number(req.headers['content-length'] ?? 0);
  return len > max ? tooLarge(max) : null;
}

export function tooLarge(max = MAX_BODY_BYTES): Refusal {
  return { status: 413, error: 'payload_too_large', message: `Request body exceeds the ${max / 1024 / 1024} MiB limit. Send smaller scripts or split the work into several calls.` };
}

/**
 * Reads the whole body, refusing (413) as soon as it passes `max` bytes.
 * @returns the body text, or a Refusal.
 */
export function readBody(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<string | Refusal> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > max) {
        done = true;
        resolve(tooLarge(max));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}
