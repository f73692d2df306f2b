/**
 * The preload against the `electron` STAND-IN: it exposes exactly the shared contract (`HubApi` of
 * src/shared/api.ts) as `window.hub`, relays invokes over one channel, maps errors, filters events, and never
 * hands the page the raw ipcRenderer.
 */
import { beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { contextBridge, ipcRenderer, standIn } from '../../stand-ins/electron/index';
import type { HubApi } from '../../../src/shared/api';

vi.mock('electron', () => import('../../stand-ins/electron/index'));

let exposed: HubApi;
beforeAll(async () => {
  standIn.reset();
  const mod = await import('../../../src/preload/index');
  expectTypeOf(mod.api).toEqualTypeOf<HubApi>();
  exposed = contextBridge.exposed.get('hub') as HubApi;
});

describe('preload', () => {
  it('exposes window.hub = the contract, nothing else', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['hub']);
    expect(Object.keys(exposed).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(exposed).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.values(exposed)).not.toContain(ipcRenderer);
  });

  it('relays invokes on hub:invoke and turns error replies into errors with a code', async () => {
    ipcRenderer.reply = (_ch, channel) => (channel === 'hub:status' ? { ok: true, result: { version: '1' } } : { ok: false, error: { code: 'PERMISSION_DENIED', message: 'nope' } });
    await expect(exposed.invoke('hub:status', {})).resolves.toEqual({ version: '1' });
    expect(standIn.callsTo('ipcRenderer.invoke').at(-1)).toEqual(['hub:invoke', 'hub:status', {}]);
    await expect(exposed.invoke('plugin:install', { dcc: 'maya' })).rejects.toMatchObject({ message: 'nope', code: 'PERMISSION_DENIED' });
  });

  it('delivers only the subscribed event and unsubscribes', () => {
    const got: unknown[] = [];
    const off = exposed.on('app:navigate', (p) => got.push(p));
    ipcRenderer.emit('hub:event', {}, 'hub:status', { x: 1 });
    ipcRenderer.emit('hub:event', {}, 'app:navigate', { page: 'approvals' });
    off();
    ipcRenderer.emit('hub:event', {}, 'app:navigate', { page: 'tools' });
    expect(got).toEqual([{ page: 'approvals' }]);
  });
});
