import { useRef } from 'react';
import type { ApprovalRecord } from '../../../../shared/approvals';
import { DccIcon } from '../../app/Icons';
import { clock, ms } from '../../lib/format';
import { HistoryDetail } from './HistoryDetail';

const COLUMNS = 6;

/**
 * One decision in the history. The row opens (its disclosure button: Enter or Space; or a click anywhere on the
 * row; Esc inside closes it) to the full record: the script as sent with hidden characters marked, the artist's edit as a diff, who
 * decided and why, agent, instance, times, and the whole result as the hub kept it (said plainly when cut).
 */
export function HistoryRow({
  h,
  open,
  onToggle,
}: {
  h: ApprovalRecord;
  open: boolean;
  onToggle: () => void;
}) {
  const detailId = `history-detail-${h.id}`;
  const toggleRef = useRef<HTMLButtonElement>(null);
  return (
    <>
      <tr
        data-testid="approval-history-row"
        data-approval-id={h.id}
        className={`clickable ${open ? 'selected' : ''}`}
        onClick={onToggle}
      >
        <td className="mono muted">
          <button
            type="button"
            ref={toggleRef}
            className="history-toggle"
            aria-expanded={open}
            aria-controls={open ? detailId : undefined}
            aria-label={`${open ? 'Hide' : 'Show'} details of ${h.tool} from ${h.agent.name} at ${clock(h.decidedAtMs)}`}
            data-testid="history-toggle"
            onClick={(e) => {
              e.stopPropagation();
              onToggle();
            }}
          >
            {open ? '▾' : '▸'}
          </button>{' '}
          {clock(h.decidedAtMs)}
        </td>
        <td>
          <DccIcon dcc={h.dccType} size={16} /> {h.dccType}
        </td>
        <td>{h.agent.name}</td>
        <td>
          <code>{h.tool}</code>
        </td>
        <td>
          <span className={`chip ${h.decision === 'approved' ? 'ok' : 'danger'}`}>{h.decision}</span>{' '}
          {h.editedCode !== undefined ? (
            <span className="chip warn" data-testid="history-edited">
              edited
            </span>
          ) : null}
          <span className="muted">by {h.decidedBy}</span>
          {h.reason ? <div className="muted">{h.reason}</div> : null}
        </td>
        <td>
          {h.result ? (
            <span className={`history-summary ${h.result.success ? '' : 'err'}`}>
              {h.result.success ? '✓' : '✗'} {h.result.summary.slice(0, 80)}{' '}
              <span className="muted">{ms(h.result.durationMs)}</span>
            </span>
          ) : null}
        </td>
      </tr>
      {open ? (
        <tr
          className="history-detail"
          id={detailId}
          data-testid="history-detail"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            // Esc closes the details; focus goes back to the row's button the person opened them with.
            e.stopPropagation();
            onToggle();
            toggleRef.current?.focus();
          }}
        >
          <td colSpan={COLUMNS}>
            <HistoryDetail h={h} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
