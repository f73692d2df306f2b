import { create } from 'zustand';
import type { ApprovalPolicies, ApprovalPolicy, ApprovalRecord, ApprovalRequest } from '../../../shared/approvals';
import { hub } from '../lib/hub-client';

interface ApprovalsState {
  pending: ApprovalRequest[];
  history: ApprovalRecord[];
  policies: ApprovalPolicies | null;
  error?: string;
  decide(id: string, decision: 'approve' | 'approve_trust' | 'reject', extra?: { code?: string; reason?: string }): Promise<void>;
  setPolicy(scope: 'global' | 'instance' | 'agent', key: string | undefined, policy: ApprovalPolicy | null): Promise<void>;
  loadPolicies(): Promise<void>;
}

export const useApprovalsStore = create<ApprovalsState>((set, get) => ({
  pending: [],
  history: [],
  policies: null,
  decide: async (id, decision, extra = {}) => {
    try {
      await hub().invoke('approvals:decide', { id, decision, ...extra });
      set({ error: undefined });
    } catch (err) {
      set({ error: (err as Error).message });
    }
  },
  setPolicy: async (scope, key, policy) => {
    await hub().invoke('approvals:setPolicy', { scope, key, policy });
    await get().loadPolicies();
  },
  loadPolicies: async () => set({ policies: await hub().invoke('approvals:getPolicies', {}) }),
}));
