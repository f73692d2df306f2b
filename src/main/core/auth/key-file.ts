/** Reading an agent's key file for `dcc-mcp-hub stdio --agent NAME` (SPEC §1). */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_NAME_RE } from '../../../shared/agents';
import { HubError } from '../errors';
import { KEYS_DIR } from './agent-store';

/**
 * The key of the agent called `name`, from `<data-dir>/agents/<name>.key`.
 * @throws HubError INVALID_ARGS for a bad name, NOT_FOUND when no such key exists, PERMISSION_DENIED when the
 *   file is readable by other users (a key others can read is not the agent's own).
 */
export function readAgentKey(dataDir: string, name: string): string {
  if (!AGENT_NAME_RE.test(name)) throw new HubError('INVALID_ARGS', `--agent "${name}" is not an agent name (letters, digits, "_", "." or "-")`);
  const path = join(dataDir, KEYS_DIR, `${name}.key`);
  let key: string;
  try {
    if ((statSync(path).mode & 0o077) !== 0 && process.platform !== 'win32') throw new HubError('PERMISSION_DENIED', `${path} is readable by other users; fix it with chmod 600 or create a new key in the Agents page`);
    key = readFileSync(path, 'utf8').trim();
  } catch (err) {
    if (err instanceof HubError) throw err;
    throw new HubError('NOT_FOUND', `no key for agent "${name}" (${path}). Create the agent in DCC MCP Hub → Agents → "New agent key" first.`);
  }
  return key;
}
