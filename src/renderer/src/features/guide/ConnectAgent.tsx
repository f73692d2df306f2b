import { useEffect, useState } from 'react';
import type { ClientKind, ClientPlan, ClientStatus } from '../../../../shared/api';
import { hub } from '../../lib/hub-client';
import { PlanDiff } from './PlanDiff';

/** What the guide remembers after a config was written (this browser profile), to tick on the first call. */
export interface Connected {
  client: ClientKind;
  title: string;
  agent: string | null;
  path: string;
  backupPath: string | null;
  atMs: number;
}

/**
 * Pick a client → see the diff of its config file → confirm: the hub writes itself in (with a backup).
 * OAuth-capable clients get the URL only; the others a named agent key used by the stdio bridge.
 */
export function ConnectAgent({ onConnected }: { onConnected: (c: Connected) => void }) {
  const [clients, setClients] = useState<ClientStatus[]>([]);
  const [plan, setPlan] = useState<ClientPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void hub()
      .invoke('clients:list', {})
      .then(setClients)
      .catch((e: Error) => setError(e.message));
  }, []);
  const preview = async (client: ClientKind): Promise<void> => {
    setError(null);
    try {
      setPlan(await hub().invoke('clients:preview', { client }));
    } catch (e) {
      setPlan(null);
      setError((e as Error).message);
    }
  };
  const write = async (p: ClientPlan): Promise<void> => {
    setBusy(true);
    try {
      const r = await hub().invoke('clients:apply', { client: p.kind, beforeHash: p.beforeHash });
      setPlan(null);
      onConnected({
        client: p.kind,
        title: p.title,
        agent: r.agent,
        path: r.path,
        backupPath: r.backupPath,
        atMs: Date.now(),
      });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <div className="actions" role="group" aria-label="Agent clients">
        {clients.map((c) => (
          <button
            key={c.kind}
            onClick={() => void preview(c.kind)}
            aria-pressed={plan?.kind === c.kind}
            data-testid={`connect-${c.kind}`}
            title={c.stale ? `${c.path} points at ${c.pointsAt ?? '?'}, not at this hub: write it again` : c.path}
          >
            {c.title}
            {c.configured ? (c.stale ? ' ⚠ old address' : ' ✓') : ''}
          </button>
        ))}
      </div>
      {error ? (
        <p className="err" role="alert" data-testid="connect-error">
          {error}
        </p>
      ) : null}
      {plan ? (
        <div className="connect-plan" data-testid="connect-plan">
          <p>
            {plan.exists ? 'Changes to' : 'New file'} <code>{plan.path}</code>
            {plan.exists ? ' (the current file is kept as a backup next to it)' : ''}.{' '}
            {plan.oauth
              ? `${plan.title} connects with the URL only: on its first call it opens the hub's consent page, and you allow it on the Agents page.`
              : `${plan.title} runs the hub's stdio bridge as agent "${plan.agent}" (its key is created when you write).`}
          </p>
          <PlanDiff plan={plan} label="Changes to the config file" testId="connect-diff" />
          <div className="actions">
            <button
              className="primary"
              disabled={busy}
              onClick={() => void write(plan)}
              data-testid="connect-write"
            >
              Write {plan.title} config
            </button>
            <button onClick={() => setPlan(null)}>Cancel</button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
