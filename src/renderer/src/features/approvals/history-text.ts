import type { ApprovalRecord } from '../../../../shared/approvals';

/** Who decided, in words: the person, a policy, a trust grant, the clock, or a cancellation. */
export function decidedByText(h: ApprovalRecord): string {
  const verb =
    h.decision === 'approved'
      ? h.editedCode !== undefined
        ? 'edited and approved'
        : 'approved'
      : 'rejected';
  switch (h.decidedBy) {
    case 'user':
      return `${verb} by you`;
    case 'policy':
      return `${verb} by the "${h.decision === 'approved' ? 'auto' : h.policy}" policy`;
    case 'trust':
      return `${verb}: you trusted this agent on this instance`;
    case 'timeout':
      return 'rejected: no decision in time';
    case 'cancelled':
      return 'cancelled before a decision';
  }
}
