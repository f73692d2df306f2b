/**
 * A stdio MCP client transport that starts the server as its own process group, so removing the service or
 * quitting the hub reaps the server and anything it spawned (no orphans). stderr goes to the hub's log.
 * On Unix a watchdog in the group holds the read end of a pipe from the hub: when the hub dies for any reason
 * (kill -9 included) the pipe reaches EOF and the watchdog kills the whole group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** What a child may inherit: enough to find programs and a home, nothing else from the hub's environment. */
const SAFE_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL', 'SYSTEMROOT', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'PATHEXT', 'COMSPEC'];

/**
 * Runs as the group leader: forks the watchdog (blocked reading fd 3, the hub's pipe; EOF → SIGKILL to the
 * group), closes fd 3 for the service, then execs the service so it keeps this pid.
 */
const WATCHDOG = '( read _ <&3; kill -KILL 0 ) >/dev/null 2>&1 </dev/null & exec 3<&-; exec "$@"';

export interface StdioGroupOptions {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  onStderr?: (line: string) => void;
}

export class StdioGroupTransport implements Transport {
  onmessage?: (m: JSONRPCMessage) => void;
  onerror?: (e: Error) => void;
  onclose?: () => void;
  private child: ChildProcess | null = null;
  private readonly buffer = new ReadBuffer();
  private closed = false;

  constructor(private readonly opts: StdioGroupOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const env: Record<string, string> = {};
      for (const k of SAFE_ENV) if (process.env[k] !== undefined) env[k] = process.env[k]!;
      const unix = process.platform !== 'win32';
      const fullEnv = { ...env, ...this.opts.env };
      if (unix && !findCommand(this.opts.command, fullEnv.PATH ?? '', this.opts.cwd)) {
        reject(new Error(`cannot start "${this.opts.command}": spawn ${this.opts.command} ENOENT`));
        this.finish();
        return;
      }
      const [cmd, args] = unix ? ['/bin/sh', ['-c', WATCHDOG, 'sh', this.opts.command, ...(this.opts.args ?? [])]] : [this.opts.command, this.opts.args ?? []];
      const child = spawn(cmd, args, { env: fullEnv, cwd: this.opts.cwd, stdio: unix ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'], detached: unix, windowsHide: true });
      this.child = child;
      child.once('error', (err) => {
        reject(new Error(`cannot start "${this.opts.command}": ${err.message}`));
        this.finish();
      });
      child.once('spawn', () => resolve());
      child.once('exit', () => this.finish());
      child.stdout!.on('data', (chunk: Buffer) => {
        this.buffer.append(chunk);
        for (;;) {
          let msg: JSONRPCMessage | null;
          try {
            msg = this.buffer.readMessage();
          } catch (err) {
            this.onerror?.(err as Error);
            continue;
          }
          if (!msg) break;
          this.onmessage?.(msg);
        }
      });
      let pending = '';
      child.stderr!.on('data', (d: Buffer) => {
        pending += d.toString();
        const lines = pending.split('\n');
        pending = lines.pop()!.slice(-4000);
        for (const l of lines) if (l.trim()) this.opts.onStderr?.(l.slice(0, 2000));
      });
      child.stdin!.on('error', () => {});
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.child?.stdin?.writable) return reject(new Error('the service process is not running'));
      this.child.stdin.write(serializeMessage(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Ends the whole process group: SIGTERM, then SIGKILL after a grace period. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.finish();
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    killGroup(child, 'SIGTERM');
    const t = setTimeout(() => killGroup(child, 'SIGKILL'), 2000);
    await exited;
    clearTimeout(t);
    // Grandchildren that ignored SIGTERM still go.
    killGroup(child, 'SIGKILL');
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    // Closing the watchdog pipe also reaps what a service that exited on its own left in its group.
    (this.child?.stdio[3] as NodeJS.WritableStream & { destroy?: () => void } | undefined)?.destroy?.();
    this.onclose?.();
  }
}

/** Whether `command` resolves to an executable file (as `execvp` would look it up). */
function findCommand(command: string, pathEnv: string, cwd?: string): boolean {
  const candidates = command.includes('/') ? [isAbsolute(command) ? command : join(cwd ?? process.cwd(), command)] : pathEnv.split(delimiter).filter(Boolean).map((d) => join(d, command));
  return candidates.some((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    // Already gone.
  }
}
