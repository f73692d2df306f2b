#!/usr/bin/env node
// `npm start`: build, then launch the Electron app when its binary is installed and a display exists;
// otherwise say so in one line and run the hub headless with the demo DCCs, printing the UI URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

/** The Electron binary's path when it was downloaded at install time (requiring 'electron' would try to download it). */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const bin = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const bin = electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const child = bin && hasDisplay
  ? spawn(bin, [root], { cwd: root, stdio: 'inherit' })
  : (console.log(bin ? 'No display found: running the hub headless with the demo DCCs instead of the Electron window.' : 'Electron binary not installed: running the hub headless with the demo DCCs instead of the Electron window.'),
    spawn(process.execPath, [join(root, 'bin', 'dcc-mcp-hub.js'), 'serve', '--demo', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
