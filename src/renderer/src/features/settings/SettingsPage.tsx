import { useEffect } from 'react';
import { NotificationSettings } from './NotificationSettings';
import { useShallow } from 'zustand/react/shallow';
import { useSettingsStore } from '../../stores/settings-store';
import { useStatusStore } from '../../stores/status-store';
import { CopyButton } from '../../app/CopyButton';
import { DesktopSection } from './DesktopSection';
import { PluginSection } from './PluginSection';
import { PortNotice } from './PortNotice';

/** Connection details, the token, and ready-to-paste configs for agents. */
export function SettingsPage() {
  const s = useSettingsStore(useShallow((x) => ({ settings: x.settings, token: x.token, configs: x.configs })));
  const paused = useStatusStore((x) => x.status?.paused ?? false);
  const policy = useStatusStore((x) => x.status?.approvalPolicy ?? 'ask');
  const { load, reveal, regenerate, rotatePanel } = useSettingsStore.getState();
  useEffect(() => {
    void load();
  }, [load]);
  if (!s.settings) return <p className="muted">Loading…</p>;
  return (
    <div>
      <div className="section">
        <h3>Connect an agent</h3>
        <PortNotice />
        <div className="grid2">
          {s.configs.map((c) => (
            <div className="card side" key={c.client} data-testid={`client-config-${c.client}`}>
              <div style={{ display: 'flex', alignItems: 'center', marginBottom: 6 }}>
                <b>{c.title}</b>
                <span style={{ flex: 1 }} />
                <CopyButton text={c.snippet} label="Copy config" />
              </div>
              <div className="muted" style={{ marginBottom: 6 }}>
                {c.where}
              </div>
              <div className="snippet" tabIndex={0} aria-label={`${c.title} config`}>{c.snippet.replace(/Bearer [^"]+/g, 'Bearer ••••••')}</div>
            </div>
          ))}
        </div>
      </div>
      <NotificationSettings />
      <div className="section">
        <h3>Hub</h3>
        <div className="card side">
          <dl className="kv">
            <dt>MCP endpoint</dt>
            <dd className="mono">
              {s.settings.mcpUrl}
              <CopyButton text={s.settings.mcpUrl} />
            </dd>
            <dt title="What the ready line calls token: the local agent's key. It opens /mcp only, never this panel.">Local agent key</dt>
            <dd className="mono" data-testid="settings-token">
              {s.token ?? s.settings.tokenPreview}
              {s.token ? <CopyButton text={s.token} /> : <button className="copy" onClick={() => void reveal()}>Reveal</button>}
              <button className="copy danger" onClick={() => confirm('Agents using the old local key will be refused and their sessions end now. Regenerate?') && void regenerate()}>
                Regenerate
              </button>
            </dd>
            <dt>Other agents</dt>
            <dd>
              Each agent can have its own key or connect with your consent — <a href="#/agents">Agents</a>
            </dd>
            {window.hub ? null : (
              <>
                <dt>This panel</dt>
                <dd>
                  <button className="copy danger" onClick={() => confirm('Sign out every browser panel (including this one)? You get a fresh link.') && void rotatePanel()} data-testid="rotate-panel">
                    Sign out all browser panels
                  </button>
                </dd>
              </>
            )}
            <dt>Agent access</dt>
            <dd>
              <button onClick={() => void useStatusStore.getState().setPaused(!paused)} data-testid="pause-agents">
                {paused ? 'Resume agent access' : 'Pause agent access'}
              </button>
            </dd>
            <dt>Registry</dt>
            <dd className="mono">
              {s.settings.registryDir}
              <CopyButton text={s.settings.registryDir} />
            </dd>
            <dt>Data</dt>
            <dd className="mono">{s.settings.dataDir}</dd>
            <dt>Approvals</dt>
            <dd>
              policy <b>{policy}</b>, {s.settings.approvalTimeoutSecs} s to decide — <a href="#/approvals">change policies and per-agent rules</a>
            </dd>
          </dl>
        </div>
      </div>
      <PluginSection />
      <DesktopSection />
    </div>
  );
}
