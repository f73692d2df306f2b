/**
 * A tool the DCC itself declares destructive (the real Python plugin's `delete_object`) passes the approval gate
 * like `dcc_execute`: the official SDK client as the agent, a card with the arguments, deny wins, nothing deleted
 * without a decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Hub } from '../../../src/main/core/hub';
import { mcpClient, startHub, startPlugin } from '../../helpers/hub';
import { killAll } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

let hub: Hub;
let client: Client;

beforeAll(async () => {
  ({ hub } = await startHub({ approval: 'ask' }));
  await startPlugin(hub.registryDir, 'maya');
  await waitFor(() => hub.sessions.list().some((s) => s.instanceState === 'ready'), 'maya ready', 15_000);
  client = await mcpClient(hub.info!.mcpUrl, hub.bearerToken, 'claude-code');
  await waitFor(async () => (await client.listTools()).tools.some((t) => t.name === 'maya__delete_object'), 'maya tools listed');
  // Objects to delete (creating is not destructive: it runs without a card).
  for (const name of ['victim1', 'victim2']) await client.callTool({ name: 'maya__create_object', arguments: { name } });
}, 30_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await hub?.stop();
  killAll();
});

const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;
const objects = async (): Promise<string[]> => JSON.parse(text((await client.callTool({ name: 'maya__list_objects', arguments: {} })) as CallToolResult)) as string[];

describe('a DCC-declared destructive tool', () => {
  it('waits for the artist with its arguments on the card, and runs only once approved', async () => {
    const before = JSON.stringify(await objects());
    expect(before).toContain('victim1');
    const call = client.callTool({ name: 'maya__delete_object', arguments: { name: 'victim1' } }) as Promise<CallToolResult>;
    const pending = await waitFor(() => hub.approvals.list().pending[0], 'the card');
    expect(pending).toMatchObject({ tool: 'maya__delete_object', arguments: { name: 'victim1' }, dccType: 'maya' });
    expect(pending.code).toBeUndefined();
    expect(JSON.stringify(await objects())).toBe(before); // nothing deleted while it waits
    // A tool call cannot be "edited": what would be recorded as the edit is not what runs.
    expect(() => hub.approvals.decide(pending.id, { decision: 'approve', code: 'anything' })).toThrow(/only scripts can be edited/);
    hub.approvals.decide(pending.id, { decision: 'approve' });
    expect((await call).isError).toBeFalsy();
    expect(JSON.stringify(await objects())).not.toContain('victim1');
  });

  it('is not run under "deny", and the agent is told why', async () => {
    hub.approvals.setPolicy('instance', 'maya', 'deny');
    try {
      const before = JSON.stringify(await objects());
      expect(before).toContain('victim2');
      const r = (await client.callTool({ name: 'maya__delete_object', arguments: { name: 'victim2' } })) as CallToolResult;
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/^Not run: .*"deny"/);
      expect(hub.approvals.list().pending).toEqual([]);
      expect(JSON.stringify(await objects())).toBe(before);
    } finally {
      hub.approvals.setPolicy('instance', 'maya', null);
    }
  });
});
