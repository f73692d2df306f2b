/**
 * Test-only registry writes. The hub never writes the registry (SPEC §3: writers hold `services.lock` with flock,
 * which Node cannot take portably), so tests write through the plugin's own Python writer (`registry_op.py`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toTimestamp } from '../../src/main/core/registry/registry-file';
import { ROOT } from './processes';

const run = promisify(execFile);
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const OP = join(ROOT, 'test/fixtures/registry/registry_op.py');

export interface NewRow {
  dcc_type: string;
  instance_id?: string;
  host?: string;
  port?: number;
  transport_address?: Record<string, unknown> | null;
  version?: string | null;
  pid?: number | null;
  metadata?: Record<string, string>;
  status?: string;
  [extra: string]: unknown;
}

/** Writes rows in `dir` with the plugin's flock protocol; `now` fakes the clock of the timestamps it writes. */
export class RegistryWriter {
  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds (or replaces) a row; @returns its instance_id. */
  async register(e: NewRow): Promise<string> {
    const id = e.instance_id ?? randomUUID();
    const ts = toTimestamp(this.now());
    const row = { schema_version: 1, host: '127.0.0.1', port: 0, version: null, scene: null, pid: process.pid, metadata: {}, registered_at: ts, last_heartbeat: ts, status: 'available', ...e, instance_id: id };
    await this.op({ op: 'upsert', row });
    return id;
  }

  async heartbeat(dcc: string, id: string): Promise<boolean> {
    return this.patch(dcc, id, { last_heartbeat: toTimestamp(this.now()) });
  }

  async updateStatus(dcc: string, id: string, status: string): Promise<boolean> {
    return this.patch(dcc, id, { status, last_heartbeat: toTimestamp(this.now()) });
  }

  async patch(dcc: string, id: string, fields: Record<string, unknown>): Promise<boolean> {
    return (await this.op({ op: 'patch', dcc_type: dcc, instance_id: id, fields })).found;
  }

  async deregister(dcc: string, id: string): Promise<void> {
    await this.op({ op: 'remove', dcc_type: dcc, instance_id: id });
  }

  private async op(spec: unknown): Promise<{ found: boolean }> {
    const { stdout } = await run(PYTHON, [OP, this.dir, JSON.stringify(spec)]);
    return JSON.parse(stdout) as { found: boolean };
  }
}
