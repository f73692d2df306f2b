/**
 * Port-conflict detection for the desktop app: is a TCP port free on a host, which process listens on it (so the
 * user is told "port 8765 is used by dcc-mcp-hub (pid 4242)" instead of a bare EADDRINUSE), and a free one to
 * offer instead. Plain Node: Linux reads /proc, macOS asks `lsof`, Windows `netstat` + `tasklist`.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/** A process listening on a port. */
export interface PortOwner {
  pid: number;
  /** The process's executable name when it could be found. */
  name: string | null;
}

/** Resolves true when `port` can be bound on `host` right now. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/**
 * The first free port after `from` (up to `tries` of them), else one the OS picks.
 * @returns a port that was free when checked (a race with another program remains possible)
 */
export async function findFreePort(from: number, host = '127.0.0.1', tries = 20): Promise<number> {
  for (let p = from + 1; p < from + 1 + tries && p < 65536; p++) if (await isPortFree(p, host)) return p;
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ port: 0, host }, () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Which process listens on TCP `port`, or null when it cannot be found out (no permission, tool missing).
 * Never throws.
 */
export async function findPortOwner(port: number, platform: NodeJS.Platform = process.platform): Promise<PortOwner | null> {
  try {
    if (platform === 'linux') return linuxOwner(port);
    if (platform === 'darwin') return await macOwner(port);
    if (platform === 'win32') return await windowsOwner(port);
  } catch {
    return null;
  }
  return null;
}

/** Socket inodes listening on `port` from /proc/net/tcp{,6} (state 0A = LISTEN). */
export function listeningInodes(tables: string[], port: number): Set<string> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const out = new Set<string>();
  for (const table of tables) {
    for (const line of table.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[1]?.endsWith(`:${hex}`) && f[3] === '0A' && f[9]) out.add(f[9]);
    }
  }
  return out;
}

function linuxOwner(port: number): PortOwner | null {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].map((p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return '';
    }
  });
  const inodes = listeningInodes(tables, port);
  if (!inodes.size) return null;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process: not ours to inspect
    }
    for (const fd of fds) {
      let link = '';
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m && inodes.has(m[1]!)) return { pid: Number(pid), name: readOr(`/proc/${pid}/comm`) };
    }
  }
  return null;
}

async function macOwner(port: number): Promise<PortOwner | null> {
  const out = await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc']);
  const pid = /^p(\d+)$/m.exec(out)?.[1];
  return pid ? { pid: Number(pid), name: /^c(.+)$/m.exec(out)?.[1] ?? null } : null;
}

/** Parses `netstat -ano -p tcp` for a LISTENING row on `port`. */
export function parseNetstat(out: string, port: number): number | null {
  for (const line of out.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'TCP' && f[1]?.endsWith(`:${port}`) && f[3] === 'LISTENING' && f[4]) return Number(f[4]);
  }
  return null;
}

async function windowsOwner(port: number): Promise<PortOwner | null> {
  const pid = parseNetstat(await run('netstat', ['-ano', '-p', 'tcp']), port);
  if (pid === null) return null;
  const csv = await run('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH']).catch(() => '');
  return { pid, name: /^"([^"]+)"/.exec(csv.trim())?.[1] ?? null };
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile(cmd, args, { timeout: 3000, windowsHide: true }, (err, stdout) => (err && !stdout ? reject(err) : resolve(stdout))));
}

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** "dcc-mcp-hub (pid 4242)", "pid 4242", or null. */
export function describeOwner(o: PortOwner | null): string | null {
  if (!o) return null;
  return o.name ? `${o.name} (pid ${o.pid})` : `pid ${o.pid}`;
}
