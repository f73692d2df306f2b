import { useState } from 'react';
import { useApprovalsStore } from '../stores/approvals-store';
import { askNotificationPermission, attentionPrefs } from '../lib/attention';

/** On every page while something waits for a decision: who wants what, and a link to the queue. */
export function AttentionBanner({ onApprovalsPage }: { onApprovalsPage: boolean }) {
  const pending = useApprovalsStore((s) => s.pending);
  const [permission, setPermission] = useState(() => attentionPrefs().permission);
  if (pending.length === 0) return null;
  const first = pending[0]!;
  return (
    <div className="banner attention" role="status" data-testid="approval-banner">
      <b>
        {pending.length === 1 ? '1 script waits' : `${pending.length} scripts wait`} for your decision
      </b>
      <span>
        {' '}
        — {first.agent.name} → {first.dccType}
        {first.scene ? ` (${first.scene})` : ''}
        {pending.length > 1 ? ' and more' : ''}
      </span>
      <span className="spacer" />
      {permission === 'default' ? (
        <button onClick={() => void askNotificationPermission().then(setPermission)} data-testid="enable-notifications">
          Notify me
        </button>
      ) : null}
      {onApprovalsPage ? null : (
        <a href="#/approvals" className="button primary" data-testid="approval-banner-link">
          Review
        </a>
      )}
    </div>
  );
}
