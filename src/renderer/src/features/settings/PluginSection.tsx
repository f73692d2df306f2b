import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDesktopStore } from '../../stores/desktop-store';
import { CopyButton } from '../../app/CopyButton';

/** "Install the DCC plugin": one click per DCC, plus where the files are. */
export function PluginSection() {
  const s = useDesktopStore(useShallow((x) => ({ plugin: x.plugin, notice: x.notice })));
  const { load, install, showFiles } = useDesktopStore.getState();
  useEffect(() => {
    void load();
  }, [load]);
  if (!s.plugin) return null;
  return (
    <div className="section" data-testid="plugin-section">
      <h3>DCC plugin</h3>
      <div className="grid2">
        {s.plugin.hosts.map((h) => (
          <div className="card side" key={h.dcc}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 6 }}>
              <b>{h.title}</b>
              {h.installed ? <span className="muted">installed</span> : null}
              <span style={{ flex: 1 }} />
              <button onClick={() => void install(h.dcc)} data-testid={`install-${h.dcc}`}>
                {h.installed ? 'Reinstall' : `Install into ${h.title}`}
              </button>
              <button className="copy" onClick={() => void showFiles(h.dcc)}>
                Show files
              </button>
            </div>
            <div className="muted">{h.how}</div>
            {h.target ? <div className="mono muted">{h.target}</div> : null}
          </div>
        ))}
      </div>
      {s.notice ? (
        <p className={s.notice.ok ? 'muted' : 'err'} role="status" data-testid="plugin-notice">
          {s.notice.text}
        </p>
      ) : null}
      <p className="muted">
        Plugin folder <span className="mono">{s.plugin.pluginDir}</span>
        <CopyButton text={s.plugin.pluginDir} />
      </p>
    </div>
  );
}
