import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../src/main/core/store/data-dir';
import { writeHubInfo, readHubInfoText, removeHubInfo } from '../../../src/main/core/store/hub-info';
import { SettingsStore } from '../../../src/main/core/store/settings-store';
import { loadOrCreateToken, regenerateToken } from '../../../src/main/core/store/token-store';
import { ToolToggles } from '../../../src/main/core/store/tool-toggles';

const fresh = () => mkdtempSync(join(tmpdir(), 'store-'));

describe('data dir', () => {
  it('follows the option, the environment, then the OS convention', () => {
    const d = fresh();
    expect(resolveDataDir(join(d, 'x'))).toBe(join(d, 'x'));
    expect(resolveDataDir(undefined, 'linux', { DCC_MCP_HUB_DATA_DIR: join(d, 'env') })).toBe(join(d, 'env'));
    expect(resolveDataDir(undefined, 'linux', { XDG_CONFIG_HOME: d })).toBe(join(d, 'dcc-mcp-hub'));
    expect(statSync(join(d, 'dcc-mcp-hub')).mode & 0o777).toBe(0o700);
  });
});

describe('token', () => {
  it('is created once with mode 0600 and reused; an explicit token is not persisted', () => {
    const d = fresh();
    const t = loadOrCreateToken(d, undefined, () => {});
    expect(t.length).toBeGreaterThanOrEqual(40);
    expect(statSync(join(d, 'token')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateToken(d, undefined, () => {})).toBe(t);
    expect(loadOrCreateToken(d, 'explicit-token-123456', () => {})).toBe('explicit-token-123456');
    expect(readFileSync(join(d, 'token'), 'utf8').trim()).toBe(t);
    expect(regenerateToken(d)).not.toBe(t);
  });

  it('fixes a token file readable by others and says so', () => {
    const d = fresh();
    loadOrCreateToken(d, undefined, () => {});
    chmodSync(join(d, 'token'), 0o644);
    const warnings: string[] = [];
    loadOrCreateToken(d, undefined, (w) => warnings.push(w));
    expect(warnings[0]).toMatch(/readable by other users/);
    expect(statSync(join(d, 'token')).mode & 0o777).toBe(0o600);
  });
});

describe('hub.json', () => {
  it('is written 0600 and removed only by the hub that wrote it', () => {
    const d = fresh();
    const info = { mcpUrl: 'http://127.0.0.1:1/mcp', uiUrl: 'http://127.0.0.1:1/?token=t', token: 't', registryDir: '/r', dataDir: d };
    writeHubInfo(d, info);
    expect(statSync(join(d, 'hub.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readHubInfoText(d)!)).toEqual(info);
    removeHubInfo(d, 'other');
    expect(readHubInfoText(d)).toBeDefined();
    removeHubInfo(d, 't');
    expect(readHubInfoText(d)).toBeUndefined();
  });
});

describe('settings and toggles', () => {
  it('persist atomically and reload; a corrupt file is quarantined with a warning', () => {
    const d = fresh();
    new SettingsStore(d).update((s) => (s.approval.global = 'auto'));
    expect(new SettingsStore(d).get().approval.global).toBe('auto');
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    writeFileSync(join(d, 'settings.json'), '{"approval": {"global": "maybe"}}');
    const warnings: string[] = [];
    expect(new SettingsStore(d, (w) => warnings.push(w)).get().approval.global).toBe('ask');
    expect(warnings[0]).toMatch(/moved it to .*settings\.json\.corrupted-/);
  });

  it('tool toggles and per-agent visibility persist', () => {
    const d = fresh();
    const t = new ToolToggles(d);
    let changes = 0;
    t.on('change', () => changes++);
    t.setEnabled('maya__delete_object', false);
    t.setAgentVisibility('cursor', 'dcc_execute', false);
    const again = new ToolToggles(d);
    expect(again.isEnabled('maya__delete_object')).toBe(false);
    expect(again.isEnabled('dcc_search')).toBe(true);
    expect(again.isVisibleTo('dcc_execute', 'cursor')).toBe(false);
    expect(again.isVisibleTo('dcc_execute', 'claude')).toBe(true);
    expect(changes).toBe(2);
  });
});
