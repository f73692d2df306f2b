/**
 * `kill -9` of a `serve --demo` hub (no chance to clean up): the demo DCCs notice their parent is gone and exit
 * (removing their rows), and the stdio service's whole process group (server + grandchild) is killed by its
 * watchdog when the hub's end of the watchdog pipe closes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, exited, groupMembers, killAll } from '../../helpers/processes';
import { CLI, startServe } from '../../helpers/hub';
import { waitFor } from '../../helpers/wait';

afterAll(() => killAll());

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};
/** Processes whose command line contains `marker`, from /proc. */
const withArg = (marker: string): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes(marker) ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
const pgidOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
const rows = (regDir: string): { pid?: number }[] => {
  const file = join(regDir, 'services.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8') || '[]') as { pid?: number }[]) : [];
};

describe('a hub killed with SIGKILL leaves nothing running', () => {
  it('demo DCCs exit and remove their rows; the stdio service group dies', async () => {
    expect(existsSync(CLI)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'crash-'));
    const reg = join(dir, 'reg');
    const marker = `--crash-marker-${process.pid}-${Date.now()}`;
    const mcpConfig = join(dir, 'mcp.json');
    writeFileSync(mcpConfig, JSON.stringify({ mcpServers: { files: { command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'test/fixtures/mcp-servers/stdio-server.ts'), '--spawn-grandchild', marker] } } }));
    const { child } = await startServe(['--registry-dir', reg, '--data-dir', join(dir, 'data'), '--demo', '--mcp-config', mcpConfig]);
    await waitFor(() => rows(reg).filter((r) => typeof r.pid === 'number' && alive(r.pid)).length === 2, 'two live demo rows', 20_000);
    const demoPids = rows(reg).map((r) => r.pid!);
    await waitFor(() => withArg(marker).length >= 1, 'the stdio service running', 20_000);
    // The service and its watchdog (a forked sh that still carries the service's arguments) share one group.
    const pgid = pgidOf(withArg(marker)[0]!);
    await waitFor(() => groupMembers(pgid).length >= 3, 'service, its grandchild and the watchdog in one group', 10_000);

    child.kill('SIGKILL');
    await exited(child);

    await waitFor(() => demoPids.every((p) => !alive(p)), 'demo DCCs gone', 10_000);
    expect(rows(reg)).toEqual([]);
    await waitFor(() => groupMembers(pgid).length === 0, 'no process left in the service group', 10_000);
  }, 60_000);
});
