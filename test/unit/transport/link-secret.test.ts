import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkMac, sameEndpoint } from '../../../src/main/core/transport/link-auth';
import { linkSecretFile, loadOrCreateLinkSecret } from '../../../src/main/core/transport/link-secret';
import { PYTHON } from '../../helpers/hub';
import { ROOT } from '../../helpers/processes';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'secret-')), 'cfg', 'dcc-mcp', 'link.secret');

function python(code: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(PYTHON, ['-c', `import sys; sys.path.insert(0, "resources/dcc-plugin")\n${code}`], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe('the DccLink secret file', () => {
  it('is created once, 0600 in a 0700 dir, and read back the same by the hub and the Python plugin', () => {
    const path = fresh();
    const secret = loadOrCreateLinkSecret(path);
    expect(secret).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8')).toBe(`${secret.toString('hex')}\n`);
    expect(loadOrCreateLinkSecret(path)).toEqual(secret);
    expect(readdirSync(dirname(path))).toEqual(['link.secret']);
    expect(python(`from dcc_mcp_plugin import auth; print(auth.load_or_create_secret(${JSON.stringify(path)}).hex())`)).toBe(secret.toString('hex'));
  });

  it('created by the Python plugin first, the hub reads the same', () => {
    const path = fresh();
    const hex = python(`from dcc_mcp_plugin import auth; print(auth.load_or_create_secret(${JSON.stringify(path)}).hex())`);
    expect(loadOrCreateLinkSecret(path).toString('hex')).toBe(hex);
  });

  it('refuses a file other users can read, one that is not ours, or garbage', () => {
    const path = fresh();
    loadOrCreateLinkSecret(path);
    chmodSync(path, 0o640);
    expect(() => loadOrCreateLinkSecret(path)).toThrow(/readable or writable by other users \(mode 640\); run `chmod 600/);
    chmodSync(path, 0o600);
    chownSync(path, 65534, 65534);
    expect(() => loadOrCreateLinkSecret(path)).toThrow(/belongs to uid 65534, not to you/);
    const junk = fresh();
    loadOrCreateLinkSecret(junk);
    writeFileSync(junk, 'hunter2');
    expect(() => loadOrCreateLinkSecret(junk)).toThrow(/not 64 hex characters/);
  });

  it('lives in the config dir unless $DCC_MCP_SECRET_FILE says otherwise; same path on the Python side', () => {
    expect(linkSecretFile({ XDG_CONFIG_HOME: '/cfg', HOME: '/h' }, 'linux')).toBe('/cfg/dcc-mcp/link.secret');
    expect(linkSecretFile({ HOME: '/h' }, 'linux')).toBe('/h/.config/dcc-mcp/link.secret');
    expect(linkSecretFile({ DCC_MCP_SECRET_FILE: '/s', HOME: '/h' }, 'linux')).toBe('/s');
    const env = { XDG_CONFIG_HOME: '', HOME: '/home/artist', DCC_MCP_SECRET_FILE: '' };
    expect(python('from dcc_mcp_plugin import paths; print(paths.secret_file())', env)).toBe(linkSecretFile(env, 'linux'));
  });
});

describe('the handshake MAC', () => {
  it('is the same HMAC on both sides, and differs per role', () => {
    const secret = Buffer.alloc(32, 7);
    const [h, p, e] = ['a'.repeat(64), 'b'.repeat(64), 'unix:///tmp/x.sock'];
    const py = python(`from dcc_mcp_plugin import auth; print(auth.mac(bytes([7] * 32), "plugin", "${h}", "${p}", "${e}"), auth.mac(bytes([7] * 32), "hub", "${h}", "${p}", "${e}"))`);
    expect(py).toBe(`${linkMac(secret, 'plugin', h, p, e)} ${linkMac(secret, 'hub', h, p, e)}`);
    expect(linkMac(secret, 'plugin', h, p, e)).not.toBe(linkMac(secret, 'hub', h, p, e));
  });

  it('binds the endpoint: loopback hosts are one host, anything else must match exactly', () => {
    expect(sameEndpoint({ kind: 'tcp', host: 'localhost', port: 5 }, 'tcp://127.0.0.1:5')).toBe(true);
    expect(sameEndpoint({ kind: 'tcp', host: '127.0.0.1', port: 5 }, 'tcp://127.0.0.1:6')).toBe(false);
    expect(sameEndpoint({ kind: 'tcp', host: '10.0.0.2', port: 5 }, 'tcp://127.0.0.1:5')).toBe(false);
    expect(sameEndpoint({ kind: 'unix', path: '/tmp/a.sock' }, 'unix:///tmp/a.sock')).toBe(true);
    expect(sameEndpoint({ kind: 'unix', path: '/tmp/a.sock' }, 'unix:///tmp/b.sock')).toBe(false);
    expect(sameEndpoint({ kind: 'unix', path: '/tmp/a.sock' }, 'garbage')).toBe(false);
  });
});
