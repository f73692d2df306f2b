import { EmptyState } from '../../app/EmptyState';

/** External MCP services (MCPStore-style registration) — their state machine and tools show here once added. */
export function ServicesPage() {
  return (
    <EmptyState title="No external MCP services" command='dcc-mcp-hub serve --mcp-config services.json'>
      External MCP services (e.g. a filesystem or asset-library server) join the hub's tool surface as service__tool. Adding them is not available in this build yet.
    </EmptyState>
  );
}
