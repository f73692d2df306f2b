/**
 * The CLI contract of SPEC §1, parsed exactly:
 *   dcc-mcp-hub serve [--host 127.0.0.1] [--port 8765] [--registry-dir DIR] [--data-dir DIR]
 *                     [--approval ask|auto|deny] [--token TOKEN | --token-file FILE] [--mcp-config FILE] [--demo]
 *   dcc-mcp-hub stdio [--data-dir DIR] [--agent NAME]
 *   dcc-mcp-hub panel [--data-dir DIR]
 */
import { readFileSync } from 'node:fs';
import { HubError } from '../errors';

export type ApprovalPolicyArg = 'ask' | 'auto' | 'deny';

export interface ServeArgs {
  command: 'serve';
  host: string;
  port: number;
  registryDir?: string;
  dataDir?: string;
  approval?: ApprovalPolicyArg;
  /** `--token` (visible in `ps`), else `--token-file`'s content, else `$DCC_MCP_HUB_TOKEN`. */
  token?: string;
  mcpConfig?: string;
  demo: boolean;
  /** `pin` for an explicit `--port N` (N > 0); `prefer` for `--port 0` or no `--port`: the data dir's kept port first. */
  portMemory: 'pin' | 'prefer';
}

export interface StdioArgs {
  command: 'stdio';
  dataDir?: string;
  /** Authenticate as this agent with its own key file instead of the local agent's key. */
  agent?: string;
}

export interface PanelArgs {
  command: 'panel';
  dataDir?: string;
}

export type CliArgs = ServeArgs | StdioArgs | PanelArgs | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage:
  dcc-mcp-hub serve [--host 127.0.0.1] [--port 8765] [--registry-dir DIR] [--data-dir DIR]
                    [--approval ask|auto|deny] [--token TOKEN | --token-file FILE] [--mcp-config FILE] [--demo]
  dcc-mcp-hub stdio [--data-dir DIR] [--agent NAME]
  dcc-mcp-hub panel [--data-dir DIR]
  dcc-mcp-hub --help | --version

serve   runs the hub headless: MCP at http://HOST:PORT/mcp, the control panel at http://HOST:PORT/
        (prints one DCC_MCP_HUB_READY {json} line when ready). The port is kept per data dir so agents'
        configs stay valid: --port 0 picks a free port the first time and the same one on later starts;
        without --port, 8765 (or the kept port). If that port is taken, a free one is used for that run
        and the panel says so. An explicit --port N is used exactly (and kept).
        The local agent key: --token (visible to other users in ps), --token-file, or $DCC_MCP_HUB_TOKEN.
stdio   bridges a stdio-only MCP client to the running hub, as the local agent (<data-dir>/hub.json)
        or, with --agent NAME, as that agent (its key file <data-dir>/agents/NAME.key)
panel   prints a fresh one-time link to the running hub's control panel (needs <data-dir>/admin.secret)`;

const VALUE_FLAGS = new Set(['--host', '--port', '--registry-dir', '--data-dir', '--approval', '--token', '--token-file', '--mcp-config']);

/**
 * Parses argv (without node and the script).
 * @throws HubError INVALID_ARGS naming the bad flag or value.
 */
export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === '--version' || command === '-v') return { command: 'version' };
  if (command !== 'serve' && command !== 'stdio' && command !== 'panel') throw new HubError('INVALID_ARGS', `unknown command "${command}"\n\n${USAGE}`);
  const flags = readFlags(rest, command === 'stdio' ? new Set(['--data-dir', '--agent']) : command === 'panel' ? new Set(['--data-dir']) : VALUE_FLAGS, command === 'serve' ? new Set(['--demo']) : new Set());
  if (command === 'stdio') return { command, dataDir: flags.get('--data-dir'), agent: flags.get('--agent') };
  if (command === 'panel') return { command, dataDir: flags.get('--data-dir') };
  const port = flags.has('--port') ? Number(flags.get('--port')) : 8765;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HubError('INVALID_ARGS', `--port must be an integer 0..65535 (0 picks a free port), got "${flags.get('--port')}"`);
  const approval = flags.get('--approval');
  if (approval !== undefined && approval !== 'ask' && approval !== 'auto' && approval !== 'deny') throw new HubError('INVALID_ARGS', `--approval must be ask, auto or deny, got "${approval}"`);
  if (flags.has('--token') && flags.has('--token-file')) throw new HubError('INVALID_ARGS', 'use either --token or --token-file, not both');
  const token = flags.get('--token') ?? readTokenFile(flags.get('--token-file')) ?? (process.env.DCC_MCP_HUB_TOKEN || undefined);
  if (token !== undefined && token.length < 16) throw new HubError('INVALID_ARGS', 'the token (--token, --token-file or $DCC_MCP_HUB_TOKEN) must be at least 16 characters');
  return {
    command,
    host: flags.get('--host') ?? '127.0.0.1',
    port,
    portMemory: flags.has('--port') && port !== 0 ? 'pin' : 'prefer',
    registryDir: flags.get('--registry-dir'),
    dataDir: flags.get('--data-dir'),
    approval,
    token,
    mcpConfig: flags.get('--mcp-config'),
    demo: flags.has('--demo'),
  };
}

/** @throws HubError INVALID_ARGS when the file cannot be read. */
function readTokenFile(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new HubError('INVALID_ARGS', `--token-file ${path}: ${(err as Error).message}`);
  }
}

function readFlags(args: string[], valued: Set<string>, booleans: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (booleans.has(name)) {
      out.set(name, 'true');
      continue;
    }
    if (!valued.has(name)) throw new HubError('INVALID_ARGS', `unknown option "${a}"\n\n${USAGE}`);
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new HubError('INVALID_ARGS', `${name} needs a value`);
    out.set(name, value);
  }
  return out;
}
