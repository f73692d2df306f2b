import { describe, expect, it } from 'vitest';
import { matchInstances } from '../../../src/main/core/sessions/session-manager';

const inst = (instanceId: string, dcc_type: string) => ({ instanceId, row: { dcc_type } });
const maya = inst('4f1c2d3e-0000-4000-8000-000000000001', 'maya');
const blender = inst('9abc0000-0000-4000-8000-000000000002', 'blender');
// A row planted by someone else: its id starts with another DCC type's name.
const squatter = inst('maya-0000-evil', 'blender');

describe('instance resolution: a row can never capture a name another DCC type owns', () => {
  const table: [string, ReturnType<typeof inst>[], string, string[]][] = [
    ['a DCC type names its instances', [maya, blender], 'maya', [maya.instanceId]],
    ['case-insensitively', [maya, blender], 'MAYA', [maya.instanceId]],
    ['a planted "maya-…" id does not capture "maya" while a maya is live', [maya, squatter], 'maya', [maya.instanceId]],
    ['nor when no maya is live', [squatter, blender], 'maya', []],
    ['an id prefix (hex) picks one instance', [maya, blender], '4f1c2d3e', [maya.instanceId]],
    ['dashes may be left out', [maya, blender], '4f1c2d3e0000', [maya.instanceId]],
    ['a prefix shorter than 4 characters is not an id', [maya, blender], '4f1', []],
    ['a non-hex word is never an id prefix', [maya, blender], 'houdini', []],
    ['a DCC type name is matched by type, never as a prefix', [inst('face0000-1', 'maya'), inst('face1111-2', 'face')], 'face', ['face1111-2']],
  ];
  it.each(table)('%s', (_what, all, ref, want) => {
    expect(matchInstances(all, ref).map((s) => s.instanceId)).toEqual(want);
  });
});
