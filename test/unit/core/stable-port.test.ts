import { describe, expect, it } from 'vitest';
import { listenStable, type PortMemory } from '../../../src/main/core/net/stable-port';

/** A fake socket layer: `taken` ports fail with `code`; 0 binds to 40000. */
function deps(kept: number | undefined, taken: number[] = [], code = 'EADDRINUSE') {
  const state = { kept, tried: [] as number[] };
  return {
    state,
    d: {
      listen: async (p: number) => {
        state.tried.push(p);
        if (taken.includes(p)) throw Object.assign(new Error(`listen ${code}`), { code });
        return p === 0 ? 40000 : p;
      },
      kept: () => state.kept,
      keep: (p: number) => void (state.kept = p),
    },
  };
}

describe('serve picks its port', () => {
  it.each<[string, PortMemory, number, number | undefined, number[], { serving: number; kept: number | null; fallback: boolean }, number | undefined]>([
    ['--port 0, first start: any free port, kept', 'prefer', 0, undefined, [], { serving: 40000, kept: 40000, fallback: false }, 40000],
    ['--port 0, later: the kept port', 'prefer', 0, 5555, [], { serving: 5555, kept: 5555, fallback: false }, 5555],
    ['--port 0, kept port taken: a free one, kept unchanged', 'prefer', 0, 5555, [5555], { serving: 40000, kept: 5555, fallback: true }, 5555],
    ['no --port, first start: 8765, kept', 'prefer', 8765, undefined, [], { serving: 8765, kept: 8765, fallback: false }, 8765],
    ['no --port, 8765 taken: a free one, nothing kept', 'prefer', 8765, undefined, [8765], { serving: 40000, kept: 8765, fallback: true }, undefined],
    ['--port N: exactly N, kept', 'pin', 6000, 5555, [], { serving: 6000, kept: 6000, fallback: false }, 6000],
  ])('%s', async (_name, mode, port, kept, taken, want, keptAfter) => {
    const { state, d } = deps(kept, taken);
    const r = await listenStable(mode, port, d);
    expect({ serving: r.serving, kept: r.kept, fallback: r.fallback !== null }).toEqual(want);
    expect(state.kept).toBe(keptAfter);
  });

  it('says why it fell back, and treats a forbidden port like a taken one', async () => {
    const r = await listenStable('prefer', 80, deps(undefined, [80], 'EACCES').d);
    expect(r.fallback).toBe('port 80 is not allowed for this user, so the hub serves on 40000 for now; configs written for 80 do not reach it until it runs on 80 again (or you keep 40000 and rewrite them)');
  });

  it('an explicit port that is taken is an error, and other errors are never hidden', async () => {
    await expect(listenStable('pin', 6000, deps(undefined, [6000]).d)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await expect(listenStable('prefer', 6000, deps(undefined, [6000], 'EADDRNOTAVAIL').d)).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
  });
});
