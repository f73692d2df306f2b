/**
 * What an agent is told when the artist edited its script before approving it: that it was edited, and a unified
 * diff from what the agent sent to what ran, so its next step builds on the code that really ran.
 */
import { scriptDiff, unifiedDiff } from '../../../shared/line-diff';

/** The diff an agent gets is cut here (the rest of the result shares the 24 KB tool-result budget). */
export const EDIT_DIFF_MAX = 8 * 1024;

export interface EditNote {
  edited_by_user: true;
  edit_note: string;
  diff: string;
}

/** The fields added to a `dcc_execute` result when `ran` differs from `sent`; `null` when they are the same. */
export function editNote(sent: string, ran: string): EditNote | null {
  if (sent === ran) return null;
  const full = unifiedDiff(scriptDiff(sent, ran), { from: 'your script', to: 'what ran (edited by the user)' }) || '(only invisible differences, e.g. line breaks)\n';
  const diff = full.length > EDIT_DIFF_MAX ? `${full.slice(0, EDIT_DIFF_MAX)}\n… diff cut: ${full.length - EDIT_DIFF_MAX} more characters\n` : full;
  return {
    edited_by_user: true,
    edit_note: 'The user edited your script in DCC MCP Hub before approving it. What ran is NOT what you sent: "diff" shows the changes (--- your script, +++ what ran). Base your next step on the code that ran.',
    diff,
  };
}
