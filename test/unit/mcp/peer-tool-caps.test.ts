import { describe, expect, it } from 'vitest';
import { MAX_TOOL_DESCRIPTION, MAX_TOOL_SCHEMA_BYTES, capDescription, objectSchema } from '../../../src/main/core/mcp/exposed-tool';
import { instanceTools } from '../../../src/main/core/mcp/instance-tools';
import type { DccSession } from '../../../src/main/core/sessions/session';

describe('tool descriptions and schemas from peers are capped with a visible note', () => {
  it('keeps a normal description and cuts a 1 MB one to the limit, saying so', () => {
    expect(capDescription('Add a sphere')).toBe('Add a sphere');
    const cut = capDescription('x'.repeat(1024 * 1024));
    expect(cut).toHaveLength(MAX_TOOL_DESCRIPTION);
    expect(cut).toMatch(/…\[description cut by DCC MCP Hub: 1,048,576 characters, limit 4,096\]$/);
  });

  it('keeps a normal schema and replaces an oversize one by an open object schema that says why', () => {
    const small = { type: 'object', properties: { radius: { type: 'number' } } };
    expect(objectSchema(small)).toBe(small);
    const huge = { type: 'object', properties: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`p${i}`, { type: 'string', description: 'a field' }])) };
    const s = objectSchema(huge);
    expect(JSON.stringify(s).length).toBeLessThan(MAX_TOOL_SCHEMA_BYTES);
    expect(s).toMatchObject({ type: 'object', properties: {}, additionalProperties: true, description: expect.stringMatching(/Input schema dropped by DCC MCP Hub: [\d,]+ bytes is over the 32 KiB limit/) });
  });

  it('applies to the tools a DCC declares in its hello', () => {
    const session = {
      instanceId: 'i-1',
      row: { dcc_type: 'maya' },
      hello: { tools: [{ name: 'huge', description: 'd'.repeat(1_000_000), input_schema: { type: 'object', properties: { blob: { type: 'string', default: 'z'.repeat(100_000) } } }, read_only: false, destructive: false, idempotent: false }], capabilities: {} },
    } as unknown as DccSession;
    const [tool] = instanceTools(session, 'maya', { approvals: {} as never, allowedTools: () => [] });
    expect(tool!.description).toHaveLength(MAX_TOOL_DESCRIPTION);
    expect(tool!.description).toMatch(/description cut by DCC MCP Hub/);
    expect(tool!.inputSchema.description).toMatch(/Input schema dropped by DCC MCP Hub/);
  });
});
