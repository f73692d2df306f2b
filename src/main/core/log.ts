/**
 * The hub's logger: structured lines on stderr (stdout is reserved for the ready line in headless mode).
 * Secrets never reach it: callers pass ids and sizes, never tokens.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  (line: string): void;
}

/**
 * Creates a logger writing `time level [scope] msg key=value…` lines.
 * @param level minimum level (default `$DCC_MCP_HUB_LOG` or 'info').
 * @param sink where lines go (default stderr).
 */
export function createLogger(scope = 'hub', level?: LogLevel, sink: LogSink = (l) => process.stderr.write(l + '\n')): Logger {
  const min = ORDER[level ?? ((process.env.DCC_MCP_HUB_LOG as LogLevel | undefined) ?? 'info')] ?? ORDER.info;
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lvl] < min) return;
    const extra = fields
      ? Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : safeJson(v)}`)
          .join(' ')
      : '';
    sink(scrubSecrets(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} [${scope}] ${msg}${extra ? ' ' + extra : ''}`));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (s) => createLogger(`${scope}:${s}`, level, sink),
  };
}

const SECRET_QUERY = /([?&](?:token|ticket|code|access_token|refresh_token|client_secret)=)[^&\s"'#]+/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
const AGENT_KEY = /dmh_[a-z]{2}_[A-Za-z0-9_-]{20,}/g;

/** A URL with credential-bearing query values replaced by "…" (safe to log). */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1…');
}

/** Removes credentials from a log line: query values, bearer headers, agent keys. The last line of defence. */
export function scrubSecrets(line: string): string {
  return redactUrl(line).replace(BEARER, '$1…').replace(AGENT_KEY, 'dmh_…');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A logger that drops everything (tests and benches). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
