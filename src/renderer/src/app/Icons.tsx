/** Inline SVG icons: the rail's page icons and a monogram per DCC. */

const PATHS: Record<string, string> = {
  instances: 'M3 4h10v7H3zM6 13h4',
  sessions: 'M2 12l3-4 3 2 3-5 3 3',
  traffic: 'M2 5h9l-2-2M14 11H5l2 2',
  catalog: 'M7 12a5 5 0 1 1 0-10 5 5 0 0 1 0 10zM11 11l3 3',
  tools: 'M10 2l4 4-7 7H3v-4z',
  approvals: 'M3 8l3 3 7-7',
  agents: 'M6 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM1.5 14c0-2.5 2-4 4.5-4s4.5 1.5 4.5 4M11 3.5a2 2 0 0 1 0 4M12.5 10c1.3.5 2 1.8 2 3.5',
  services: 'M4 4h8v3H4zM4 9h8v3H4z',
  settings: 'M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.5 1.5M11.5 11.5L13 13M3 13l1.5-1.5M11.5 4.5L13 3',
};

export function Icon({ name }: { name: string }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d={PATHS[name] ?? ''} />
    </svg>
  );
}

const DCC_COLORS: Record<string, [string, string]> = {
  maya: ['#37a5cc', 'M'],
  blender: ['#ea7600', 'B'],
  houdini: ['#ff4713', 'H'],
  max: ['#0c9fa8', '3'],
  '3dsmax': ['#0c9fa8', '3'],
  nuke: ['#f4c20d', 'N'],
  unreal: ['#9aa0a6', 'U'],
};

/** A rounded monogram in the DCC's brand-like colour. */
export function DccIcon({ dcc, size = 22 }: { dcc: string; size?: number }) {
  const [color, letter] = DCC_COLORS[dcc.toLowerCase()] ?? ['#6b7079', dcc.slice(0, 1).toUpperCase()];
  return (
    <svg width={size} height={size} viewBox="0 0 22 22" aria-label={dcc} style={{ verticalAlign: 'middle', flex: 'none' }}>
      <rect width="22" height="22" rx="5" fill={color} />
      <text x="11" y="15.5" textAnchor="middle" fontSize="12" fontWeight="700" fill="#fff" fontFamily="system-ui">
        {letter}
      </text>
    </svg>
  );
}

export function Logo() {
  return (
    <svg width="22" height="22" viewBox="0 0 64 64" aria-hidden>
      <rect width="64" height="64" rx="12" fill="#26282c" />
      <path d="M32 34L14 16M32 34L50 16M32 34v20" stroke="#5e9cff" strokeWidth="5" />
      <circle cx="14" cy="16" r="6.5" fill="#dee2e8" />
      <circle cx="50" cy="16" r="6.5" fill="#dee2e8" />
      <circle cx="32" cy="54" r="6.5" fill="#dee2e8" />
      <circle cx="32" cy="34" r="9" fill="#5e9cff" />
    </svg>
  );
}
