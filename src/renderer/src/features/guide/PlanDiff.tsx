import type { ClientPlan } from '../../../../shared/api';

/** The lines a config write would change, as the artist reviews them before anything is written. */
export function PlanDiff({ plan, label, testId }: { plan: ClientPlan; label: string; testId?: string }) {
  return (
    <pre className="snippet diff" data-testid={testId} tabIndex={0} aria-label={label}>
      {plan.diff.map((d, i) => (
        <div key={i} className={d.op === '+' ? 'add' : d.op === '-' ? 'del' : ''}>
          {d.op} {d.text}
        </div>
      ))}
    </pre>
  );
}
