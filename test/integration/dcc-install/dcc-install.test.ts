import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBlender, installBlenderAddon } from '../../../src/main/core/dcc-install/blender-install';
import { mayaModuleText, writeMayaModule } from '../../../src/main/core/dcc-install/maya-module';
import { ROOT } from '../../helpers/processes';

const PLUGIN_DIR = join(ROOT, 'resources', 'dcc-plugin');
const blender = spawnSync('sh', ['-c', 'command -v blender']).status === 0;
const ci = process.env.CI === 'true';
if (!blender && !ci) console.warn('\n*** SKIPPING Blender add-on install test: blender is not installed (CI installs it) ***\n');

describe.runIf(blender || ci)('installing the Blender add-on with real Blender, for a temporary user', () => {
  it('finds Blender, installs and enables the add-on in the user preferences (a fresh Blender has it on)', async () => {
    const found = findBlender();
    expect(found.length, 'blender must be found on PATH').toBeGreaterThan(0);
    const home = mkdtempSync(join(tmpdir(), 'blender-home-'));
    const env = { ...process.env, HOME: home, BLENDER_USER_CONFIG: join(home, 'config'), BLENDER_USER_SCRIPTS: join(home, 'scripts') };
    const dir = await installBlenderAddon(found[0]!.path, PLUGIN_DIR, env);
    expect(dir).toBe(join(home, 'scripts', 'addons', 'dcc_mcp_hub'));
    expect(existsSync(join(dir, 'dcc_mcp_plugin', 'plugin.py'))).toBe(true);
    expect(existsSync(join(home, 'config', 'userpref.blend'))).toBe(true);
    // A new Blender of that user, without --factory-startup, starts with the add-on enabled.
    const check = spawnSync(found[0]!.path, ['-b', '--python-expr', 'import addon_utils, bpy\nprint("CHECK", addon_utils.check("dcc_mcp_hub")[1], "dcc_mcp_hub" in bpy.context.preferences.addons)'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(check.stdout).toContain('CHECK True True');
  }, 180_000);
});

describe('Maya module file', () => {
  it('writes dcc_mcp_hub.mod into the user modules folder with the plug-in and Python paths', () => {
    const home = mkdtempSync(join(tmpdir(), 'maya-home-'));
    const { path, replaced } = writeMayaModule(home, 'linux', PLUGIN_DIR);
    expect(path).toBe(join(home, 'maya', 'modules', 'dcc_mcp_hub.mod'));
    expect(replaced).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(`+ dcc_mcp_hub 0.2.0 ${PLUGIN_DIR}\nMAYA_PLUG_IN_PATH +:= maya\nPYTHONPATH +:= .\n`);
    expect(writeMayaModule(home, 'linux', PLUGIN_DIR).replaced).toBe(false);
    expect(mayaModuleText('/x')).toContain('+ dcc_mcp_hub 0.2.0 /x');
  });
});
