/**
 * DCC resources and prompts end to end (issue 13) with the real Python plugin: two standalone instances of one
 * DCC type declare scene resources, an object template and a review prompt under their own dcc://{id}/ URIs (no
 * collision), reads and prompts go through the hub, completions offer scene object names, and an edit made by a
 * tool call reaches a subscribed agent as resources/updated.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Hub } from '../../../src/main/core/hub';
import { mcpClient, startHub, startPlugin } from '../../helpers/hub';
import { killAll } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

let hub: Hub | undefined;
let agent: Client | undefined;
afterAll(async () => {
  await agent?.close();
  await hub?.stop();
  killAll();
});

describe('DCC resources and prompts through the hub (real Python plugin)', () => {
  it('two instances: distinct URIs, prefixed names, reads, prompts, completions, and updates after an edit', async () => {
    const started = await startHub({ approval: 'auto' });
    hub = started.hub;
    const ready = await Promise.all([startPlugin(hub.registryDir, 'maya'), startPlugin(hub.registryDir, 'maya')]);
    const ids = ready.map((r) => (JSON.parse(r.line) as { instance_id: string }).instance_id);
    await waitFor(() => hub!.sessions.list().filter((s) => s.hello).length === 2, 'two instances said hello', 20_000);
    agent = await mcpClient(hub.info!.mcpUrl, hub.bearerToken);
    const prefix = (id: string): string => `maya_${id.replace(/-/g, '').slice(0, 8)}`;

    const resources = (await agent.listResources()).resources;
    for (const id of ids) {
      expect(resources).toContainEqual(expect.objectContaining({ uri: `dcc://${id}/objects`, name: `${prefix(id)}__objects` }));
      expect(resources).toContainEqual(expect.objectContaining({ uri: `dcc://${id}/selection`, name: `${prefix(id)}__selection` }));
    }
    const templates = (await agent.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(ids.map((id) => `dcc://${id}/objects/{name}`)));
    const crate = await agent.readResource({ uri: `dcc://${ids[1]}/objects/crate` });
    expect(crate.contents[0]).toMatchObject({ uri: `dcc://${ids[1]}/objects/crate`, mimeType: 'application/json' });
    expect((crate.contents[0] as { text: string }).text).toContain('"long_name": "|props|crate"');

    const prompts = (await agent.listPrompts()).prompts.map((p) => p.name).sort();
    expect(prompts).toEqual(ids.map((id) => `${prefix(id)}__review_scene`).sort());
    const review = await agent.getPrompt({ name: `${prefix(ids[0]!)}__review_scene`, arguments: { focus: 'lights' } });
    expect((review.messages[0]!.content as { text: string }).text).toMatch(/Focus especially on: lights\.[\s\S]*key_light \(light\)/);

    const names = await agent.complete({ ref: { type: 'ref/resource', uri: `dcc://${ids[0]}/objects/{name}` }, argument: { name: 'name', value: 'b' } });
    expect(names.completion.values).toEqual(['barrel']);

    const updated: string[] = [];
    agent.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    const objects = `dcc://${ids[0]}/objects`;
    await agent.subscribeResource({ uri: objects });
    await agent.callTool({ name: `${prefix(ids[0]!)}__create_object`, arguments: { name: 'ball' } });
    await waitFor(() => updated.includes(objects), 'resources/updated after the edit', 10_000);
    expect((await agent.readResource({ uri: objects })).contents[0]).toMatchObject({ text: expect.stringContaining('"name": "ball"') });
    // The other instance was not edited: nothing about its URIs.
    expect(updated.some((u) => u.includes(ids[1]!))).toBe(false);
  }, 60_000);
});
