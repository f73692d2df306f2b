import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ApprovalRequest } from '../../../../shared/approvals';
import { analyzeScript } from '../../../../shared/script-view';
import { useApprovalsStore } from '../../stores/approvals-store';
import { DccIcon } from '../../app/Icons';
import { shortId } from '../../lib/format';
import { highlightLines, markLines } from '../../lib/python-highlight';
import { CodeView } from './CodeView';
import { Countdown } from './Countdown';
import { ScriptFindings } from './ScriptFindings';
import { useSeenEnd } from './use-seen-end';

/** Where typing goes: single keys there are text, never shortcuts. */
function isTyping(el: HTMLElement): boolean {
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Pretty JSON of a tool call's arguments (what the tool will receive). */
function prettyArgs(args: unknown): string {
  return args === undefined ? '(no arguments)' : JSON.stringify(args, null, 2);
}

/**
 * One pending request: who, where, exactly what would run, how long is left, and the decision. Keys: A approves
 * and R opens the reason, only while this card (not a field in it) has focus. Nothing here ever takes focus on
 * its own; for content taller than the view, approving unlocks once it has all been seen.
 */
export function ApprovalCard({ req }: { req: ApprovalRequest }) {
  const decide = useApprovalsStore.getState().decide;
  const isScript = req.code !== undefined;
  const text = isScript ? req.code! : prettyArgs(req.arguments);
  const view = useMemo(() => analyzeScript(text), [text]);
  const lines = useMemo(
    () => (isScript ? highlightLines(text) : markLines(text)).slice(0, Math.max(1, view.lineCount)),
    [isScript, text, view.lineCount],
  );
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState(text);
  const editView = useMemo(() => (editing ? analyzeScript(edited) : null), [editing, edited]);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [expanded, setExpandedState] = useState(false);
  const [seenExpanded, setSeenExpanded] = useState(false);
  const setExpanded = (on: boolean): void => {
    setExpandedState(on);
    if (on) setSeenExpanded(true);
  };
  const [viewEnd, setViewEnd] = useState<HTMLDivElement | null>(null);
  const [editorEnd, setEditorEnd] = useState<HTMLDivElement | null>(null);
  const [editorEl, setEditorEl] = useState<HTMLTextAreaElement | null>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const [reasonFocusAsked, setReasonFocusAsked] = useState(0);
  const viewSeen = useSeenEnd(viewEnd, text) || seenExpanded;
  const editorSeen = useSeenEnd(editorEnd, 'editor');
  const canApprove = editing ? editorSeen : viewSeen;

  // The editor grows with its text, so no part of an edited script sits out of sight in an inner scroll box.
  useLayoutEffect(() => {
    if (!editorEl) return;
    editorEl.style.height = 'auto';
    editorEl.style.height = `${editorEl.scrollHeight + 2}px`;
  }, [editorEl, edited]);
  // Only a person's action (R, the Reject button) moves focus to the reason field.
  useEffect(() => {
    if (reasonFocusAsked) reasonRef.current?.focus();
  }, [reasonFocusAsked]);

  const approve = (): void => {
    if (canApprove) void decide(req.id, 'approve', editing ? { code: edited } : {});
  };
  const openReject = (): void => {
    setRejecting(true);
    setReasonFocusAsked((n) => n + 1);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target as HTMLElement)) return;
    const key = e.key.toLowerCase();
    if (key !== 'a' && key !== 'r') return;
    // Why: the key is a command here; without preventDefault its character lands in whatever takes focus next.
    e.preventDefault();
    if (e.repeat) return;
    if (key === 'a' && !rejecting) approve();
    if (key === 'r') openReject();
  };

  return (
    <div
      className="card approval"
      tabIndex={0}
      ref={cardRef}
      onKeyDown={onKeyDown}
      data-testid="approval-card"
      data-approval-id={req.id}
      aria-label={`${req.agent.name} wants to run ${req.tool} in ${req.dccType}`}
    >
      <div className="meta">
        <span>
          <b>{req.agent.name}</b> <span className="muted">{req.agent.version ?? ''}</span>
        </span>
        <span>
          wants to run <code>{req.tool}</code> in <DccIcon dcc={req.dccType} size={16} /> <b>{req.dccType}</b>{' '}
          <span className="muted mono">{shortId(req.instanceId)}</span>
          {req.scene ? <span className="muted"> · {req.scene}</span> : null}
        </span>
        {!isScript ? (
          <span
            className="chip danger"
            data-testid="approval-destructive"
            title="The tool says it is destructive: it may delete or overwrite things"
          >
            destructive
          </span>
        ) : null}
        <span className="muted" data-testid="approval-line-count">
          {isScript ? `${view.lineCount} line${view.lineCount === 1 ? '' : 's'}` : 'arguments'}
        </span>
      </div>
      <Countdown createdAtMs={req.createdAtMs} expiresAtMs={req.expiresAtMs} />
      <ScriptFindings
        view={editView ?? (isScript ? view : { ...view, hints: [], nonAsciiIdentifiers: [] })}
      />
      {editing ? (
        <>
          <textarea
            ref={setEditorEl}
            value={edited}
            onChange={(e) => setEdited(e.target.value)}
            spellCheck={false}
            className="editor"
            data-testid="approval-editor"
            aria-label="Script to run instead"
          />
          <div className="end-marker" ref={setEditorEnd} aria-hidden="true" />
        </>
      ) : (
        <CodeView
          endRef={setViewEnd}
          lines={lines}
          expanded={expanded}
          label={isScript ? 'Script' : 'Arguments'}
        />
      )}
      {!editing && (!viewSeen || expanded) ? (
        <div className="seen-hint" data-testid="approval-seen-hint">
          {expanded
            ? null
            : `Approve unlocks once you have seen all ${lines.length} lines: scroll until the last one is on screen, or `}
          <button onClick={() => setExpanded(!expanded)} data-testid="approval-expand">
            {expanded ? 'Collapse' : `show all ${lines.length} lines`}
          </button>
        </div>
      ) : null}
      {rejecting ? (
        <div className="actions">
          <input
            ref={reasonRef}
            placeholder="Reason (the agent sees it)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            style={{ flex: 1 }}
            data-testid="approval-reason"
            onKeyDown={(e) => {
              if (e.key === 'Enter') void decide(req.id, 'reject', { reason });
              if (e.key === 'Escape') {
                setRejecting(false);
                cardRef.current?.focus();
              }
            }}
          />
          <button
            className="danger"
            onClick={() => void decide(req.id, 'reject', { reason })}
            data-testid="approval-confirm-reject"
          >
            Reject
          </button>
          <button onClick={() => setRejecting(false)}>Cancel</button>
        </div>
      ) : (
        <div className="actions">
          <button className="primary" disabled={!canApprove} onClick={approve} data-testid="approval-approve">
            {editing ? 'Run edited script' : 'Approve'} <span className="muted">(A)</span>
          </button>
          <button
            disabled={!viewSeen || editing}
            onClick={() => void decide(req.id, 'approve_trust')}
            data-testid="approval-trust"
            title={
              editing
                ? 'Trust applies to the script as sent; run your edit with "Run edited script"'
                : undefined
            }
          >
            Approve &amp; trust {req.agent.name} here
          </button>
          {isScript ? (
            <button onClick={() => setEditing(!editing)}>{editing ? 'Cancel edit' : 'Edit & run'}</button>
          ) : null}
          <button className="danger" onClick={openReject} data-testid="approval-reject">
            Reject… <span className="muted">(R)</span>
          </button>
        </div>
      )}
    </div>
  );
}
