/** A hub-side DccLink client for tests and benches that talk to a DCC directly: connect, then the handshake. */
import { parseAddress } from '../../src/main/core/transport/address';
import { connectAddress } from '../../src/main/core/transport/client';
import { FrameConnection } from '../../src/main/core/transport/frame-connection';
import { authenticateToDcc } from '../../src/main/core/transport/link-auth';
import { loadOrCreateLinkSecret } from '../../src/main/core/transport/link-secret';
import { RpcPeer, type RpcPeerOptions } from '../../src/main/core/transport/rpc-peer';

/**
 * Connects to `address` (a URI like `unix:///tmp/x.sock`) and proves the DccLink secret as the hub does.
 * @param secret default: the user's secret (`$DCC_MCP_SECRET_FILE` in tests)
 */
export async function connectAuthenticated(address: string, opts: RpcPeerOptions & { secret?: Buffer } = {}): Promise<RpcPeer> {
  const addr = parseAddress(address);
  const peer = new RpcPeer(new FrameConnection(await connectAddress(addr, { timeoutMs: 10_000 }), { label: 'test-client' }), opts);
  try {
    await authenticateToDcc(peer, opts.secret ?? loadOrCreateLinkSecret(), addr, 10_000);
  } catch (err) {
    peer.close();
    throw err;
  }
  return peer;
}
