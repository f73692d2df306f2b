/**
 * Unix socket files left behind by a crashed process: a file nobody listens on is removed; a live one never is.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { HubError } from '../errors';

/**
 * Probes a Unix socket path.
 * @returns 'missing', 'live' (something accepted a connection) or 'stale' (a socket file nobody listens on).
 */
export function probeSocket(path: string, timeoutMs = 500): Promise<'missing' | 'live' | 'stale'> {
  return new Promise((resolve) => {
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return resolve('missing');
    }
    if (!st.isSocket()) return resolve('live');
    const s = connect({ path });
    const t = setTimeout(() => done('live'), timeoutMs);
    function done(v: 'live' | 'stale'): void {
      clearTimeout(t);
      s.destroy();
      resolve(v);
    }
    s.once('connect', () => done('live'));
    s.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' || e.code === 'ENOENT' ? 'stale' : 'live'));
  });
}

/**
 * Removes `path` if it is a stale socket file.
 * @returns true when something was removed.
 * @throws HubError CONNECTION_FAILED when a live server owns the path, or the path is not a socket.
 */
export async function removeStaleSocket(path: string): Promise<boolean> {
  const state = await probeSocket(path);
  if (state === 'missing') return false;
  if (state === 'live') {
    const isSock = (() => {
      try {
        return lstatSync(path).isSocket();
      } catch {
        return false;
      }
    })();
    throw new HubError('CONNECTION_FAILED', isSock ? `socket ${path} is in use by a live server` : `${path} exists and is not a socket; refusing to remove it`);
  }
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return true;
}
