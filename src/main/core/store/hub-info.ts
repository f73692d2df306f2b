/** `<data-dir>/hub.json`: the ready line's JSON, for `dcc-mcp-hub stdio` and scripts (mode 0600: it holds the token). */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

export const HUB_INFO_FILE = 'hub.json';

export interface HubInfoJson {
  mcpUrl: string;
  uiUrl: string;
  token: string;
  registryDir: string;
  dataDir: string;
}

export function writeHubInfo(dataDir: string, info: HubInfoJson): void {
  writeFileAtomic(join(dataDir, HUB_INFO_FILE), JSON.stringify(info) + '\n', 0o600);
}

/** @returns the file's text, or undefined when no hub has written it. */
export function readHubInfoText(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, HUB_INFO_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

/** Removes hub.json only if it still describes this hub (another hub may have started since). */
export function removeHubInfo(dataDir: string, token: string): void {
  const text = readHubInfoText(dataDir);
  if (!text) return;
  try {
    if ((JSON.parse(text) as HubInfoJson).token === token) rmSync(join(dataDir, HUB_INFO_FILE), { force: true });
  } catch {
    // Not ours to judge; leave it.
  }
}
