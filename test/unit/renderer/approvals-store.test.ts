/** The panel keeps only the most recently opened full history records (each may hold a 64 Ki-character result). */
import { describe, expect, it } from 'vitest';

describe('approvals store: opened history records', () => {
  it('keeps the 20 most recently opened, and opening one again makes it the newest', async () => {
    // The store talks to the hub through window.hub (Electron's preload); here a stand-in answering approvals:detail.
    const invoke = async (_channel: string, args: { id: string }) => ({ id: args.id, result: { text: 'x'.repeat(10) } });
    (globalThis as { window?: unknown }).window = { hub: { invoke, on: () => () => {} } };
    // Imported by a path the node typecheck does not follow (the renderer's code is checked against the DOM types).
    const store = '../../../src/renderer/src/stores/approvals-store';
    const { useApprovalsStore } = (await import(/* @vite-ignore */ store)) as { useApprovalsStore: { getState(): { details: Record<string, unknown>; loadDetail(id: string): Promise<void> } } };
    const open = (id: string) => useApprovalsStore.getState().loadDetail(id);
    for (let i = 0; i < 25; i++) await open(`rec-${i}`);
    expect(Object.keys(useApprovalsStore.getState().details)).toEqual(Array.from({ length: 20 }, (_, i) => `rec-${i + 5}`));
    await open('rec-5');
    expect(Object.keys(useApprovalsStore.getState().details).at(-1)).toBe('rec-5');
    expect(Object.keys(useApprovalsStore.getState().details)).toHaveLength(20);
    await open('rec-0');
    const keys = Object.keys(useApprovalsStore.getState().details);
    expect(keys).toHaveLength(20);
    expect(keys[0]).toBe('rec-7');
    expect(keys.at(-1)).toBe('rec-0');
  });
});
