/**
 * "Install into Blender" against real Blender 3.4: the add-on lands where Blender looks for user add-ons
 * (Blender itself reports the folder), enables, and serves from there. Skips loudly without Blender; fails
 * under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installPlugin } from '../../../src/main/core/plugin/install';
import { ROOT } from '../../helpers/processes';

const blender = spawnSync('sh', ['-c', 'command -v blender']).status === 0;
const ci = process.env.CI === 'true';
if (!blender && !ci) console.warn('\n*** SKIPPING the Blender install test: blender is not installed on this machine (CI installs it) ***\n');

describe.runIf(blender || ci)('Install into Blender, in real Blender', () => {
  it('puts the add-on where Blender looks; it enables and serves from there', () => {
    expect(blender, 'blender must be installed under CI=true').toBe(true);
    const config = mkdtempSync(join(tmpdir(), 'xdg-'));
    mkdirSync(join(config, 'blender', '3.4'), { recursive: true });
    const r = installPlugin('blender', join(ROOT, 'resources', 'dcc-plugin'), { platform: 'linux', env: { XDG_CONFIG_HOME: config } });
    const reg = mkdtempSync(join(tmpdir(), 'reg-'));
    const script = [
      'import addon_utils, bpy, json, sys',
      "m = addon_utils.enable('dcc_mcp_hub')",
      'from dcc_mcp_plugin.registry import read_rows',
      "m.start_server()",
      "rows = read_rows(sys.argv[-1])",
      "m.stop_server()",
      "print('PROBE ' + json.dumps({'file': m.__file__, 'scripts': bpy.utils.user_resource('SCRIPTS'), 'rows': len(rows), 'after': len(read_rows(sys.argv[-1]))}))",
      'sys.stdout.flush()',
    ].join('\n');
    const run = spawnSync('blender', ['-b', '--factory-startup', '--python-expr', script, '--', reg], { env: { ...process.env, XDG_CONFIG_HOME: config, DCC_MCP_REGISTRY_DIR: reg }, encoding: 'utf8', timeout: 120_000 });
    const line = run.stdout.split('\n').find((l) => l.startsWith('PROBE '));
    expect(line, run.stdout.slice(-2000) + run.stderr.slice(-2000)).toBeDefined();
    const probe = JSON.parse(line!.slice(6)) as { file: string; scripts: string; rows: number; after: number };
    expect(probe.scripts).toBe(join(config, 'blender', '3.4', 'scripts'));
    expect(probe.file).toBe(join(r.path, '__init__.py'));
    expect(probe).toMatchObject({ rows: 1, after: 0 });
  }, 150_000);
});
