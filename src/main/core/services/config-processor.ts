/**
 * Turns every input form of the MCPStore seed into validated service configs: nothing (everything configured),
 * `{"mcpServers": {...}}`, one service object, a list of names, a list of objects, or a path to a JSON file.
 * Transport inferred (`command` → stdio, `url` → streamable-http, `…/sse` → sse); non-standard fields dropped.
 */
import { readFileSync } from 'node:fs';
import type { ServiceConfig, ServiceTransport } from '../../../shared/services';

const STANDARD = new Set(['name', 'url', 'command', 'args', 'env', 'cwd', 'transport', 'headers', 'description', 'type']);
const NAME_RE = /^[A-Za-z0-9_-]{1,40}$/;

export interface ProcessedConfig {
  configs: ServiceConfig[];
  /** Names of already-known services referred to by name. */
  names: string[];
  errors: { name?: string; error: string }[];
  warnings: string[];
}

/** Normalises `input`; `known` lists the services already configured (for name lists and "nothing"). */
export function processServiceInput(input: unknown, known: readonly string[]): ProcessedConfig {
  const out: ProcessedConfig = { configs: [], names: [], errors: [], warnings: [] };
  if (input === undefined || input === null) {
    out.names.push(...known);
    return out;
  }
  if (typeof input === 'string') {
    const fromFile = processServiceInput(readJsonFile(input, out), known);
    fromFile.errors.unshift(...out.errors);
    return fromFile;
  }
  if (Array.isArray(input)) {
    for (const item of input) {
      if (typeof item === 'string') {
        if (known.includes(item)) out.names.push(item);
        else out.errors.push({ name: item, error: `no service named "${item}" is configured` });
      } else addOne(item, undefined, out);
    }
    return out;
  }
  if (typeof input === 'object' && 'mcpServers' in (input as object)) {
    const servers = (input as { mcpServers: unknown }).mcpServers;
    if (!servers || typeof servers !== 'object' || Array.isArray(servers)) {
      out.errors.push({ error: '"mcpServers" must be an object mapping service names to their config' });
      return out;
    }
    for (const [name, cfg] of Object.entries(servers)) addOne(cfg, name, out);
    return out;
  }
  addOne(input, undefined, out);
  return out;
}

function readJsonFile(path: string, out: ProcessedConfig): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    out.errors.push({ error: `cannot read service config file ${path}: ${(err as Error).message}` });
    return [];
  }
}

function addOne(raw: unknown, key: string | undefined, out: ProcessedConfig): void {
  const r = validateOne(raw, key, out.warnings);
  if ('error' in r) out.errors.push(r);
  else out.configs.push(r);
}

/** Validates one service object (`key` is its name inside `mcpServers`). */
export function validateOne(raw: unknown, key: string | undefined, warnings: string[] = []): ServiceConfig | { name?: string; error: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { name: key, error: `service ${key ? `"${key}" ` : ''}must be a JSON object` };
  const o = raw as Record<string, unknown>;
  const name = key ?? (typeof o.name === 'string' ? o.name : undefined);
  if (!name) return { error: 'service config needs a "name"' };
  if (!NAME_RE.test(name)) return { name, error: `service name "${name}" may only use letters, digits, "_" and "-" (at most 40), since its tools are named ${name}__tool` };
  const hasUrl = typeof o.url === 'string' && o.url !== '';
  const hasCommand = typeof o.command === 'string' && o.command !== '';
  if (hasUrl && hasCommand) return { name, error: `service "${name}": give either "url" (a remote server) or "command" (a local stdio server), not both` };
  if (!hasUrl && !hasCommand) return { name, error: `service "${name}": needs a "url" (a remote server) or a "command" (a local stdio server)` };
  for (const k of Object.keys(o)) if (!STANDARD.has(k)) warnings.push(`service "${name}": ignored the non-standard field "${k}"`);
  const transport = inferTransport(o, hasCommand);
  if (typeof transport !== 'string') return { name, error: transport.error };
  if (hasUrl) {
    try {
      const u = new URL(o.url as string);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      return { name, error: `service "${name}": "url" must be an http(s) URL, got "${String(o.url)}"` };
    }
    return clean({ name, transport, url: o.url as string, headers: strings(o.headers), description: str(o.description) });
  }
  const args = Array.isArray(o.args) ? o.args.map(String) : undefined;
  return clean({ name, transport, command: o.command as string, args, env: strings(o.env), cwd: str(o.cwd), description: str(o.description) });
}

function inferTransport(o: Record<string, unknown>, hasCommand: boolean): ServiceTransport | { error: string } {
  const given = (o.transport ?? o.type) as string | undefined;
  const inferred: ServiceTransport = hasCommand ? 'stdio' : /\/sse\/?$/.test(new URL(String(o.url), 'http://x').pathname) ? 'sse' : 'streamable-http';
  if (given === undefined) return inferred;
  const norm = { 'streamable-http': 'streamable-http', streamable_http: 'streamable-http', http: 'streamable-http', sse: 'sse', stdio: 'stdio' }[String(given)] as ServiceTransport | undefined;
  if (!norm) return { error: `unknown transport "${String(given)}" (expected stdio, streamable-http or sse)` };
  if ((norm === 'stdio') !== hasCommand) return { error: `transport "${norm}" does not fit a ${hasCommand ? '"command"' : '"url"'} service` };
  return norm;
}

function strings(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== 'object') return undefined;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function clean(c: ServiceConfig): ServiceConfig {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as ServiceConfig;
}
