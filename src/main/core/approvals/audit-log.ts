/**
 * Append-only audit log (`<data-dir>/audit.jsonl`, mode 0600): every approval request (with the script or the tool's
 * arguments as sent, and its sha256), decision (with the artist's edited script) and result (its first 64 Ki
 * characters), fsync'd line by line. Writes are serialised so lines never interleave. Before each
 * append the file is checked against the open descriptor: after rotation or deletion it is reopened, so records
 * never go to an unlinked inode; if it cannot be written the append throws and nothing runs unrecorded.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { HubError } from '../errors';

export const AUDIT_FILE = 'audit.jsonl';

export type AuditEntry = { ts: number; event: 'request' | 'decision' | 'result' | 'picture'; requestId: string } & Record<string, unknown>;

export class AuditLog {
  readonly path: string;
  private fd: number | null = null;
  private closed = false;

  constructor(dataDir: string) {
    this.path = join(dataDir, AUDIT_FILE);
    this.fd = openSync(this.path, 'a', 0o600);
  }

  /**
   * Appends one line and fsyncs it before returning (unless `sync: false`: a line whose loss in a crash harms
   * nothing, e.g. a picture reference); reopens the file first if it was rotated or removed.
   * @throws HubError AUDIT_UNAVAILABLE when the line cannot be written (the caller must not run the script).
   */
  append(entry: AuditEntry, opts: { sync?: boolean } = {}): void {
    // Closed is unwritable like any other failure: nothing is approved that the log does not hold.
    if (this.closed) throw new HubError('AUDIT_UNAVAILABLE', `the audit log ${this.path} is closed: the hub is shutting down`, { path: this.path });
    try {
      const fd = this.current();
      writeSync(fd, JSON.stringify(entry) + '\n');
      if (opts.sync !== false) fsyncSync(fd);
    } catch (err) {
      throw new HubError('AUDIT_UNAVAILABLE', `the audit log ${this.path} cannot be written (${(err as Error).message}); DCC MCP Hub does not run scripts or tools it cannot record — fix the file or its folder and retry`, { path: this.path });
    }
  }

  close(): void {
    this.closed = true;
    this.release();
  }

  /** The descriptor of the file now at `path` (same device and inode), reopening after rotation or removal. */
  private current(): number {
    if (this.fd !== null) {
      const open = fstatSync(this.fd);
      let now: { dev: number; ino: number } | null = null;
      try {
        now = statSync(this.path);
      } catch {
        now = null; // removed: reopen below
      }
      if (now && now.dev === open.dev && now.ino === open.ino) return this.fd;
      this.release();
    }
    this.fd = openSync(this.path, 'a', 0o600);
    return this.fd;
  }

  private release(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } finally {
      this.fd = null;
    }
  }
}

/** How much of the end of the audit log is read back at start (the file itself is never cut). */
export const AUDIT_READ_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Reads the last `limit` entries from at most the last `maxBytes` of the file (a line cut by that window, or torn
 * by a crash, is skipped): the log keeps scripts and results, so it may be far larger than what a restart needs.
 */
export function readAudit(path: string, limit = 5_000, maxBytes = AUDIT_READ_MAX_BYTES): AuditEntry[] {
  let buf: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const len = Math.min(size, maxBytes);
      buf = Buffer.alloc(len);
      let got = 0;
      while (got < len) {
        const n = readSync(fd, buf, got, len - got, size - len + got);
        if (n === 0) break;
        got += n;
      }
      buf = buf.subarray(0, got);
      // Started inside a line: skip to the first whole one.
      if (len < size) buf = buf.subarray(buf.indexOf(0x0a) + 1);
    } finally {
      closeSync(fd);
    }
  } catch {
    return [];
  }
  const out: AuditEntry[] = [];
  for (const line of buf.toString('utf8').split('\n').slice(-limit - 1)) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A line cut short by a crash: everything before it is intact.
    }
  }
  return out;
}
