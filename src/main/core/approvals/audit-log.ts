/**
 * Append-only audit log (`<data-dir>/audit.jsonl`, mode 0600): every approval request, decision and result,
 * fsync'd line by line, with the script's sha256. Writes are serialised so lines never interleave. Before each
 * append the file is checked against the open descriptor: after rotation or deletion it is reopened, so records
 * never go to an unlinked inode; if it cannot be written the append throws and nothing runs unrecorded.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
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
    if (this.closed) return;
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

/** Reads the last `limit` entries (a torn last line from a crash is skipped). */
export function readAudit(path: string, limit = 5_000): AuditEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const out: AuditEntry[] = [];
  for (const line of text.split('\n').slice(-limit - 1)) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A line cut short by a crash: everything before it is intact.
    }
  }
  return out;
}
