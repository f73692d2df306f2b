import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { NodeStreamTransport } from '../../../src/main/core/mcp/node-transport';
import { SessionLiveness } from '../../../src/main/core/api/session-liveness';

/** Just the surface SessionLiveness wraps. */
function fakeTransport() {
  const t = { handleNode: async () => {}, onclose: undefined as (() => void) | undefined };
  return t as unknown as NodeStreamTransport & { onclose?: () => void };
}

describe('SessionLiveness', () => {
  it('a client without an event stream is live for the window after its last request', async () => {
    let now = 0;
    const l = new SessionLiveness(() => {}, 1000, () => now);
    const t = fakeTransport();
    l.attach(t);
    expect(l.count()).toBe(1);
    now = 999;
    expect(l.count()).toBe(1);
    now = 1000;
    expect(l.count()).toBe(0);
    await t.handleNode({ method: 'POST' } as never, new EventEmitter() as never, {});
    expect(l.count()).toBe(1);
  });

  it('a client with an event stream is live exactly while the stream is open, and never after close', async () => {
    let now = 0;
    let changes = 0;
    const l = new SessionLiveness(() => changes++, 1000, () => now);
    const t = fakeTransport();
    l.attach(t);
    const res = new EventEmitter();
    await t.handleNode({ method: 'GET' } as never, res as never);
    now = 10_000;
    expect(l.count()).toBe(1);
    res.emit('close');
    expect(l.count()).toBe(0);
    t.onclose?.();
    expect(l.count()).toBe(0);
    expect(changes).toBe(3);
  });
});
