import { create } from 'zustand';
import { hub } from '../lib/hub-client';

interface Hit {
  name: string;
  signature: string;
  description: string;
  dcc?: string;
}

interface CatalogState {
  query: string;
  dcc: string;
  results: Hit[];
  message: string;
  hint?: string;
  error?: string;
  loading: boolean;
  search(query: string, dcc: string): Promise<void>;
}

export const useCatalogStore = create<CatalogState>((set) => ({
  query: '',
  dcc: '',
  results: [],
  message: '',
  loading: false,
  search: async (query, dcc) => {
    set({ query, dcc });
    if (!query.trim()) return set({ results: [], message: '', hint: undefined, error: undefined });
    set({ loading: true });
    try {
      const r = await hub().invoke('catalog:search', { query, dcc: dcc || undefined, limit: 50 });
      set({ results: r.results, message: r.message, hint: r.hint, error: undefined, loading: false });
    } catch (err) {
      set({ error: (err as Error).message, loading: false });
    }
  },
}));
