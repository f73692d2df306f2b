/**
 * Issue 14: when the artist edits a script before approving it, the agent (the official SDK client) is told so and
 * gets the diff, on success and on failure; the history keeps the script, the edit and the whole result across a
 * restart of the hub (restored from the audit log).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Hub } from '../../../src/main/core/hub';
import { silentLogger } from '../../../src/main/core/log';
import { mcpClient, startHub, startPlugin } from '../../helpers/hub';
import { killAll } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

let hub: Hub;
let dir: string;
let client: Client;

beforeAll(async () => {
  ({ hub, dir } = await startHub({ approval: 'ask' }));
  await startPlugin(hub.registryDir, 'maya');
  await waitFor(() => hub.sessions.list().some((s) => s.instanceState === 'ready'), 'maya ready', 15_000);
  client = await mcpClient(hub.info!.mcpUrl, hub.bearerToken, 'claude-code');
}, 30_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await hub?.stop();
  killAll();
});

const body = (r: CallToolResult) => JSON.parse((r.content[0] as { text: string }).text) as Record<string, unknown>;

/** Sends `code`, and when the card appears decides it as the artist would (optionally with an edit). */
async function run(code: string, decision: { code?: string }): Promise<{ result: CallToolResult; id: string }> {
  const call = client.callTool({ name: 'dcc_execute', arguments: { code } }) as Promise<CallToolResult>;
  const pending = await waitFor(() => hub.approvals.list().pending.find((p) => p.code === code), 'the request to wait for the artist');
  hub.approvals.decide(pending.id, { decision: 'approve', ...decision });
  return { result: await call, id: pending.id };
}

const SENT = 'x = 2\ny = 3\nreturn x * y';
const EDITED = 'x = 2\ny = 4\nreturn x * y';

describe('an edited script, as the agent sees it', () => {
  it('on success: says the artist edited it and gives the unified diff of what was sent → what ran', async () => {
    const { result } = await run(SENT, { code: EDITED });
    const r = body(result);
    expect(result.isError).toBeFalsy();
    expect(r).toMatchObject({ success: true, output: 8, edited_by_user: true });
    expect(String(r.message)).toMatch(/The user edited your script before it ran/);
    expect(String(r.edit_note)).toMatch(/What ran is NOT what you sent/);
    expect(r.diff).toBe('--- your script\n+++ what ran (edited by the user)\n@@ -1,3 +1,3 @@\n x = 2\n-y = 3\n+y = 4\n return x * y\n');
  });

  it('on failure: still says so, with the diff next to the error', async () => {
    const { result } = await run('return 1', { code: 'raise ValueError("artist typo")' });
    const r = body(result);
    expect(result.isError).toBe(true);
    expect(r).toMatchObject({ success: false, edited_by_user: true });
    expect(String(r.error)).toMatch(/artist typo/);
    expect(r.diff).toContain('-return 1\n+raise ValueError("artist typo")');
  });

  it('an approval without an edit says nothing about edits', async () => {
    const { result } = await run('return 41 + 1', {});
    const r = body(result);
    expect(r).toMatchObject({ success: true, output: 42 });
    expect(r).not.toHaveProperty('edited_by_user');
    expect(r).not.toHaveProperty('diff');
  });
});

describe('the history across a restart', () => {
  it('keeps the script as sent, the edit, the decision and the whole result (bounded), restored from the audit log', async () => {
    const big = 'return "' + 'z'.repeat(70_000) + '"';
    const { id: bigId } = await run(big, {});
    const before = hub.approvals.detail(bigId);
    expect(before.result).toMatchObject({ success: true, truncated: true });
    expect(before.result!.text!.length).toBe(64 * 1024);
    expect(before.result!.chars).toBeGreaterThan(70_000);
    // The list pushed to the panel carries summaries only.
    expect(hub.approvals.list().history.every((h) => h.result?.text === undefined)).toBe(true);

    const edited = hub.approvals.list().history.find((h) => h.code === SENT)!;
    await client.close();
    await hub.stop();
    hub = new Hub({ port: 0, registryDir: hub.registryDir, dataDir: `${dir}/data`, logger: silentLogger });
    await hub.start();
    client = await mcpClient(hub.info!.mcpUrl, hub.bearerToken, 'claude-code');

    const after = hub.approvals.detail(edited.id);
    expect(after).toMatchObject({ code: SENT, editedCode: EDITED, decision: 'approved', decidedBy: 'user', dccType: 'maya', agent: { name: edited.agent.name } });
    expect(after.result).toMatchObject({ success: true, summary: '8' });
    expect(JSON.parse(after.result!.text!)).toMatchObject({ success: true, output: 8 });
    const restoredBig = hub.approvals.detail(bigId);
    expect(restoredBig.code).toBe(big);
    expect(restoredBig.result).toMatchObject({ truncated: true, chars: before.result!.chars, text: before.result!.text });
  });
});
