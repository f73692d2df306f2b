/**
 * Append-only audit log (`<data-dir>/audit.jsonl`, mode 0600): every approval request, decision and result,
 * fsync'd line by line, with the script's sha256. Writes are serialised so lines never interleave.
 */
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const AUDIT_FILE = 'audit.jsonl';

export type AuditEntry = { ts: number; event: 'request' | 'decision' | 'result'; requestId: string } & Record<string, unknown>;

export class AuditLog {
  readonly path: string;
  private fd: number | null;

  constructor(dataDir: string) {
    this.path = join(dataDir, AUDIT_FILE);
    this.fd = openSync(this.path, 'a', 0o600);
  }

  /** Appends one line and fsyncs it before returning. */
  append(entry: AuditEntry): void {
    if (this.fd === null) return;
    writeSync(this.fd, JSON.stringify(entry) + '\n');
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
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
