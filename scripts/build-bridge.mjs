#!/usr/bin/env node
// Builds the stdio bridge the packaged app hands to agents: the `dcc-mcp-hub` CLI bundled with every dependency
// into ONE CommonJS file (no node_modules, no app.asar needed), so `ELECTRON_RUN_AS_NODE=1 <app executable>
// out/bridge/dcc-mcp-hub.cjs stdio` runs from app.asar.unpacked. Usage: node scripts/build-bridge.mjs [OUT_DIR]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'out', 'bridge'));
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: join(root, 'src/main/cli.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { format: 'cjs', entryFileNames: 'dcc-mcp-hub.cjs', codeSplitting: false } },
  },
  ssr: { noExternal: true, target: 'node' },
});
process.stdout.write(join(outDir, 'dcc-mcp-hub.cjs') + '\n');
