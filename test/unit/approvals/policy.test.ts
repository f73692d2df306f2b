import { describe, expect, it } from 'vitest';
import { effectivePolicy } from '../../../src/main/core/approvals/policy';
import type { ApprovalPolicies, ApprovalPolicy } from '../../../src/shared/approvals';

type Level = ApprovalPolicy | undefined;
const q = (trusted = false) => ({ agentId: 'A', instanceId: 'I', dccType: 'maya', trusted });
const policies = (global: ApprovalPolicy, dcc: Level, inst: Level, agent: Level): ApprovalPolicies => ({
  global,
  perInstance: { ...(dcc ? { maya: dcc } : {}), ...(inst ? { I: inst } : {}) },
  perAgent: agent ? { A: agent } : {},
});

describe('policy precedence (SPEC §5): deny anywhere wins, then trust, then the most specific level', () => {
  // Rows written out: [global, dcc type, instance id, agent, trusted] → expected.
  const rows: [ApprovalPolicy, Level, Level, Level, boolean, ApprovalPolicy][] = [
    ['ask', undefined, undefined, undefined, false, 'ask'],
    ['auto', undefined, undefined, undefined, false, 'auto'],
    ['deny', undefined, undefined, 'auto', true, 'deny'],
    // Finding 5 of the trust issue: a DCC-type deny must win although an instance-id policy exists.
    ['ask', 'deny', 'auto', undefined, false, 'deny'],
    ['ask', 'deny', 'auto', 'auto', true, 'deny'],
    ['auto', undefined, 'deny', 'auto', false, 'deny'],
    ['auto', undefined, undefined, 'deny', true, 'deny'],
    ['ask', 'auto', undefined, undefined, false, 'auto'],
    ['ask', 'auto', 'ask', undefined, false, 'ask'],
    ['auto', 'ask', undefined, undefined, false, 'ask'],
    ['ask', 'ask', 'ask', 'auto', false, 'auto'],
    ['auto', 'auto', 'auto', 'ask', false, 'ask'],
    ['ask', undefined, undefined, undefined, true, 'auto'],
    ['ask', 'ask', 'ask', 'ask', true, 'auto'],
  ];
  it.each(rows)('global=%s dcc=%s instance=%s agent=%s trusted=%s → %s', (g, d, i, a, t, want) => {
    expect(effectivePolicy(policies(g, d, i, a), q(t))).toBe(want);
  });

  it('holds over every combination of the four levels and trust', () => {
    const values: Level[] = [undefined, 'ask', 'auto', 'deny'];
    let n = 0;
    for (const g of ['ask', 'auto', 'deny'] as ApprovalPolicy[])
      for (const d of values)
        for (const i of values)
          for (const a of values)
            for (const t of [false, true]) {
              const got = effectivePolicy(policies(g, d, i, a), q(t));
              const set = [a, i, d, g].filter((x): x is ApprovalPolicy => x !== undefined);
              if (set.includes('deny')) expect(got).toBe('deny');
              else if (t) expect(got).toBe('auto');
              else expect(got).toBe(set[0]);
              n++;
            }
    expect(n).toBe(3 * 4 * 4 * 4 * 2);
  });

  it('policies of other agents, instances and DCC types do not apply; prototype keys find nothing', () => {
    const p: ApprovalPolicies = { global: 'ask', perInstance: { blender: 'deny', J: 'auto' }, perAgent: { B: 'auto' } };
    expect(effectivePolicy(p, q())).toBe('ask');
    expect(effectivePolicy({ global: 'ask', perInstance: {}, perAgent: {} }, { agentId: '__proto__', instanceId: 'constructor', dccType: 'toString', trusted: false })).toBe('ask');
  });
});
