import { describe, expect, it } from 'vitest';
import type { InstanceView } from '../../../src/shared/api';
import { GoneInstances } from '../../../src/main/core/api/gone-instances';

const view = (id: string): InstanceView => ({ id, dccType: 'maya', displayName: null, version: '2025', scene: null, pid: 1, transport: null, state: 'ready', lastHeartbeatMs: 1, capabilities: null, tools: [], catalogSize: 0, lastError: null });

describe('GoneInstances', () => {
  it('keeps an instance that left, stamped with when, until the retention ends', () => {
    let t = 1000;
    const g = new GoneInstances(60_000, () => t);
    expect(g.track([view('a'), view('b')])).toEqual([]);
    t = 2000;
    const gone = g.track([view('a')]);
    expect(gone.map((v) => [v.id, v.goneAtMs, v.version])).toEqual([['b', 2000, '2025']]);
    expect(g.nextExpiryInMs()).toBe(60_000);
    t = 61_999;
    expect(g.track([view('a')]).map((v) => v.id)).toEqual(['b']);
    t = 62_000;
    expect(g.track([view('a')])).toEqual([]);
    expect(g.nextExpiryInMs()).toBeNull();
  });

  it('forgets the gone entry when the same instance comes back', () => {
    let t = 0;
    const g = new GoneInstances(60_000, () => t);
    g.track([view('a')]);
    t = 10;
    expect(g.track([]).map((v) => v.id)).toEqual(['a']);
    t = 20;
    expect(g.track([view('a')])).toEqual([]);
  });

  it('lists the most recently gone first', () => {
    let t = 0;
    const g = new GoneInstances(60_000, () => t);
    g.track([view('a'), view('b')]);
    t = 5;
    g.track([view('b')]);
    t = 9;
    expect(g.track([]).map((v) => v.id)).toEqual(['b', 'a']);
  });
});
