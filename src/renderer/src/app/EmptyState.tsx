import type { ReactNode } from 'react';

/** What a newcomer should do next, in one sentence and one command or button. */
export function EmptyState({ title, children, command }: { title: string; children: ReactNode; command?: string }) {
  return (
    <div className="empty" data-testid="empty-state">
      <h2>{title}</h2>
      <div>{children}</div>
      {command ? <code>{command}</code> : null}
    </div>
  );
}
