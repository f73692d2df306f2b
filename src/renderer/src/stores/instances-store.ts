import { create } from 'zustand';
import type { InstanceView } from '../../../shared/api';
import { hub } from '../lib/hub-client';

interface InstancesState {
  instances: InstanceView[];
  selectedId: string | null;
  /** Live viewport thumbnails as data URLs, per instance, with the `rev` they show (v0.2). */
  thumbs: Record<string, { rev: number; dataUrl: string | null }>;
  select(id: string | null): void;
  /** Fetches an instance's thumbnail once per `rev` (the row and the details share it); the old one stays until then. */
  loadThumb(id: string, rev: number): void;
}

export const useInstancesStore = create<InstancesState>((set, get) => ({
  instances: [],
  selectedId: null,
  thumbs: {},
  select: (id) => set({ selectedId: id }),
  loadThumb: (id, rev) => {
    const have = get().thumbs[id];
    if (have && have.rev >= rev) return;
    set((s) => ({ thumbs: { ...s.thumbs, [id]: { rev, dataUrl: have?.dataUrl ?? null } } }));
    hub()
      .invoke('thumbnails:live', { instanceId: id })
      .then(
        (r) => set((s) => (s.thumbs[id]?.rev === rev ? { thumbs: { ...s.thumbs, [id]: { rev, dataUrl: r.dataUrl } } } : s)),
        () => set((s) => (s.thumbs[id]?.rev === rev ? { thumbs: { ...s.thumbs, [id]: { rev: rev - 1, dataUrl: have?.dataUrl ?? null } } } : s)),
      );
  },
}));
