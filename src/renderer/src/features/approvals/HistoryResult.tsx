import type { ApprovalRecord } from '../../../../shared/approvals';
import { ms } from '../../lib/format';

/** How a run ended: status, time, and the whole result as kept (up to 64 Ki characters), saying plainly when cut. */
export function HistoryResult({ r }: { r: ApprovalRecord }) {
  const res = r.result;
  if (!res)
    return (
      <p className="muted">
        {r.decision === 'approved'
          ? 'No result recorded (still running, or the hub stopped first).'
          : 'Nothing ran.'}
      </p>
    );
  const text = res.text ?? res.summary;
  return (
    <>
      <p className={res.success ? '' : 'err'} data-testid="history-result-status">
        {res.success ? '✓ succeeded' : '✗ failed'} in {ms(res.durationMs)}
      </p>
      {res.truncated ? (
        <p className="warn-text" data-testid="history-truncated">
          Truncated: the hub keeps the first {text.length.toLocaleString()} of{' '}
          {(res.chars ?? text.length).toLocaleString()} characters of this result.
        </p>
      ) : res.text === undefined && res.summary.endsWith('...') ? (
        <p className="muted">Only a summary was recorded for this older entry.</p>
      ) : null}
      <pre className="history-result" data-testid="history-result" tabIndex={0} aria-label="Full result">
        {text}
      </pre>
    </>
  );
}
