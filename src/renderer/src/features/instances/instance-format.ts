/** How an instance's role and capabilities read in the table and the details panel. */

export const CAPS = ['scene_info', 'selection', 'transform', 'hierarchy', 'render_capture', 'progress_reporting'] as const;

const ROLE_LABELS: Record<string, string> = {
  'mcp-server': 'dcc-mcp-core server',
  sidecar: 'dcc-mcp-core sidecar',
  gateway: 'dcc-mcp-core gateway',
  booting: 'dcc-mcp-core (booting)',
  'ipc-only': 'dcc-mcp-core IPC endpoint',
};

export function roleLabel(origin: string | undefined, role: string | undefined): string {
  return origin === 'dcc-mcp-core' ? (ROLE_LABELS[role ?? ''] ?? `dcc-mcp-core ${role ?? ''}`) : 'DccLink plugin';
}
