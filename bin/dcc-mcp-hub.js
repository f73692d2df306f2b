#!/usr/bin/env node
// The `dcc-mcp-hub` command: the headless hub (serve) and the stdio bridge (stdio), built by `npm run build`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`dcc-mcp-hub: ${cli} is missing; run \`npm run build\` first\n`);
  process.exit(1);
}
await import(pathToFileURL(cli).href);
