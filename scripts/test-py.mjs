#!/usr/bin/env node
// Runs the Python plugin's unittest suite with Debian's python3 when present (the DCC-like interpreter), else
// the first python3 on PATH. Under CI=true a missing python3 is a failure, never a skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/python3', 'python3'];
const py = candidates.find((p) => p === 'python3' || existsSync(p));
const r = spawnSync(py, ['-m', 'unittest', 'discover', '-s', 'test/python', '-t', 'test/python', '-v'], { stdio: 'inherit' });
if (r.error) {
  console.error(`test:py: cannot run ${py}: ${r.error.message}`);
  process.exit(1);
}
process.exit(r.status ?? 1);
