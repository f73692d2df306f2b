/** Dynamic client registration is open to any caller: what the hub keeps of it is bounded. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import { AgentStore } from '../../../src/main/core/auth/agent-store';
import { HubOAuthProvider, MAX_CLIENTS } from '../../../src/main/core/auth/oauth-provider';

describe('OAuth client registrations', () => {
  it('a flood of registrations keeps at most MAX_CLIENTS, never dropping one an agent was made from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-clients-'));
    const agents = new AgentStore(dir, 'local-key-'.padEnd(43, 'x'));
    const provider = new HubOAuthProvider(agents, dir);
    const register = async (name: string) => (await provider.clientsStore.registerClient!({ client_name: name, redirect_uris: ['http://127.0.0.1:9/cb'] } as OAuthClientInformationFull))!;
    const claude = await register('Claude Code');
    agents.createOAuthAgent('Claude Code', claude.client_id);
    for (let i = 0; i < MAX_CLIENTS + 50; i++) await register(`flood-${i}`);
    const stored = JSON.parse(readFileSync(join(dir, 'oauth-clients.json'), 'utf8')) as { client_id: string }[];
    expect(stored).toHaveLength(MAX_CLIENTS);
    expect(await provider.clientsStore.getClient(claude.client_id)).toMatchObject({ client_name: 'Claude Code' });
    expect(stored.some((c) => c.client_id === claude.client_id)).toBe(true);
  });
});
