#!/usr/bin/env node
// Runs every bench/*.bench.ts (or those named on the command line) one after another under tsx and prints
// their figures. Each bench prints its own ratio against a baseline it measures in the same run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n## ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', file)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
if (failed) {
  console.error(`${failed} bench(es) failed`);
  process.exit(1);
}
