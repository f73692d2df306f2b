import type { HubStatus } from '../../../shared/api';
import { Icon, Logo } from './Icons';

export type PageId = 'instances' | 'sessions' | 'traffic' | 'catalog' | 'tools' | 'approvals' | 'agents' | 'services' | 'settings';

export const PAGES: { id: PageId; title: string; sub: string }[] = [
  { id: 'instances', title: 'Instances', sub: 'DCCs running on this machine' },
  { id: 'sessions', title: 'Sessions', sub: 'Connections, latency and throughput' },
  { id: 'traffic', title: 'Traffic', sub: 'Every DccLink frame, live' },
  { id: 'catalog', title: 'Catalog', sub: 'Search the DCC APIs agents see' },
  { id: 'tools', title: 'Tools', sub: 'What agents may use' },
  { id: 'approvals', title: 'Approvals', sub: 'Scripts waiting for your decision' },
  { id: 'agents', title: 'Agents', sub: 'Who may connect, and how' },
  { id: 'services', title: 'Services', sub: 'External MCP servers' },
  { id: 'settings', title: 'Settings', sub: 'Token, policies, agent set-up' },
];

/** The left rail with live badges (pending approvals, unreachable instances). */
export function NavRail({ page, status, consents }: { page: PageId; status: HubStatus | null; consents: number }) {
  const pending = status?.counts.pendingApprovals ?? 0;
  const down = status?.counts.unreachable ?? 0;
  return (
    <nav className="rail">
      <div className="brand">
        <Logo /> DCC MCP Hub
      </div>
      {PAGES.map((p) => (
        <a key={p.id} href={`#/${p.id}`} className={page === p.id ? 'active' : ''} data-testid={`nav-${p.id}`}>
          <Icon name={p.id} />
          {p.title}
          {p.id === 'approvals' && pending ? (
            <span className="badge amber" data-testid="badge-approvals">
              {pending}
            </span>
          ) : null}
          {p.id === 'agents' && consents ? (
            <span className="badge amber" data-testid="badge-consents">
              {consents}
            </span>
          ) : null}
          {p.id === 'instances' && down ? (
            <span className="badge red" data-testid="badge-unreachable">
              {down}
            </span>
          ) : null}
        </a>
      ))}
      <div className="foot">
        {status ? (
          <>
            v{status.version} · {status.counts.instances} DCC{status.counts.instances === 1 ? '' : 's'}
          </>
        ) : (
          'connecting…'
        )}
      </div>
    </nav>
  );
}
