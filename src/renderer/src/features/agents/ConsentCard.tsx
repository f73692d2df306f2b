import type { ConsentRequest } from '../../../../shared/agents';
import { useAgentsStore } from '../../stores/agents-store';
import { clock } from '../../lib/format';

/** A client asking to connect (OAuth): the artist allows or denies it; nothing else can. */
export function ConsentCard({ req }: { req: ConsentRequest }) {
  const decide = useAgentsStore.getState().decideConsent;
  return (
    <div className="card" style={{ padding: 12, marginBottom: 8 }} data-testid="consent-card" data-consent-id={req.id}>
      <p>
        <b>{req.clientName}</b> asks for its own access to DCC MCP Hub (it will be able to list tools and ask to run scripts; scripts still need your approval).
      </p>
      <p className="muted">
        It will return to <code>{req.redirectUri}</code> · asked at {clock(req.createdAtMs)} · the name is what the client says it is.
      </p>
      <div className="toolbar">
        <button className="primary" onClick={() => void decide(req.id, true)} data-testid="consent-allow">
          Allow
        </button>
        <button className="danger" onClick={() => void decide(req.id, false)} data-testid="consent-deny">
          Deny
        </button>
      </div>
    </div>
  );
}
