import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRegistryDir, ensurePrivateDir, resolvePrivateRegistryDir } from '../../../src/main/core/registry/registry-dir';
import { resolveRegistryDir } from '../../../src/main/core/registry/file-registry';
import { PYTHON } from '../../helpers/hub';
import { ROOT } from '../../helpers/processes';

const NOBODY = 65534;
const fresh = () => mkdtempSync(join(tmpdir(), 'regdir-'));

/** What the Python plugin computes for the same environment. */
function pythonDefault(env: Record<string, string>): string {
  const code = 'import sys; sys.path.insert(0, "resources/dcc-plugin"); from dcc_mcp_plugin import paths; print(paths.default_registry_dir())';
  const r = spawnSync(PYTHON, ['-c', code], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe('the default registry dir (SPEC §1, v0.2)', () => {
  it('is $XDG_RUNTIME_DIR/dcc-mcp-registry, else <tmp>/dcc-mcp-registry-<uid>; the same on the Python side', () => {
    expect(defaultRegistryDir({ XDG_RUNTIME_DIR: '/run/user/1000/' }, 'linux', 1000)).toBe('/run/user/1000/dcc-mcp-registry');
    expect(defaultRegistryDir({ XDG_RUNTIME_DIR: 'relative' }, 'linux', 7)).toMatch(/\/dcc-mcp-registry-7$/);
    expect(defaultRegistryDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32')).toMatch(/^C:\\Users\\a\\AppData\\Local.dcc-mcp-registry$/);
    const envs: Record<string, string>[] = [{ XDG_RUNTIME_DIR: '/run/user/0' }, { TMPDIR: '/var/tmp/x/' }, { TMP: '/srv/t' }, {}];
    for (const env of envs) {
      const saved = { ...process.env };
      for (const k of ['XDG_RUNTIME_DIR', 'TMPDIR', 'TMP', 'TEMP']) delete process.env[k];
      Object.assign(process.env, env);
      try {
        expect(pythonDefault(env)).toBe(defaultRegistryDir(process.env));
      } finally {
        for (const k of ['XDG_RUNTIME_DIR', 'TMPDIR', 'TMP', 'TEMP']) delete process.env[k];
        Object.assign(process.env, saved);
      }
    }
  });

  it('is created 0700 when missing', () => {
    const runtime = fresh();
    const dir = resolvePrivateRegistryDir(undefined, { XDG_RUNTIME_DIR: runtime });
    expect(dir).toBe(join(runtime, 'dcc-mcp-registry'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(resolvePrivateRegistryDir(undefined, { XDG_RUNTIME_DIR: runtime })).toBe(dir);
  });

  it('refuses a default dir another user owns, one writable by others, or a symlink', () => {
    const runtime = fresh();
    const planted = join(runtime, 'dcc-mcp-registry');
    mkdirSync(planted, { mode: 0o700 });
    chownSync(planted, NOBODY, NOBODY);
    expect(() => resolvePrivateRegistryDir(undefined, { XDG_RUNTIME_DIR: runtime })).toThrow(/belongs to uid 65534, not to you.*--registry-dir/);
    const open = join(fresh(), 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(() => ensurePrivateDir(open)).toThrow(/writable by other users \(mode 777\); run `chmod 700/);
    const link = join(fresh(), 'link');
    symlinkSync(fresh(), link);
    expect(() => ensurePrivateDir(link)).toThrow(/is not a directory/);
  });

  it('takes a dir the user chose as it is, even a shared one', () => {
    const shared = fresh();
    chmodSync(shared, 0o777);
    expect(resolvePrivateRegistryDir(shared)).toBe(shared);
    expect(resolvePrivateRegistryDir(undefined, { DCC_MCP_REGISTRY_DIR: shared })).toBe(shared);
    expect(resolveRegistryDir(shared)).toBe(shared);
  });
});
