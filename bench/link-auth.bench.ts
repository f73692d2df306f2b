/**
 * What the DccLink handshake adds to opening a connection to the real Python plugin (standalone): connect +
 * handshake + one Ping against connect + one Ping, same run. Paid once per session connect, never per call.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAddress } from '../src/main/core/transport/address';
import { connectAddress } from '../src/main/core/transport/client';
import { FrameConnection } from '../src/main/core/transport/frame-connection';
import { RpcPeer } from '../src/main/core/transport/rpc-peer';
import { connectAuthenticated } from '../test/helpers/dcclink';
import { PYTHON } from '../test/helpers/hub';
import { killAll, spawnUntil, ROOT } from '../test/helpers/processes';
import { loadOrCreateLinkSecret } from '../src/main/core/transport/link-secret';
import { nowUs, quantile, report } from './stats';

const N = 400;
const dir = mkdtempSync(join(tmpdir(), 'bench-auth-'));

async function measure(open: () => Promise<RpcPeer>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = nowUs();
    const peer = await open();
    await peer.ping(5_000);
    out.push(nowUs() - t);
    peer.close();
  }
  return out.slice(50);
}

try {
  const { line } = await spawnUntil(PYTHON, [join(ROOT, 'resources/dcc-plugin/run_standalone.py'), '--dcc', 'maya', '--registry-dir', dir], 'DCC_MCP_PLUGIN_READY ');
  const address = (JSON.parse(line) as { address: string }).address;
  const secret = loadOrCreateLinkSecret();
  const bare = await measure(async () => new RpcPeer(new FrameConnection(await connectAddress(parseAddress(address)))));
  const authed = await measure(() => connectAuthenticated(address, { secret }));
  report('connection setup to the Python plugin with the DccLink handshake, p50', quantile(authed, 0.5) / 1000, quantile(bare, 0.5) / 1000, 'ms', 'once per session connect');
  report('connection setup with the handshake, p99', quantile(authed, 0.99) / 1000, quantile(bare, 0.99) / 1000, 'ms');
} finally {
  killAll();
}
