import { create } from 'zustand';
import type { ApprovalPolicies, ApprovalPolicy, ApprovalRecord, ApprovalRequest } from '../../../shared/approvals';
import { hub } from '../lib/hub-client';

/** Opened history records kept in the panel (an opened row shows its summary again while it reloads). */
const DETAILS_KEPT = 20;

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
      // The most recently opened records only: each may hold a 64 Ki-character result.
      set((st) => {
        const { [id]: _old, ...rest } = st.details;
        const kept = Object.entries(rest).slice(-(DETAILS_KEPT - 1));
        return { details: { ...Object.fromEntries(kept), [id]: rec } };
      });
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
