#!/usr/bin/env node
// `npm test`: build (the serve/e2e tests run the built hub and UI), then every vitest suite, then the Python
// plugin's suite; ends with one plain "N passed, N failed" line over both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

const build = run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);

const report = join(mkdtempSync(join(tmpdir(), 'vitest-')), 'report.json');
const vitest = run(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
let passed = 0;
let failed = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numTotalTestSuites && r.success === false && r.numFailedTests === 0 ? 1 : 0);
} catch {
  failed++;
}

const py = run(process.execPath, [join(root, 'scripts/test-py.mjs')], { stdio: ['inherit', 'inherit', 'pipe'], encoding: 'utf8' });
process.stderr.write(py.stderr ?? '');
const ran = /Ran (\d+) tests?/.exec(py.stderr ?? '');
const pyFailed = /FAILED \((?:failures=(\d+))?(?:, )?(?:errors=(\d+))?/.exec(py.stderr ?? '');
const pyBad = pyFailed ? Number(pyFailed[1] ?? 0) + Number(pyFailed[2] ?? 0) : py.status === 0 ? 0 : 1;
const pySkipped = Number(/skipped=(\d+)/.exec(py.stderr ?? '')?.[1] ?? 0);
if (ran) passed += Number(ran[1]) - pyBad - pySkipped;
failed += pyBad;

console.log(`\n${passed} passed, ${failed} failed${pySkipped ? `, ${pySkipped} skipped` : ''}`);
process.exit(vitest.status === 0 && py.status === 0 && failed === 0 ? 0 : 1);
