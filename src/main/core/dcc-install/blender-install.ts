/**
 * "Install the DCC plugin" for Blender: find Blender on this machine, copy the add-on (blender_addon + the
 * dcc_mcp_plugin package) into the user's add-ons folder and enable it in the user's preferences — all done by
 * that Blender itself (`blender -b --python-expr`), so its own idea of the user folders is used.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HubError } from '../errors';

/** The add-on's module name in Blender. */
export const ADDON_MODULE = 'dcc_mcp_hub';

export interface FoundDcc {
  dcc: 'blender';
  path: string;
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Usual install places besides PATH (newest versions first where a folder holds several). */
function usualPlaces(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform === 'darwin') return ['/Applications/Blender.app/Contents/MacOS/Blender'];
  if (platform === 'win32') {
    const base = join(env.ProgramFiles ?? 'C:\\Program Files', 'Blender Foundation');
    try {
      return readdirSync(base)
        .sort()
        .reverse()
        .map((d) => join(base, d, 'blender.exe'));
    } catch {
      return [];
    }
  }
  return ['/usr/bin/blender', '/usr/local/bin/blender', '/snap/bin/blender', '/opt/blender/blender'];
}

/** Blender executables found on PATH and in the usual install folders, without duplicates. */
export function findBlender(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): FoundDcc[] {
  const exe = platform === 'win32' ? 'blender.exe' : 'blender';
  const fromPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, exe));
  const seen = new Set<string>();
  const out: FoundDcc[] = [];
  for (const p of [...fromPath, ...usualPlaces(platform, env)]) {
    if (!executable(p)) continue;
    // /bin and /usr/bin are often the same folder: one entry per real executable.
    const real = realpathSync(p);
    if (seen.has(real)) continue;
    seen.add(real);
    out.push({ dcc: 'blender', path: p });
  }
  return out;
}

/** The Python run inside Blender: copy the add-on into the user's scripts/addons, enable it, save preferences. */
function installScript(pluginDir: string): string {
  const src = JSON.stringify(pluginDir);
  return [
    'import os, shutil, sys, addon_utils, bpy',
    `src = ${src}`,
    'addons = bpy.utils.user_resource("SCRIPTS", path="addons", create=True)',
    `dst = os.path.join(addons, "${ADDON_MODULE}")`,
    'shutil.rmtree(dst, ignore_errors=True)',
    'os.makedirs(dst)',
    'shutil.copy(os.path.join(src, "blender_addon", "__init__.py"), os.path.join(dst, "__init__.py"))',
    'shutil.copytree(os.path.join(src, "dcc_mcp_plugin"), os.path.join(dst, "dcc_mcp_plugin"), ignore=shutil.ignore_patterns("__pycache__"))',
    // The user add-ons folder may not have existed when Blender started: put it on sys.path before enabling.
    'bpy.utils.refresh_script_paths()',
    'sys.path.append(addons) if addons not in sys.path else None',
    'addon_utils.modules_refresh()',
    `mod = addon_utils.enable("${ADDON_MODULE}", default_set=True, persistent=True)`,
    'bpy.ops.wm.save_userpref()',
    'print("DCC_MCP_ADDON_INSTALLED " + dst if mod else "DCC_MCP_ADDON_FAILED")',
    'sys.stdout.flush()',
  ].join('\n');
}

/**
 * Installs and enables the add-on for the current user of `blender`. Resolves with the add-on folder.
 * @throws HubError INTERNAL when Blender fails or does not confirm (its output is in the message).
 */
export function installBlenderAddon(blender: string, pluginDir: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(blender, ['-b', '--python-exit-code', '1', '--python-expr', installScript(pluginDir)], { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('DCC_MCP_ADDON_INSTALLED '));
      if (line && !err) return resolve(line.slice('DCC_MCP_ADDON_INSTALLED '.length).trim());
      const tail = `${stderr}\n${stdout}`.trim().split('\n').slice(-12).join('\n');
      reject(new HubError('INTERNAL', `Blender (${blender}) could not install the add-on: ${err ? err.message.split('\n')[0] : 'no confirmation'}\n${tail}`));
    });
  });
}
