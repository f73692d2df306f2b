/** Port-conflict detection with real sockets and a real other process. */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOwner, findFreePort, findPortOwner, isPortFree, listeningInodes, parseNetstat } from '../../../src/main/core/net/port-owner';
import { exited } from '../../helpers/processes';

const servers: Server[] = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

async function listen(): Promise<number> {
  const s = createServer();
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as { port: number }).port;
}

describe('port owner', () => {
  it('knows a taken port from a free one, and finds another free port', async () => {
    const port = await listen();
    expect(await isPortFree(port)).toBe(false);
    const alt = await findFreePort(port);
    expect(alt).not.toBe(port);
    expect(await isPortFree(alt)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('names the process that listens (this one, then a child node process)', async () => {
    const port = await listen();
    expect(await findPortOwner(port)).toEqual({ pid: process.pid, name: expect.any(String) });
    const child = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const childPort = Number(await new Promise<string>((r) => child.stdout!.once('data', (d: Buffer) => r(d.toString().trim()))));
      const owner = await findPortOwner(childPort);
      expect(owner).toEqual({ pid: child.pid, name: 'node' });
      expect(describeOwner(owner)).toBe(`node (pid ${child.pid})`);
    } finally {
      child.kill();
      await exited(child);
    }
    const free = await findFreePort(port);
    expect(await findPortOwner(free)).toBeNull();
  });

  it('parses /proc/net/tcp and netstat output', () => {
    const tcp = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:223D 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 424242 1\n   1: 0100007F:223D 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 555 1';
    expect([...listeningInodes([tcp], 8765)]).toEqual(['424242']);
    const netstat = '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n  TCP    127.0.0.1:8765         0.0.0.0:0              LISTENING       4242\r\n  TCP    127.0.0.1:50000        127.0.0.1:8765         ESTABLISHED     77\r\n';
    expect(parseNetstat(netstat, 8765)).toBe(4242);
    expect(parseNetstat(netstat, 9999)).toBeNull();
  });
});
