/** A ready-to-run Python snippet for a catalog command, in the DCC's own import style. */

/** The import line the command's module path needs (bpy, maya.cmds, pymel, …), or null. */
function importFor(name: string, dcc?: string): string | null {
  const root = name.split('.')[0] ?? '';
  if (root === 'bpy' || root === 'mathutils' || root === 'bmesh') return `import ${root}`;
  if (root === 'cmds') return 'from maya import cmds';
  if (root === 'mc') return 'import maya.cmds as mc';
  if (root === 'pm') return 'import pymel.core as pm';
  if (root === 'maya' || root === 'pymel' || root === 'hou' || root === 'nuke' || root === 'unreal') return `import ${name.split('.').slice(0, -1).join('.') || root}`;
  if (dcc === 'maya' && !name.includes('.')) return 'from maya import cmds';
  return null;
}

/** `import …` + a call of the command with its signature's required parameters left for the user. */
export function catalogSnippet(hit: { name: string; signature: string; dcc?: string }): string {
  const imp = importFor(hit.name, hit.dcc);
  const callee = hit.dcc === 'maya' && !hit.name.includes('.') ? `cmds.${hit.name}` : hit.name;
  return `${imp ? `${imp}\n` : ''}${callee}()\n`;
}
