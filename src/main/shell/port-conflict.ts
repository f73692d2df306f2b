/**
 * Starting the core on the configured port, and what happens when another program already has it: the user is
 * told which process holds it (when we can find out) and offered a free port, which is then kept in settings.
 */
import { dialog } from 'electron';
import type { HeadlessHub } from '../core/headless';
import { describeOwner, findFreePort, findPortOwner, isPortFree } from '../core/net/port-owner';
import type { DesktopSettingsStore } from '../core/store/desktop-settings';

/** Inputs of `startOnFreePort`. */
export interface PortStartOptions {
  port: number;
  host: string;
  settings: DesktopSettingsStore;
  start(port: number): Promise<HeadlessHub>;
  platform?: NodeJS.Platform;
}

const inUse = (err: unknown): boolean => (err as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';

/** The text of the port-conflict dialog. */
export function conflictMessage(port: number, owner: string | null, alternative: number): { message: string; detail: string } {
  const who = owner ? `It is used by ${owner}.` : 'Another program is using it (which one could not be found out).';
  const hub = owner && /dcc-mcp-hub|node|electron/i.test(owner) ? ' If that is `dcc-mcp-hub serve`, you can stop it and restart the app instead.' : '';
  return {
    message: `Port ${port} is already in use`,
    detail: `${who}${hub}\n\nDCC MCP Hub can serve on port ${alternative} instead and remember it. Agents connected through the stdio bridge follow automatically; HTTP agents (Cursor, VS Code) need the new address from Settings → "Connect an agent".`,
  };
}

/**
 * Starts the core, resolving a port conflict with the user.
 * @returns the started core, or null when the user chose to quit
 * @throws whatever the core's start throws for reasons other than a taken port
 */
export async function startOnFreePort(o: PortStartOptions): Promise<HeadlessHub | null> {
  let port = o.port;
  for (;;) {
    if (port === 0 || (await isPortFree(port, o.host))) {
      try {
        return await o.start(port);
      } catch (err) {
        if (!inUse(err)) throw err; // another program took it between the check and the listen
      }
    }
    const owner = describeOwner(await findPortOwner(port, o.platform));
    const alternative = await findFreePort(port, o.host);
    const { message, detail } = conflictMessage(port, owner, alternative);
    const { response } = await dialog.showMessageBox({ type: 'warning', title: 'DCC MCP Hub', message, detail, buttons: [`Use port ${alternative}`, 'Quit'], defaultId: 0, cancelId: 1, noLink: true });
    if (response !== 0) return null;
    o.settings.update({ port: alternative });
    port = alternative;
  }
}
