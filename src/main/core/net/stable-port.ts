/**
 * `serve`'s stable port (issue 14). Agents' configs hold the hub's URL, so the port must outlive restarts even when
 * the hub was started with `--port 0`: the port is kept in the data dir's settings and preferred on the next start;
 * only when another program holds it does the hub fall back to a free port for this run (and says so).
 */

/** How the port was chosen: `pin` (an explicit `--port N`, remembered), `prefer` (the kept port, else `port`). */
export type PortMemory = 'pin' | 'prefer';

/** What the panel and the log say about the port in use. */
export interface PortState {
  /** The port the hub listens on now. */
  serving: number;
  /** The port kept for this data dir (what written configs point at), or null when the hub keeps none (tests, the desktop app). */
  kept: number | null;
  /** Why the hub is not on the kept port, or null when it is. */
  fallback: string | null;
}

export interface StablePortDeps {
  /** Listens on a port (0 = any free one); rejects with the socket error (EADDRINUSE, EACCES…). */
  listen(port: number): Promise<number>;
  kept(): number | undefined;
  keep(port: number): void;
}

const TAKEN = new Set(['EADDRINUSE', 'EACCES']);

/**
 * Listens following the port memory: `pin` listens on `port` exactly (throws when taken) and keeps it; `prefer`
 * tries the kept port (else `port`, where 0 means any free one, which is then kept), and when that is taken listens
 * on any free port without changing what is kept.
 */
export async function listenStable(mode: PortMemory, port: number, deps: StablePortDeps): Promise<PortState> {
  if (mode === 'pin') {
    const serving = await deps.listen(port);
    deps.keep(serving);
    return { serving, kept: serving, fallback: null };
  }
  const wanted = deps.kept() ?? port;
  if (wanted === 0) {
    const serving = await deps.listen(0);
    deps.keep(serving);
    return { serving, kept: serving, fallback: null };
  }
  try {
    const serving = await deps.listen(wanted);
    if (deps.kept() === undefined) deps.keep(serving);
    return { serving, kept: serving, fallback: null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!TAKEN.has(code)) throw err;
    const serving = await deps.listen(0);
    const why = code === 'EACCES' ? 'is not allowed for this user' : 'is in use by another program';
    return { serving, kept: wanted, fallback: `port ${wanted} ${why}, so the hub serves on ${serving} for now; configs written for ${wanted} do not reach it until it runs on ${wanted} again (or you keep ${serving} and rewrite them)` };
  }
}
