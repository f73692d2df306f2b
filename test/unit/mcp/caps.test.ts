import { describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { capDescription, capInputSchema, capOutputSchema } from '../../../src/main/core/mcp/tool-caps';
import { capResult } from '../../../src/main/core/mcp/tool-result';
import { BoundedEventStore } from '../../../src/main/core/mcp/event-store';

describe('caps on what services send', () => {
  it('caps the text of a result across items at 24 KB with the note, keeping other items and small results as they are', () => {
    const small: CallToolResult = { content: [{ type: 'text', text: 'hi' }], structuredContent: { a: 1 } };
    expect(capResult(small)).toBe(small);
    const image = { type: 'image' as const, data: 'AAAA', mimeType: 'image/png' };
    const r = capResult({ content: [{ type: 'text', text: 'a'.repeat(20_000) }, image, { type: 'text', text: 'b'.repeat(20_000) }, { type: 'text', text: 'c' }] });
    const texts = r.content.filter((c) => c.type === 'text') as { text: string }[];
    expect(texts).toHaveLength(2);
    expect(texts.reduce((n, t) => n + Buffer.byteLength(t.text), 0)).toBeLessThanOrEqual(24 * 1024);
    expect(texts[1]!.text).toMatch(/…\[truncated: showing 24576 of 40001 bytes\. Ask for less/);
    expect(r.content[1]).toEqual(image);
  });

  it('caps descriptions and schemas, leaving normal ones untouched', () => {
    expect(capDescription('short')).toBe('short');
    expect(capDescription('x'.repeat(5_000))).toMatch(/^x{4000}…\[description truncated at 4000 of 5000 characters\]$/);
    const schema = { type: 'object' as const, properties: { a: { type: 'string' } } };
    expect(capInputSchema(schema)).toBe(schema);
    const huge = { type: 'object' as const, properties: Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`p${i}`, { type: 'string', description: 'a property' }])) };
    expect(capInputSchema(huge)).toMatchObject({ type: 'object', additionalProperties: true, description: expect.stringMatching(/larger than the hub passes on/) });
    expect(capOutputSchema(huge)).toBeUndefined();
    expect(capOutputSchema(schema)).toBe(schema);
  });
});

describe('BoundedEventStore', () => {
  it('replays the events of one stream after an id, skips priming events, and forgets the oldest past its bound', async () => {
    const store = new BoundedEventStore(4);
    const prime = await store.storeEvent('s1', {} as never);
    const a = await store.storeEvent('s1', { jsonrpc: '2.0', method: 'a' });
    await store.storeEvent('s2', { jsonrpc: '2.0', method: 'other' });
    await store.storeEvent('s1', { jsonrpc: '2.0', method: 'b' });
    const seen: string[] = [];
    expect(await store.replayEventsAfter(prime, { send: async (_id, m) => void seen.push((m as { method: string }).method) })).toBe('s1');
    expect(seen).toEqual(['a', 'b']);
    await store.storeEvent('s1', { jsonrpc: '2.0', method: 'c' });
    // Forgotten: the stream goes on without a replay (its id is read from the event id).
    const again: string[] = [];
    expect(await store.replayEventsAfter(prime, { send: async (_id, m) => void again.push((m as { method: string }).method) })).toBe('s1');
    expect(again).toEqual([]);
    expect(await store.getStreamIdForEventId(a)).toBe('s1');
    await expect(store.replayEventsAfter('garbage', { send: async () => {} })).rejects.toThrow(/not issued by this hub/);
  });

  it('forgets a delivered stream at once, never the standalone stream, and keeps within its size bound', async () => {
    const store = new BoundedEventStore(100, 10_000);
    const baseline = store.size; // the standalone stream's start marker
    const prime = await store.storeEvent('post1', {} as never);
    await store.storeEvent('post1', { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'x' }] } });
    const other = await store.storeEvent('post2', {} as never);
    const note = await store.storeEvent('_GET_stream', { jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    store.forgetStreamOf(prime);
    expect(store.size).toBe(baseline + 2);
    expect(await store.getStreamIdForEventId(other)).toBe('post2');
    store.forgetStreamOf(note);
    expect(store.size).toBe(baseline + 2);
    // Two 6 kB results do not fit in 10 kB: the oldest events go until the newest fits.
    const big = (n: number) => ({ jsonrpc: '2.0' as const, id: n, result: { content: [{ type: 'image', data: 'A'.repeat(6_000), mimeType: 'image/png' }] } });
    const first = await store.storeEvent('post3', big(3));
    expect(store.size).toBe(baseline + 3);
    const last = await store.storeEvent('post4', big(4));
    expect(store.size).toBe(1);
    const seen: string[] = [];
    expect(await store.replayEventsAfter(first, { send: async (id) => void seen.push(id) })).toBe('post3');
    expect(seen).toEqual([]);
    expect(await store.getStreamIdForEventId(last)).toBe('post4');
  });

  it('gives the first GET without Last-Event-ID what was sent on the standalone stream before it opened', async () => {
    const store = new BoundedEventStore();
    await store.storeEvent('_GET_stream', { jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    const first: Record<string, string | undefined> = {};
    store.resumeFirstGet(first);
    const seen: string[] = [];
    expect(await store.replayEventsAfter(first['last-event-id']!, { send: async (_id, m) => void seen.push((m as { method: string }).method) })).toBe('_GET_stream');
    expect(seen).toEqual(['notifications/tools/list_changed']);
    const second: Record<string, string | undefined> = {};
    store.resumeFirstGet(second);
    expect(second).toEqual({});
  });
});
