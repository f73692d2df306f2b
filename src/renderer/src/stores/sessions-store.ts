import { create } from 'zustand';
import type { SessionView } from '../../../shared/api';

export const useSessionsStore = create<{ sessions: SessionView[] }>(() => ({ sessions: [] }));
