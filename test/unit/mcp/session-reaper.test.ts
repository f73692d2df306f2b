import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_IDLE_MS, SessionReaper } from '../../../src/main/core/mcp/session-reaper';

function reaper(idleMs?: number) {
  let now = 1_000;
  const expired: string[] = [];
  const r = new SessionReaper({ idleMs, onExpire: (id) => expired.push(id), now: () => now });
  return { r, expired, advance: (ms: number) => (now += ms) };
}

describe('SessionReaper', () => {
  it('defaults to 30 minutes', () => {
    const { r } = reaper();
    expect(r.idleMs).toBe(DEFAULT_SESSION_IDLE_MS);
    expect(DEFAULT_SESSION_IDLE_MS).toBe(30 * 60_000);
    r.stop();
  });

  it('expires a session idle for the lifetime, not before, and each activity restarts the clock', () => {
    const { r, expired, advance } = reaper(1_000);
    r.touch('a');
    r.touch('b');
    advance(999);
    r.touch('b');
    expect(r.sweep()).toEqual([]);
    advance(1);
    expect(r.sweep()).toEqual(['a']);
    advance(999);
    expect(r.sweep()).toEqual(['b']);
    expect(expired).toEqual(['a', 'b']);
    expect(r.sweep()).toEqual([]);
    r.stop();
  });

  it('never expires a session while one of its requests is open (e.g. a call waiting for approval)', () => {
    const { r, advance } = reaper(1_000);
    const end = r.begin('a');
    advance(10_000);
    expect(r.sweep()).toEqual([]);
    end();
    end(); // idempotent
    expect(r.openCount()).toBe(0);
    advance(999);
    expect(r.sweep()).toEqual([]);
    advance(1);
    expect(r.sweep()).toEqual(['a']);
    r.stop();
  });

  it('forgets closed sessions; drain resolves once open requests end', async () => {
    const { r } = reaper(1_000);
    r.touch('gone');
    r.forget('gone');
    await r.drain(10_000); // nothing open: at once
    const end = r.begin('a');
    let drained = false;
    const p = r.drain(60_000).then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    end();
    await p;
    expect(drained).toBe(true);
    r.stop();
  });
});
