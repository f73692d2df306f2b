import { create } from 'zustand';
import type { InstanceView } from '../../../shared/api';

interface InstancesState {
  instances: InstanceView[];
  selectedId: string | null;
  select(id: string | null): void;
}

export const useInstancesStore = create<InstancesState>((set) => ({
  instances: [],
  selectedId: null,
  select: (id) => set({ selectedId: id }),
}));
