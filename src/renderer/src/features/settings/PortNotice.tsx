import { useCallback, useEffect, useState } from 'react';
import type { ClientPlan, ClientStatus } from '../../../../shared/api';
import { hub } from '../../lib/hub-client';
import { useSettingsStore } from '../../stores/settings-store';
import { PlanDiff } from '../guide/PlanDiff';

/**
 * Says plainly when agents' configs will not reach the hub: the kept port was taken (the hub serves on another one
 * for now), or a config file points at another address than the hub's. Offers to keep the current port and to
 * rewrite each such config (the diff is shown first; the old file is kept as a backup).
 */
export function PortNotice() {
  const settings = useSettingsStore((s) => s.settings);
  const [clients, setClients] = useState<ClientStatus[]>([]);
  const [plan, setPlan] = useState<ClientPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    hub()
      .invoke('clients:list', {})
      .then(setClients, (e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh, settings?.mcpUrl]);
  const run = async (fn: () => Promise<void>): Promise<void> => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const stale = clients.filter((c) => c.stale);
  if (!settings || (!settings.portFallback && stale.length === 0 && !plan)) return null;
  return (
    <div className="card side port-notice" role="status" data-testid="port-notice">
      {settings.portFallback ? (
        <p data-testid="port-fallback">
          <b>Not on the usual port:</b> {settings.portFallback}. Agents using the stdio bridge follow on their
          own.{' '}
          <button
            onClick={() => void run(() => useSettingsStore.getState().keepPort())}
            data-testid="port-keep"
          >
            Keep port {settings.port} from now on
          </button>
        </p>
      ) : null}
      {stale.length ? (
        <>
          <p>
            These configs point at another address than this hub ({settings.mcpUrl}), so those agents cannot
            reach it:
          </p>
          <ul>
            {stale.map((c) => (
              <li key={c.kind} data-testid={`port-stale-${c.kind}`}>
                <b>{c.title}</b> <code>{c.path}</code> → <code>{c.pointsAt}</code>{' '}
                <button
                  onClick={() =>
                    void run(async () => setPlan(await hub().invoke('clients:preview', { client: c.kind })))
                  }
                  data-testid={`port-rewrite-${c.kind}`}
                >
                  Rewrite…
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {plan ? (
        <div data-testid="port-rewrite-plan">
          <PlanDiff plan={plan} label={`Changes to ${plan.path}`} />
          <div className="actions">
            <button
              className="primary"
              data-testid="port-rewrite-write"
              onClick={() =>
                void run(async () => {
                  await hub().invoke('clients:apply', { client: plan.kind, beforeHash: plan.beforeHash });
                  setPlan(null);
                  refresh();
                })
              }
            >
              Write {plan.title} config (old file kept as a backup)
            </button>
            <button onClick={() => setPlan(null)}>Cancel</button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p className="err" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
