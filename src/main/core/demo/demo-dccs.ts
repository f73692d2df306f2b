/**
 * `serve --demo`: two simulated DCCs (the Python plugin in standalone mode) so a newcomer sees live data.
 * They register in the hub's registry dir and are stopped (SIGTERM → they remove their rows) with the hub; if
 * the hub dies without stopping them (kill -9, a crash), `--parent-pid` makes them exit on their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log';

/** The simulated DCCs and the versions they report. */
export const DEMO_DCCS = [
  ['maya', '2025.1'],
  ['blender', '4.2.1'],
] as const;

/** The Python interpreter for the plugin: `$DCC_MCP_PYTHON`, else python3 (python on Windows). */
export function pythonCommand(): string {
  return process.env.DCC_MCP_PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
}

export class DemoDccs {
  private readonly children: ChildProcess[] = [];

  constructor(
    private readonly pluginDir: string,
    private readonly registryDir: string,
    private readonly log: Logger,
  ) {}

  /** Spawns the demo instances; a missing Python is reported, not fatal. */
  start(): void {
    const script = join(this.pluginDir, 'run_standalone.py');
    if (!existsSync(script)) {
      this.log.warn(`--demo: ${script} not found; no demo DCCs started`);
      return;
    }
    for (const [dcc, version] of DEMO_DCCS) {
      const child = spawn(pythonCommand(), [script, '--dcc', dcc, '--version', version, '--registry-dir', this.registryDir, '--parent-pid', String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
      child.on('error', (err) => this.log.warn(`--demo: cannot start ${pythonCommand()} for the ${dcc} demo: ${err.message} (set DCC_MCP_PYTHON)`));
      child.stderr?.on('data', (d: Buffer) => this.log.debug(`demo ${dcc}: ${d.toString().trimEnd()}`));
      child.on('exit', (code, sig) => {
        if (code !== 0 && sig !== 'SIGTERM') this.log.warn(`demo ${dcc} exited (${code ?? sig})`);
      });
      this.children.push(child);
    }
    this.log.info(`--demo: started simulated ${DEMO_DCCS.map(([d]) => d).join(' and ')} instances`);
  }

  /** SIGTERM to each demo instance; resolves when they are gone (SIGKILL after 3 s). */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.splice(0).map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const t = setTimeout(() => c.kill('SIGKILL'), 3000);
            c.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
  }
}
