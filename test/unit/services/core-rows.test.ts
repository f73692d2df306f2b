import { describe, expect, it } from 'vitest';
import { advertisedTools, classifyCoreRow, qualifiedToolName } from '../../../src/main/core/services/core-rows';
import { sameJson } from '../../../src/main/core/registry/registry-file';

const row = (over: Record<string, unknown> = {}) => ({ dcc_type: 'maya', instance_id: '1234abcd-0000', host: '127.0.0.1', port: 18812, status: 'available', metadata: {} as Record<string, string>, ...over });

describe('dcc-mcp-core rows by role', () => {
  it.each([
    [row(), 'mcp-server', 'http://127.0.0.1:18812/mcp'],
    [row({ dcc_type: '__gateway__', port: 9765 }), 'gateway', 'http://127.0.0.1:9765/mcp'],
    [row({ metadata: { dcc_mcp_role: 'gateway-sentinel' } }), 'gateway', 'http://127.0.0.1:18812/mcp'],
    [row({ status: 'booting' }), 'booting', 'http://127.0.0.1:18812/mcp'],
    [row({ port: 0 }), 'ipc-only', null],
    [row({ port: 0, metadata: { mcp_url: 'http://10.0.0.5:9000/mcp' } }), 'mcp-server', 'http://10.0.0.5:9000/mcp'],
    [row({ port: 1, metadata: { mcp_url: 'http://127.0.0.1:7/x', dcc_mcp_role: 'per-dcc-sidecar' } }), 'sidecar', 'http://127.0.0.1:7/x'],
    [row({ host: '0.0.0.0' }), 'mcp-server', 'http://127.0.0.1:18812/mcp'],
  ])('%j → %s at %s', (r, role, url) => {
    expect(classifyCoreRow(r)).toMatchObject({ role, url });
  });

  it('reads advertised tools from extras.tools in either schema spelling and ignores junk', () => {
    expect(advertisedTools(row({ extras: { tools: [{ name: 'a', input_schema: { type: 'object' } }, { nope: 1 }, 'x', { name: 'b', description: 'B' }] } })).map((t) => [t.name, t.description])).toEqual([
      ['a', undefined],
      ['b', 'B'],
    ]);
    expect(advertisedTools(row())).toEqual([]);
  });

  it('shortens long or invalid tool names stably, readably and uniquely within 64 characters', () => {
    expect(qualifiedToolName('maya_1234abcd', 'shout')).toBe('maya_1234abcd__shout');
    const a = `skill-rigging__${'x'.repeat(80)}_auto_rig`;
    const b = `skill-rigging__${'x'.repeat(81)}_auto_rig`;
    const qa = qualifiedToolName('maya_1234abcd', a);
    expect(qa).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(qa).toHaveLength(64);
    expect(qa.startsWith('maya_1234abcd__skill-rigging')).toBe(true);
    expect(qa.slice(0, -7).endsWith('_auto_rig')).toBe(true);
    expect(qualifiedToolName('maya_1234abcd', a)).toBe(qa);
    expect(qualifiedToolName('maya_1234abcd', b)).not.toBe(qa);
    expect(qualifiedToolName('s', 'has space.dot')).toMatch(/^s__has_space_dot_[0-9a-f]{6}$/);
    expect(qualifiedToolName('s'.repeat(60), 'long_tool_name')).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it('compares parsed JSON deeply', () => {
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ a: { b: 2 } }, { a: { b: 3 } })).toBe(false);
  });
});
