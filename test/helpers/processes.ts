/** Child processes for integration tests: spawn, wait for a ready line, and make sure they die. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const children = new Set<ChildProcess>();

/**
 * Spawns `cmd args` and resolves with the first stdout line starting with `prefix` (the rest of it); `output()`
 * returns everything the child has written to stderr (its log) so far, for assertions on logs.
 */
export function spawnUntil(cmd: string, args: string[], prefix: string, timeoutMs = 15_000, env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; line: string; output: () => string }> {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  let err = '';
  const all: Buffer[] = [];
  child.stderr!.on('data', (d: Buffer) => {
    all.push(d);
    err = (err + d.toString()).slice(-4000);
  });
  const output = (): string => Buffer.concat(all).toString();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')}: no "${prefix}" line within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve({ child, line: line.slice(prefix.length).trim(), output });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before "${prefix}"; stderr: ${err}`));
    });
  });
}

/** Starts the Node test peer on `address`; resolves with the bound address text. */
export function startNodePeer(address: string, ...flags: string[]): Promise<{ child: ChildProcess; line: string }> {
  return spawnUntil(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/node-peer.ts'), address, ...flags], 'PEER_READY ');
}

/** Resolves when the child has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

/** Kills every child still running (call from afterAll/afterEach). */
export function killAll(): void {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
}

/** Live (non-zombie) processes of a process group, read from /proc (Linux). */
export function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === pgid && fields[0] !== 'Z' ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}
