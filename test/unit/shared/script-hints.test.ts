import { describe, expect, it } from 'vitest';
import { analyzeScript } from '../../../src/shared/script-view';

const hints = (src: string) => analyzeScript(src).hints.map((h) => [h.kind, h.text, h.line]);

describe('static-read hints', () => {
  // [script, expected [kind, text, line] hints]
  const table: [string, (string | number)[][]][] = [
    ['x = 1\nreturn x', []],
    ['import bpy\nbpy.ops.mesh.primitive_uv_sphere_add()', []],
    ['import os', [['import', 'imports os (files, processes, environment)', 1]]],
    [
      'import os.path as p, subprocess',
      [
        ['import', 'imports os (files, processes, environment)', 1],
        ['import', 'imports subprocess (runs programs)', 1],
      ],
    ],
    [
      'from shutil import (copy,\n  rmtree as rt)\nrt("/x")',
      [
        ['import', 'imports shutil (copies, moves and deletes files)', 1],
        ['delete', 'shutil.rmtree() deletes files', 3],
      ],
    ],
    [
      'import socket, ctypes',
      [
        ['import', 'imports socket (network)', 1],
        ['import', 'imports ctypes (native code and memory)', 1],
      ],
    ],
    [
      'from urllib.request import urlopen\nimport requests',
      [
        ['import', 'imports urllib (network)', 1],
        ['import', 'imports requests (network)', 2],
      ],
    ],
    ['from . import os', []],
    ['def g():\n    yield from os.walk(p)\nraise E from os.error', []],
    ['# import os\ns = "import os"', []],
    [
      '# print a greeting\rimport os; os.remove("x")',
      [
        ['import', 'imports os (files, processes, environment)', 2],
        ['delete', 'os.remove() deletes files', 2],
      ],
    ],
    ['open("a.txt")\nopen("a.txt", "r")', []],
    ['f = open("a.txt", "w")', [['file-write', 'open(…, "w") writes a file', 1]]],
    ['open(p, mode="ab")', [['file-write', 'open(…, "ab") writes a file', 1]]],
    ['open(p, "r+")', [['file-write', 'open(…, "r+") writes a file', 1]]],
    ['open(p, "x")', [['file-write', 'open(…, "x") writes a file', 1]]],
    ['open(p, m)', [['file-write', 'open() with a mode chosen at run time', 1]]],
    ['import io\nio.open(p, "w")', [['file-write', 'io.open(…, "w") writes a file', 2]]],
    ['Path(p).open("w")', [['file-write', '….open(…, "w") writes a file', 1]]],
    ['Path(p).write_text("x")', [['file-write', '….write_text() writes files', 1]]],
    ['exec(code)', [['dynamic-code', 'exec() runs code built at run time', 1]]],
    [
      'eval("1")\ncompile(s, "f", "exec")',
      [
        ['dynamic-code', 'eval() runs code built at run time', 1],
        ['dynamic-code', 'compile() runs code built at run time', 2],
      ],
    ],
    ['re.compile("x")\nobj.eval()', []],
    ['ｅｖａｌ("1")', [['dynamic-code', 'eval() runs code built at run time', 1]]],
    [
      '__import__("subprocess").run(["ls"])',
      [
        ['dynamic-code', '__import__() imports a module named at run time', 1],
        ['import', 'imports subprocess (runs programs)', 1],
      ],
    ],
    [
      'x = f"{__import__(\'os\').getcwd()}"',
      [
        ['dynamic-code', '__import__() imports a module named at run time', 1],
        ['import', 'imports os (files, processes, environment)', 1],
      ],
    ],
    [
      'from builtins import exec as e\ne("x")',
      [['dynamic-code', 'builtins.exec() runs code built at run time', 2]],
    ],
    [
      'os.unlink(p)\nos.rmdir(d)',
      [
        ['delete', 'os.unlink() deletes files', 1],
        ['delete', 'os.rmdir() deletes files', 2],
      ],
    ],
    ['Path(p).unlink()', [['delete', '….unlink() deletes files', 1]]],
    [
      'bpy.data.objects.remove(o, do_unlink=True)',
      [['delete', 'bpy.data.objects.remove() deletes from the scene', 1]],
    ],
    ['bpy.ops.object.delete()', [['delete', 'bpy.ops.object.delete() deletes from the scene', 1]]],
    [
      'import maya.cmds as cmds\ncmds.delete("pCube1")',
      [['delete', 'maya.cmds.delete() deletes from the scene', 2]],
    ],
    ['items.remove(3)', []],
    [
      'dispatch("delete_object", {"name": "a"})\ndispatch("create_object", {})',
      [['delete', 'dispatch("delete_object") deletes', 1]],
    ],
    ['os.system("rm -rf /")', [['process', 'os.system() runs a program', 1]]],
    [
      'import subprocess as sp\nsp.run(["ls"])',
      [
        ['import', 'imports subprocess (runs programs)', 1],
        ['process', 'subprocess.run() runs a program', 2],
      ],
    ],
    ['socket.create_connection(("h", 1))', [['network', 'socket.create_connection() uses the network', 1]]],
  ];
  it.each(table)('%j', (src, expected) => {
    expect(hints(src)).toEqual(expected);
  });

  it('counts repeats of the same hint once, from its first line', () => {
    expect(analyzeScript('os.remove(a)\nos.remove(b)\nos.remove(c)').hints).toEqual([
      { kind: 'delete', text: 'os.remove() deletes files', line: 1, count: 3 },
    ]);
  });
});
