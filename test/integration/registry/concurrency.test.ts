import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileRegistry } from '../../../src/main/core/registry/file-registry';
import { ROOT } from '../../helpers/processes';

describe('registry under 20 concurrent processes', () => {
  it('20 processes registering and heartbeating for 5 s lose no row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-conc-'));
    const runs = Array.from({ length: 20 }, (_, i) =>
      new Promise<{ id: string; writes: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/registry/worker.ts'), dir, String(i), '5000'], { cwd: ROOT });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => {
          const m = /DONE (\S+) (\d+)/.exec(out);
          if (code === 0 && m) resolve({ id: m[1]!, writes: Number(m[2]) });
          else reject(new Error(`worker ${i} exited ${code}: ${err}`));
        });
      }),
    );
    const done = await Promise.all(runs);
    const rows = new FileRegistry({ dir, staleTimeoutMs: 60_000, isPidAlive: () => true }).listAll();
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.instance_id))).toEqual(new Set(done.map((d) => d.id)));
    expect(done.reduce((n, d) => n + d.writes, 0)).toBeGreaterThan(200);
    expect(readdirSync(dir).filter((f) => f.startsWith('.tmp') || f === 'services.lock')).toEqual([]);
  }, 60_000);
});
