import { create } from 'zustand';
import type { ApprovalPolicies, ApprovalPolicy, ApprovalRecord, ApprovalRequest } from '../../../shared/approvals';
import { hub } from '../lib/hub-client';

interface ApprovalsState {
  pending: ApprovalRequest[];
  history: ApprovalRecord[];
  policies: ApprovalPolicies | null;
  error?: string;
  /** Full records (script, edit, whole result) of the history rows someone opened, by id. */
  details: Record<string, ApprovalRecord>;
  loadDetail(id: string): Promise<void>;
  decide(id: string, decision: 'approve' | 'approve_trust' | 'reject', extra?: { code?: string; reason?: string }): Promise<void>;
  setPolicy(scope: 'global' | 'instance' | 'agent', key: string | undefined, policy: ApprovalPolicy | null): Promise<void>;
  loadPolicies(): Promise<void>;
}

export const useApprovalsStore = create<ApprovalsState>((set, get) => ({
  pending: [],
  history: [],
  policies: null,
  details: {},
  loadDetail: async (id) => {
    try {
      const rec = await hub().invoke('approvals:detail', { id });
      set((st) => ({ details: { ...st.details, [id]: rec } }));
    } catch (err) {
      set({ error: (err as Error).message });
    }
  },
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
