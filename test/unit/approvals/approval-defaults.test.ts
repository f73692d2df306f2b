import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApprovalGate } from '../../../src/main/core/approvals/approval-gate';
import { AuditLog } from '../../../src/main/core/approvals/audit-log';
import { silentLogger } from '../../../src/main/core/log';
import { SettingsStore } from '../../../src/main/core/store/settings-store';

describe('approval defaults (SPEC: a request waits 120 s for the user)', () => {
  it('a fresh data dir waits 120 s before rejecting, on its own (no test override)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'defaults-'));
    const settings = new SettingsStore(dir);
    expect(settings.get().approval.timeoutSecs).toBe(120);
    expect(settings.get().approval.global).toBe('ask');
    const g = new ApprovalGate({ settings, audit: new AuditLog(dir), logger: silentLogger });
    void g.request({ tool: 'dcc_execute', code: 'return 1', instanceId: 'i', dccType: 'maya', agent: { id: 'a', name: 'a' } });
    const [pending] = g.list().pending;
    expect(pending!.expiresAtMs - pending!.createdAtMs).toBe(120_000);
    g.close();
  });
});
