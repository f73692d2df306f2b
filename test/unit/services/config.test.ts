import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processServiceInput, validateOne } from '../../../src/main/core/services/config-processor';
import { Lifecycle, SERVICE_TRANSITIONS } from '../../../src/main/core/services/lifecycle';

describe('service input forms (MCPStore seed)', () => {
  it('nothing → every configured service', () => {
    expect(processServiceInput(undefined, ['a', 'b'])).toMatchObject({ names: ['a', 'b'], configs: [] });
  });

  it('{"mcpServers": {...}}', () => {
    const r = processServiceInput({ mcpServers: { fs: { command: 'npx', args: ['-y', 'server-fs'] }, web: { url: 'https://x.test/mcp' } } }, []);
    expect(r.configs).toEqual([
      { name: 'fs', transport: 'stdio', command: 'npx', args: ['-y', 'server-fs'] },
      { name: 'web', transport: 'streamable-http', url: 'https://x.test/mcp' },
    ]);
  });

  it('one service object, a list of objects, a list of names, a JSON file path', () => {
    expect(processServiceInput({ name: 'one', url: 'http://127.0.0.1:9/sse' }, []).configs[0]).toEqual({ name: 'one', transport: 'sse', url: 'http://127.0.0.1:9/sse' });
    expect(processServiceInput([{ name: 'a', command: 'x' }, { name: 'b', url: 'http://h/mcp' }], []).configs.map((c) => c.name)).toEqual(['a', 'b']);
    expect(processServiceInput(['a', 'zzz'], ['a'])).toMatchObject({ names: ['a'], errors: [{ name: 'zzz', error: 'no service named "zzz" is configured' }] });
    const file = join(mkdtempSync(join(tmpdir(), 'svc-')), 'mcp.json');
    writeFileSync(file, JSON.stringify({ mcpServers: { f: { command: 'node' } } }));
    expect(processServiceInput(file, []).configs[0]).toMatchObject({ name: 'f', transport: 'stdio' });
    expect(processServiceInput('/no/such/file.json', []).errors[0]!.error).toMatch(/cannot read service config file \/no\/such\/file.json/);
  });

  it('validation errors say what is wrong', () => {
    expect(validateOne({ url: 'http://h' }, undefined)).toEqual({ error: 'service config needs a "name"' });
    expect(validateOne({ name: 'x', url: 'http://h', command: 'y' }, undefined)).toMatchObject({ error: 'service "x": give either "url" (a remote server) or "command" (a local stdio server), not both' });
    expect(validateOne({ name: 'x' }, undefined)).toMatchObject({ error: 'service "x": needs a "url" (a remote server) or a "command" (a local stdio server)' });
    expect(validateOne({ name: 'x', url: 'ftp://h' }, undefined)).toMatchObject({ error: expect.stringMatching(/must be an http\(s\) URL/) });
    expect(validateOne({ name: 'x y', url: 'http://h' }, undefined)).toMatchObject({ error: expect.stringMatching(/may only use letters/) });
    expect(validateOne({ name: 'x', url: 'http://h', transport: 'carrier-pigeon' }, undefined)).toMatchObject({ error: expect.stringMatching(/unknown transport "carrier-pigeon"/) });
  });

  it('drops non-standard fields with a warning', () => {
    const warnings: string[] = [];
    expect(validateOne({ name: 'x', url: 'http://h/mcp', keep_alive: 5, headers: { A: 'b' } }, undefined, warnings)).toEqual({ name: 'x', transport: 'streamable-http', url: 'http://h/mcp', headers: { A: 'b' } });
    expect(warnings).toEqual(['service "x": ignored the non-standard field "keep_alive"']);
  });
});

describe('service lifecycle', () => {
  it('is exactly the seed\'s state machine', () => {
    expect(SERVICE_TRANSITIONS).toEqual({
      INITIALIZING: ['HEALTHY', 'UNREACHABLE'],
      HEALTHY: ['WARNING', 'RECONNECTING'],
      WARNING: ['HEALTHY', 'RECONNECTING'],
      RECONNECTING: ['HEALTHY', 'UNREACHABLE'],
      UNREACHABLE: ['RECONNECTING'],
    });
    const l = new Lifecycle();
    l.to('HEALTHY');
    expect(() => l.to('UNREACHABLE')).toThrow(/illegal service transition HEALTHY → UNREACHABLE/);
    l.to('WARNING', 'ping failed');
    expect(l.history.map((h) => `${h.from}>${h.to}`)).toEqual(['INITIALIZING>HEALTHY', 'HEALTHY>WARNING']);
  });
});
