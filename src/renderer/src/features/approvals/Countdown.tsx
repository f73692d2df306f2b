import { useEffect, useState } from 'react';

/**
 * The time left on a request, ticking once a second. Its own component so the tick re-renders only this, never
 * the card (a re-render must not touch focus or the script view).
 */
export function Countdown({ createdAtMs, expiresAtMs }: { createdAtMs: number; expiresAtMs: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const total = Math.max(1, expiresAtMs - createdAtMs);
  const left = Math.max(0, expiresAtMs - now);
  return (
    <div className="countdown-line">
      <div className="countdown" aria-hidden="true">
        <div style={{ width: `${(left / total) * 100}%` }} />
      </div>
      <span className="mono" data-testid="approval-countdown" title="No decision by then is a rejection">
        {Math.ceil(left / 1000)} s
      </span>
    </div>
  );
}
