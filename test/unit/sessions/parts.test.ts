import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/main/core/sessions/backoff';
import { ConnectionPool } from '../../../src/main/core/sessions/connection-pool';
import { LatencyStats } from '../../../src/main/core/sessions/latency-stats';
import { SESSION_TRANSITIONS } from '../../../src/main/core/sessions/session';

describe('reconnect backoff', () => {
  it('doubles from the base, caps at 30 s, and jitters by at most ±20 %', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { baseMs: 1000, random: mid }))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(20, { baseMs: 1000, random: mid })).toBe(30_000);
    expect(backoffDelay(1, { baseMs: 1000, random: () => 0 })).toBe(800);
    expect(backoffDelay(1, { baseMs: 1000, random: () => 0.999999 })).toBe(1200);
    expect(backoffDelay(30, { baseMs: 1000, random: () => 0.999999 })).toBe(30_000);
  });
});

describe('session states', () => {
  it('allow only the transitions of SPEC §4, and closed is terminal', () => {
    expect(SESSION_TRANSITIONS).toEqual({
      connected: ['idle', 'reconnecting', 'closed'],
      idle: ['connected', 'reconnecting', 'closed'],
      reconnecting: ['connected', 'closed'],
      closed: [],
    });
  });
});

describe('latency stats', () => {
  it('computes avg and percentiles over a bounded window', () => {
    const s = new LatencyStats(100);
    for (let i = 1; i <= 200; i++) s.add(i);
    expect(s.summary()).toEqual({ avgMs: 150.5, p50Ms: 150, p95Ms: 195, p99Ms: 199 });
    expect(s.recent(3)).toEqual([198, 199, 200]);
    expect(new LatencyStats().summary().p99Ms).toBe(0);
  });
});

describe('connection pool', () => {
  it('waits for a slot, hands it over on release, and fails with a clear error after the bound', async () => {
    const pool = new ConnectionPool(1);
    const release = await pool.acquire('maya', 100);
    expect(pool.size('maya')).toBe(1);
    const waiting = pool.acquire('maya', 1000);
    release();
    const r2 = await waiting;
    expect(pool.size('maya')).toBe(1);
    await expect(pool.acquire('maya', 50)).rejects.toThrow(/all 1 maya connections are in use; waited 50 ms/);
    expect(await pool.acquire('blender', 10)).toBeTypeOf('function');
    r2();
    pool.close();
    await expect(pool.acquire('maya', 10)).rejects.toMatchObject({ code: 'SHUT_DOWN' });
  });
});
