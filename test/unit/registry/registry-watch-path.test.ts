/**
 * The fs.watch path of RegistryWatcher on its own: the 1 s re-scan (a setInterval) is frozen with fake timers,
 * so a row written by another process can only be seen through the directory watch (SPEC §3: within 250 ms;
 * the figure itself is measured in bench/registry.bench.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileRegistry } from '../../../src/main/core/registry/file-registry';
import { RegistryWatcher } from '../../../src/main/core/registry/registry-watcher';
import { ROOT } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

afterEach(() => vi.useRealTimers());

describe('RegistryWatcher without its re-scan', () => {
  it('sees a row another process adds through fs.watch alone', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dir = mkdtempSync(join(tmpdir(), 'watchpath-'));
    const w = new RegistryWatcher(new FileRegistry({ dir, staleTimeoutMs: 60_000 }));
    const added: string[] = [];
    w.on('added', (e) => added.push(e.dcc_type));
    w.start();
    expect(added).toEqual([]);
    const script = `import { FileRegistry } from '${join(ROOT, 'src/main/core/registry/file-registry.ts')}';\nawait new FileRegistry({ dir: ${JSON.stringify(dir)} }).register({ dcc_type: 'maya', pid: ${process.pid} });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    await waitFor(() => added.includes('maya'), 'added through fs.watch', 5_000);
    expect(vi.getTimerCount()).toBe(1); // the frozen re-scan never ran
    w.stop();
  });
});
