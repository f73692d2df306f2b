/** The control panel's root. */
export function App() {
  return <main style={{ font: '14px system-ui', padding: 24 }}>DCC MCP Hub</main>;
}
