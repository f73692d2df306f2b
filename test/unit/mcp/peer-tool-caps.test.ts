import { describe, expect, it } from 'vitest';
import { instanceTools } from '../../../src/main/core/mcp/instance-tools';
import { MAX_DESCRIPTION_CHARS } from '../../../src/main/core/mcp/tool-caps';
import type { DccSession } from '../../../src/main/core/sessions/session';

describe('tool descriptions and schemas a DCC declares are capped with a visible note', () => {
  it('applies to the tools a DCC declares in its hello', () => {
    const session = {
      instanceId: 'i-1',
      row: { dcc_type: 'maya' },
      hello: { tools: [{ name: 'huge', description: 'd'.repeat(1_000_000), input_schema: { type: 'object', properties: { blob: { type: 'string', default: 'z'.repeat(100_000) } } }, read_only: false, destructive: false, idempotent: false }], capabilities: {} },
    } as unknown as DccSession;
    const [tool] = instanceTools(session, 'maya', { approvals: {} as never, allowedTools: () => [] });
    expect(tool!.description.length).toBeLessThan(MAX_DESCRIPTION_CHARS + 100);
    expect(tool!.description).toMatch(/description truncated at 4000 of \d+ characters/);
    expect(tool!.inputSchema.description).toMatch(/input schema \(\d+ bytes\) is larger than the hub passes on/);
  });
});
