import { useEffect, useMemo, type ReactNode } from 'react';
import type { ApprovalRecord } from '../../../../shared/approvals';
import { useApprovalsStore } from '../../stores/approvals-store';
import { clock, ms, shortId } from '../../lib/format';
import { highlightLines, markLines } from '../../lib/python-highlight';
import { CodeView } from './CodeView';
import { DiffView } from './DiffView';
import { BeforeAfter } from './BeforeAfter';
import { HistoryResult } from './HistoryResult';
import { decidedByText } from './history-text';

const noop = (): void => {};

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The full record, fetched when opened (the pushed list carries result summaries only) and again when it changes. */
export function HistoryDetail({ h }: { h: ApprovalRecord }) {
  const loaded = useApprovalsStore((s) => s.details[h.id]);
  const loadDetail = useApprovalsStore.getState().loadDetail;
  const version = `${h.decidedAtMs}:${h.result?.finishedAtMs ?? ''}`;
  useEffect(() => {
    void loadDetail(h.id);
  }, [loadDetail, h.id, version]);
  const r = loaded && `${loaded.decidedAtMs}:${loaded.result?.finishedAtMs ?? ''}` === version ? loaded : h;
  const isScript = r.code !== undefined;
  const sent = isScript
    ? r.code!
    : r.arguments === undefined
      ? '(no arguments)'
      : JSON.stringify(r.arguments, null, 2);
  const lines = useMemo(() => (isScript ? highlightLines(sent) : markLines(sent)), [isScript, sent]);
  return (
    <div>
      <dl className="facts">
        <Fact term="Decision">
          <span data-testid="history-decided-by">{decidedByText(r)}</span>
          {r.reason ? <span data-testid="history-reason"> — {r.reason}</span> : null}
        </Fact>
        <Fact term="Agent">
          {r.agent.name}{' '}
          {r.agent.client && r.agent.client !== r.agent.name ? (
            <span className="muted">
              ({r.agent.client} {r.agent.version ?? ''})
            </span>
          ) : null}
        </Fact>
        <Fact term="Instance">
          {r.dccType} <span className="mono muted">{shortId(r.instanceId)}</span>
          {r.scene ? <span className="muted"> · {r.scene}</span> : null}
        </Fact>
        <Fact term="Times">
          asked {clock(r.createdAtMs)} · decided {clock(r.decidedAtMs)}
          {r.result?.finishedAtMs
            ? ` · finished ${clock(r.result.finishedAtMs)} (ran ${ms(r.result.durationMs)})`
            : ''}
        </Fact>
      </dl>
      <h4>{isScript ? 'Script as the agent sent it' : 'Arguments as the agent sent them'}</h4>
      <CodeView lines={lines} expanded={false} label={`Script sent by ${r.agent.name}`} endRef={noop} />
      {r.editedCode !== undefined && isScript ? (
        <>
          <h4>Your edit (what ran)</h4>
          <DiffView sent={sent} ran={r.editedCode} />
        </>
      ) : null}
      {h.pictures ? (
        <>
          <h4>The viewport before and after</h4>
          {/* From the live list: the "after" picture is taken once the result is in. */}
          <BeforeAfter record={h} />
        </>
      ) : null}
      <h4>Result</h4>
      <HistoryResult r={r} />
    </div>
  );
}
