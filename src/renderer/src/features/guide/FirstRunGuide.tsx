import { useState } from 'react';
import { useAgentsStore } from '../../stores/agents-store';
import { useInstancesStore } from '../../stores/instances-store';
import { ConnectAgent, type Connected } from './ConnectAgent';
import { InstallPlugin } from './InstallPlugin';

const KEY = 'dcc-mcp-hub.guide';

interface GuideState {
  connected: Connected | null;
  hidden: boolean;
}

function load(): GuideState {
  try {
    return {
      connected: null,
      hidden: false,
      ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<GuideState>),
    };
  } catch {
    return { connected: null, hidden: false };
  }
}

/** The short guided start on the first page: connect an agent, install the DCC plugin. */
export function FirstRunGuide() {
  const [state, setState] = useState<GuideState>(load);
  const agents = useAgentsStore((s) => s.agents);
  const realDcc = useInstancesStore((s) => s.instances.some((i) => !i.simulated && i.goneAtMs === undefined));
  const save = (next: GuideState): void => {
    localStorage.setItem(KEY, JSON.stringify(next));
    setState(next);
  };
  const c = state.connected;
  // The agent's first call: the named key agent for stdio clients; for OAuth clients any agent calling after the write.
  const firstCall = c
    ? agents.find((a) => a.calls > 0 && (c.agent ? a.name === c.agent : (a.lastSeenMs ?? 0) >= c.atMs))
    : undefined;
  if (state.hidden) {
    return (
      <div className="guide-collapsed">
        <button onClick={() => save({ ...state, hidden: false })} data-testid="guide-show">
          Show the getting-started guide
        </button>
      </div>
    );
  }
  return (
    <section className="card side guide" aria-label="Getting started" data-testid="first-run-guide">
      <div className="guide-head">
        <h2>Getting started</h2>
        <button onClick={() => save({ ...state, hidden: true })} data-testid="guide-hide">
          Hide
        </button>
      </div>
      <ol className="guide-steps">
        <li
          className={firstCall ? 'done' : ''}
          data-testid="guide-step-agent"
          data-done={firstCall ? 'true' : 'false'}
        >
          <h3>{firstCall ? '✓ ' : ''}Connect an agent</h3>
          {c ? (
            <p data-testid="guide-connected">
              Wrote {c.title}'s config <code>{c.path}</code>
              {c.backupPath ? (
                <>
                  {' '}
                  (backup <code>{c.backupPath}</code>)
                </>
              ) : null}
              .{' '}
              {firstCall ? (
                <b data-testid="guide-first-call">
                  {firstCall.name} made its first call{' '}
                  {firstCall.client ? `(client says it is ${firstCall.client})` : ''}.
                </b>
              ) : (
                <>
                  Restart {c.title}, then ask it to "list the DCC instances"; this step ticks when its first
                  call arrives.
                </>
              )}
            </p>
          ) : (
            <p>
              Pick your agent: the hub writes itself into that client's config file, shows you the diff first
              and keeps a backup.
            </p>
          )}
          <ConnectAgent onConnected={(conn) => save({ ...state, connected: conn })} />
        </li>
        <li className={realDcc ? 'done' : ''} data-testid="guide-step-plugin">
          <h3>{realDcc ? '✓ ' : ''}Install the DCC plugin</h3>
          <InstallPlugin />
          <p className="muted">
            By hand: <b>Blender</b>: Edit → Preferences → Add-ons → Install from Disk → the{' '}
            <code>dcc_mcp_hub</code> add-on zip (<code>python3 scripts/package-blender-addon.py</code> builds
            it), then enable "DCC MCP Hub". <b>Maya</b>: put <code>resources/dcc-plugin/maya</code> on{' '}
            <code>MAYA_MODULE_PATH</code> and load <code>dcc_mcp_hub_maya.py</code> in the Plug-in Manager.
            Rows marked <span className="chip sim">simulated</span> are the demo DCCs: no bpy or maya.cmds
            inside.
          </p>
        </li>
      </ol>
    </section>
  );
}
