/**
 * The approval policy in force for one request (SPEC §5): the one function that decides whether a script may run
 * without asking. A `deny` at any level — global, DCC type, instance id, agent — wins. Otherwise an "approve &
 * trust" grant for this agent on this instance means auto. Otherwise the most specific level that is set:
 * agent, then instance id, then DCC type, then global.
 */
import type { ApprovalPolicies, ApprovalPolicy } from '../../../shared/approvals';

export interface PolicyQuery {
  /** The agent's identity (its credential's agent id), never its self-declared name. */
  agentId: string;
  instanceId: string;
  dccType: string;
  /** Whether the artist chose "approve & trust" for this agent on this instance. */
  trusted: boolean;
}

/** @returns the policy that applies. */
export function effectivePolicy(p: ApprovalPolicies, q: PolicyQuery): ApprovalPolicy {
  // Own-property lookups only: a key like "__proto__" or "constructor" must not find Object.prototype members.
  const at = (m: Record<string, ApprovalPolicy>, k: string): ApprovalPolicy | undefined => (Object.hasOwn(m, k) ? m[k] : undefined);
  const levels = [at(p.perAgent, q.agentId), at(p.perInstance, q.instanceId), at(p.perInstance, q.dccType), p.global];
  if (levels.includes('deny')) return 'deny';
  if (q.trusted) return 'auto';
  return levels.find((l): l is ApprovalPolicy => l !== undefined) ?? 'ask';
}
