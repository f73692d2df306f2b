import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStatusStore } from '../stores/status-store';
import { InstancesPage } from '../features/instances/InstancesPage';
import { SessionsPage } from '../features/sessions/SessionsPage';
import { TrafficPage } from '../features/traffic/TrafficPage';
import { CatalogPage } from '../features/catalog/CatalogPage';
import { ToolsPage } from '../features/tools/ToolsPage';
import { ApprovalsPage } from '../features/approvals/ApprovalsPage';
import { ServicesPage } from '../features/services/ServicesPage';
import { AgentsPage } from '../features/agents/AgentsPage';
import { useAgentsStore } from '../stores/agents-store';
import { SettingsPage } from '../features/settings/SettingsPage';
import { NavRail, PAGES, type PageId } from './NavRail';
import { AttentionBanner } from './AttentionBanner';
import { hhmm } from '../lib/format';

const VIEWS: Record<PageId, () => React.JSX.Element> = {
  instances: InstancesPage,
  sessions: SessionsPage,
  traffic: TrafficPage,
  catalog: CatalogPage,
  tools: ToolsPage,
  approvals: ApprovalsPage,
  agents: AgentsPage,
  services: ServicesPage,
  settings: SettingsPage,
};

function pageFromHash(): PageId {
  const id = location.hash.replace(/^#\/?/, '') as PageId;
  return id in VIEWS ? id : 'instances';
}

/** The control panel: a navigation rail and one page at a time. */
export function App() {
  const [page, setPage] = useState<PageId>(pageFromHash);
  const { status, connected, lostAtMs } = useStatusStore(useShallow((s) => ({ status: s.status, connected: s.connected, lostAtMs: s.lostAtMs })));
  const consents = useAgentsStore((s) => s.consents.length);
  useEffect(() => {
    const on = (): void => setPage(pageFromHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  useEffect(() => {
    const pending = status?.counts.pendingApprovals ?? 0;
    const down = status?.counts.unreachable ?? 0;
    document.title = `${pending ? `(${pending} to approve) ` : ''}${down ? `${down} unreachable · ` : ''}DCC MCP Hub`;
  }, [status]);
  const View = VIEWS[page];
  const meta = PAGES.find((p) => p.id === page)!;
  return (
    <div className={`app ${connected ? '' : 'stale'}`}>
      <NavRail page={page} status={status} consents={consents} />
      <main className="main">
        {!connected ? (
          <div className="banner" role="status" data-testid="connection-lost">
            Lost the connection to the hub at {hhmm(lostAtMs ?? Date.now())} — what you see is the state at that time; reconnecting…
          </div>
        ) : null}
        <AttentionBanner onApprovalsPage={page === 'approvals'} />
        {status?.paused ? <div className="banner">Agent access is paused: agents' tool calls are refused until you resume (Settings).</div> : null}
        <header className="page-head">
          <h1>{meta.title}</h1>
          <span className="sub">{meta.sub}</span>
          <span className="spacer" />
          {status ? (
            <span className="muted" data-testid="policy-badge">
              approval policy: <b>{status.approvalPolicy}</b> ·{' '}
              <a href="#/agents" data-testid="agent-sessions-link">
                {connected ? `${status.counts.mcpSessions} agent session${status.counts.mcpSessions === 1 ? '' : 's'}` : 'agent sessions unknown'}
              </a>
            </span>
          ) : null}
        </header>
        <section className="page" data-testid={`page-${page}`}>
          <View />
        </section>
      </main>
    </div>
  );
}
