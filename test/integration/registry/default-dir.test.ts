/** `dcc-mcp-hub serve` without --registry-dir on a machine where another user planted the default dir. */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/processes';

const serve = (runtime: string) => {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime };
  delete env.DCC_MCP_REGISTRY_DIR;
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main/cli.ts'), 'serve', '--port', '0', '--data-dir', join(runtime, 'data')], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
};

describe('the hub refuses a default registry dir another user controls', () => {
  it('exits 1 naming the dir, its owner and the way out', () => {
    const runtime = mkdtempSync(join(tmpdir(), 'runtime-'));
    const planted = join(runtime, 'dcc-mcp-registry');
    mkdirSync(planted, { mode: 0o700 });
    chownSync(planted, 65534, 65534);
    const r = serve(runtime);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(/DCC_MCP_HUB_READY/);
    expect(r.stderr).toContain(`dcc-mcp-hub: registry dir ${planted} belongs to uid 65534, not to you (uid ${process.getuid!()})`);
    expect(r.stderr).toMatch(/--registry-dir \/ DCC_MCP_REGISTRY_DIR/);
    expect(statSync(planted).uid).toBe(65534);
  });
});
