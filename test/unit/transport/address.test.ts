import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLocal, formatAddress, fromJson, parseAddress, toJson } from '../../../src/main/core/transport/address';
import { candidates, parseScheme, selectAddress } from '../../../src/main/core/transport/scheme';

describe('TransportAddress', () => {
  it.each(['tcp://127.0.0.1:18812', 'tcp://[::1]:9', 'unix:///tmp/maya.sock', 'pipe://maya-mcp', 'tcp://localhost:0'])(
    'round-trips %s',
    (s) => {
      expect(formatAddress(parseAddress(s))).toBe(s);
    },
  );

  it('parses the parts', () => {
    expect(parseAddress('tcp://127.0.0.1:18812')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 18812 });
    expect(parseAddress('unix:///tmp/x.sock')).toEqual({ kind: 'unix', path: '/tmp/x.sock' });
    expect(parseAddress('pipe://dcc-mcp-maya-1')).toEqual({ kind: 'pipe', name: 'dcc-mcp-maya-1' });
  });

  it.each([
    ['http://x:1', /unknown transport address/],
    ['tcp://host', /bad TCP address/],
    ['tcp://host:99999', /above 65535/],
    ['unix://relative.sock', /must be absolute/],
    ['pipe://', /bad named pipe/],
    ['', /unknown transport address/],
  ])('rejects %j with a clear error', (s, re) => {
    expect(() => parseAddress(s)).toThrow(re);
  });

  it('default_local is PID-unique per platform', () => {
    expect(defaultLocal('maya', 12345, 'linux')).toEqual({ kind: 'unix', path: join(tmpdir(), 'dcc-mcp-maya-12345.sock') });
    expect(defaultLocal('maya', 12345, 'win32')).toEqual({ kind: 'pipe', name: 'dcc-mcp-maya-12345' });
    expect(() => defaultLocal('../evil', 1)).toThrow(/may only contain/);
  });

  it('converts to and from the registry JSON form', () => {
    for (const s of ['tcp://127.0.0.1:5', 'unix:///tmp/a.sock', 'pipe://p']) {
      const a = parseAddress(s);
      expect(fromJson(toJson(a))).toEqual(a);
    }
    expect(toJson(parseAddress('pipe://p'))).toEqual({ type: 'named_pipe', path: '\\\\.\\pipe\\p' });
    expect(fromJson({ type: 'carrier_pigeon' })).toBeNull();
  });
});

describe('TransportScheme', () => {
  const ipc = { kind: 'unix', path: '/tmp/a.sock' } as const;
  it('orders IPC before TCP and keeps TCP as the fallback', () => {
    expect(candidates('auto', { ipc, host: '127.0.0.1', port: 9 }, 'linux').map(formatAddress)).toEqual(['unix:///tmp/a.sock', 'tcp://127.0.0.1:9']);
    expect(candidates('prefer_ipc', { ipc, port: 9 }, 'linux').map(formatAddress)).toEqual(['unix:///tmp/a.sock', 'tcp://127.0.0.1:9']);
  });
  it('tcp_only skips IPC; prefer_named_pipe skips a Unix socket', () => {
    expect(candidates('tcp_only', { ipc, port: 9 }, 'linux').map(formatAddress)).toEqual(['tcp://127.0.0.1:9']);
    expect(candidates('prefer_named_pipe', { ipc, port: 9 }, 'linux').map(formatAddress)).toEqual(['tcp://127.0.0.1:9']);
  });
  it('selectAddress follows dcc-mcp-core', () => {
    expect(selectAddress('tcp_only', 'maya', '127.0.0.1', 1, 2, 'linux')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 1 });
    expect(selectAddress('auto', 'maya', '127.0.0.1', 1, 2, 'win32')).toEqual({ kind: 'pipe', name: 'dcc-mcp-maya-2' });
  });
  it('parses scheme names and rejects others', () => {
    expect(parseScheme('PREFER_IPC')).toBe('prefer_ipc');
    expect(() => parseScheme('fast')).toThrow(/unknown transport scheme/);
  });
});
