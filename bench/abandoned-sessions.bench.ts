/**
 * Abandoned MCP sessions (issue 12): a real `serve` process (session idle lifetime 5 s through
 * DCC_MCP_SESSION_IDLE_SECS) receives 1,000 initialize requests whose sessions are never used again nor closed.
 * Reports the hub's RSS at baseline, at peak and after every session expired (goal: back within 10 MB of the
 * baseline), and checks that an expired session answers 404. Needs the build (`npx electron-vite build`).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe } from '../test/helpers/hub';
import { killAll } from '../test/helpers/processes';
import { waitFor } from '../test/helpers/wait';

const SESSIONS = 1_000;
const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'abandoned', version: '1' } } });

async function open(url: string, token: string): Promise<string> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` }, body: INIT });
  await r.text();
  const sid = r.headers.get('mcp-session-id');
  if (!sid) throw new Error(`initialize answered ${r.status} without a session id`);
  return sid;
}

try {
  const dir = mkdtempSync(join(tmpdir(), 'abandon-'));
  process.env.DCC_MCP_SESSION_IDLE_SECS = '5';
  const { child, line, output } = await startServe(['--registry-dir', join(dir, 'reg'), '--data-dir', join(dir, 'data')]);
  delete process.env.DCC_MCP_SESSION_IDLE_SECS;
  const { mcpUrl, token } = JSON.parse(line) as { mcpUrl: string; token: string };
  const pid = child.pid!;
  // Baseline: after a first round of sessions has come and gone (code paths warmed, allocator settled).
  for (let i = 0; i < 50; i++) await open(mcpUrl, token);
  const expired = (): number => (output().match(/MCP session expired/g) ?? []).length;
  await waitFor(() => expired() >= 50, 'warm-up sessions expired', 30_000, 200);
  const baseline = rssMb(pid);
  let peak = baseline;
  const ids: string[] = [];
  for (let i = 0; i < SESSIONS; i += 50) {
    ids.push(...(await Promise.all(Array.from({ length: 50 }, () => open(mcpUrl, token)))));
    peak = Math.max(peak, rssMb(pid));
  }
  await waitFor(() => {
    peak = Math.max(peak, rssMb(pid));
    return expired() >= 50 + SESSIONS;
  }, 'all sessions expired', 60_000, 200);
  const gone = await fetch(mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}`, 'mcp-session-id': ids[0]! }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
  // The hub frees the sessions; V8 returns memory to the OS lazily, so the figure is read a few times.
  let after = rssMb(pid);
  for (let i = 0; i < 30 && after - baseline > 10; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    after = rssMb(pid);
  }
  console.log(`abandoned sessions: ${SESSIONS} never closed; hub RSS baseline ${baseline.toFixed(1)} MB, peak ${peak.toFixed(1)} MB (+${(peak - baseline).toFixed(1)}), after expiry ${after.toFixed(1)} MB (${after - baseline >= 0 ? '+' : ''}${(after - baseline).toFixed(1)}; goal within 10 MB); an expired session answers ${gone.status}`);
  child.kill('SIGTERM');
  if (gone.status !== 404 || after - baseline > 10) process.exitCode = 1;
} finally {
  killAll();
}
