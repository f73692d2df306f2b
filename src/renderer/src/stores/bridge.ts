/** Wires the hub's push events into the stores, in one place. */
import { hub, watchConnection } from '../lib/hub-client';
import { ApprovalAnnouncer } from '../lib/attention';
import { useAgentsStore } from './agents-store';
import { useApprovalsStore } from './approvals-store';
import { useInstancesStore } from './instances-store';
import { useSessionsStore } from './sessions-store';
import { useServicesStore } from './services-store';
import { setConnected, useStatusStore } from './status-store';
import { useToolsStore } from './tools-store';
import { seedTraffic, useTrafficStore } from './traffic-store';

/** Loads initial state and subscribes to every event; call once at start-up. */
export function connectStores(): void {
  const api = hub();
  const announcer = new ApprovalAnnouncer();
  const load = async (): Promise<void> => {
    const [status, instances, sessions, tools, approvals, traffic, services, agents] = await Promise.all([
      api.invoke('hub:status', {}),
      api.invoke('instances:list', {}),
      api.invoke('sessions:list', {}),
      api.invoke('tools:list', {}),
      api.invoke('approvals:list', {}),
      api.invoke('traffic:recent', { limit: 5000 }),
      api.invoke('services:list', {}),
      api.invoke('agents:list', {}),
    ]);
    useAgentsStore.setState(agents);
    useServicesStore.setState({ services });
    useStatusStore.setState({ status });
    useInstancesStore.setState({ instances });
    useSessionsStore.setState({ sessions });
    useToolsStore.setState({ tools });
    useApprovalsStore.setState(approvals);
    announcer.update(approvals.pending);
    seedTraffic(traffic);
    void useApprovalsStore.getState().loadPolicies();
  };
  watchConnection((connected) => {
    setConnected(connected);
    if (connected) void load();
  });
  api.on('hub:status', (status) => useStatusStore.setState({ status }));
  // The tray's "Review…" (desktop app): show that page; App follows the hash.
  api.on('app:navigate', ({ page }) => (location.hash = `#/${page}`));
  api.on('instances:changed', (instances) => useInstancesStore.setState({ instances }));
  api.on('sessions:changed', (sessions) => useSessionsStore.setState({ sessions }));
  api.on('tools:changed', (tools) => useToolsStore.setState({ tools }));
  api.on('approvals:changed', (a) => {
    useApprovalsStore.setState(a);
    announcer.update(a.pending);
    void useApprovalsStore.getState().loadPolicies();
  });
  api.on('services:changed', (services) => useServicesStore.setState({ services }));
  api.on('agents:changed', (agents) => useAgentsStore.setState(agents));
  api.on('traffic:frames', ({ frames, dropped }) => useTrafficStore.getState().receive(frames, dropped));
  setInterval(() => useTrafficStore.getState().tick(), 1000);
}
