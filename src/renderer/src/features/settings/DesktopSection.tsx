import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDesktopStore } from '../../stores/desktop-store';

/** The desktop app's own settings (start at login, port); hidden in headless mode. */
export function DesktopSection() {
  const s = useDesktopStore(useShallow((x) => ({ desktop: x.desktop, restartNeeded: x.restartNeeded })));
  const { setStartAtLogin, setPort } = useDesktopStore.getState();
  const [port, setPortText] = useState('');
  if (!s.desktop?.available) return null;
  const d = s.desktop;
  return (
    <div className="section" data-testid="desktop-section">
      <h3>Desktop app</h3>
      <div className="card side">
        <dl className="kv">
          <dt>Start at login</dt>
          <dd>
            <label>
              <input type="checkbox" checked={d.startAtLogin} onChange={(e) => void setStartAtLogin(e.target.checked)} /> start DCC MCP Hub in the tray when I log in
            </label>
          </dd>
          <dt>Port</dt>
          <dd>
            <span className="mono">{d.servingPort}</span>
            {d.port !== d.servingPort ? <span className="muted"> (next start: {d.port})</span> : null}{' '}
            <input className="mono" style={{ width: 80 }} inputMode="numeric" placeholder={String(d.port)} value={port} onChange={(e) => setPortText(e.target.value.replace(/\D/g, ''))} aria-label="New port" />
            <button className="copy" disabled={!port || Number(port) > 65535} onClick={() => void setPort(Number(port)).then(() => setPortText(''))}>
              Use this port
            </button>
            {s.restartNeeded ? <span className="muted"> Restart the app to use it; copy the agent configs again afterwards.</span> : null}
          </dd>
        </dl>
      </div>
    </div>
  );
}
