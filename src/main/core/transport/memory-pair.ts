/**
 * An in-memory linked pair of byte streams for unit tests: what one side writes, the other reads, with the
 * same FrameConnection code on top as real sockets.
 */
import { Duplex } from 'node:stream';

class LinkedDuplex extends Duplex {
  peer!: LinkedDuplex;
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    // Deliver asynchronously, like a socket, so re-entrancy bugs show up in tests.
    setImmediate(() => {
      if (!this.peer.destroyed) this.peer.push(chunk);
      cb();
    });
  }
  override _final(cb: (err?: Error | null) => void): void {
    setImmediate(() => {
      if (!this.peer.destroyed) this.peer.push(null);
      cb();
    });
  }
  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    setImmediate(() => {
      if (!this.peer.destroyed) this.peer.destroy();
    });
    cb(err);
  }
}

/** @returns two connected duplex streams. */
export function createMemoryPair(): [Duplex, Duplex] {
  const a = new LinkedDuplex();
  const b = new LinkedDuplex();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
