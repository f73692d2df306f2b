import { useState } from 'react';
import { askNotificationPermission, attentionPrefs, setSound } from '../../lib/attention';

/** How a waiting approval reaches the artist: a notification (asked on this click) and an opt-in sound. */
export function NotificationSettings() {
  const [prefs, setPrefs] = useState(attentionPrefs);
  const label: Record<string, string> = { granted: 'on', denied: 'blocked in this browser (allow them in its site settings)', default: 'off', unsupported: 'not supported here' };
  return (
    <div className="section">
      <h3>Approval notifications</h3>
      <div className="card side">
        <div className="actions">
          <span data-testid="notification-permission">Notifications: {label[prefs.permission] ?? prefs.permission}</span>
          {prefs.permission === 'default' ? (
            <button onClick={() => void askNotificationPermission().then(() => setPrefs(attentionPrefs()))} data-testid="settings-enable-notifications">
              Turn on notifications
            </button>
          ) : null}
        </div>
        <label className="actions">
          <input
            type="checkbox"
            checked={prefs.sound}
            onChange={(e) => {
              setSound(e.target.checked);
              setPrefs(attentionPrefs());
            }}
            data-testid="approval-sound"
          />
          Play a sound when a script waits for approval
        </label>
      </div>
    </div>
  );
}
