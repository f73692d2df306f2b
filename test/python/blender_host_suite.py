"""The shared host suite inside REAL Blender (not a stand-in), plus Blender's own conversions:
    blender -b --factory-startup --python test/python/blender_host_suite.py
Exits 0 when every test passes. In -b mode Blender's timers do not run, so `run_main` calls the host's timer
function itself — the same function the add-on registers with bpy.app.timers in GUI Blender."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bpy  # noqa: E402

import helpers  # noqa: E402,F401  (sets sys.path)
from dcc_mcp_plugin.hosts.blender import BlenderHost  # noqa: E402
from host_suite import HostSuite  # noqa: E402


class BlenderHostSuite(HostSuite, unittest.TestCase):
    def make_host(self):
        bpy.ops.wm.read_factory_settings(use_empty=False)
        self.tmp = tempfile.mkdtemp(prefix="blender-suite-")
        return BlenderHost()

    def run_main(self):
        self.host.pump()

    def open_scene(self, name):
        bpy.ops.wm.save_as_mainfile(filepath=os.path.join(self.tmp, name + ".blend"))

    def select_in_app(self, names):
        # The operators a click in the viewport / outliner runs; they tag the depsgraph as the UI does.
        bpy.ops.object.select_all(action="DESELECT")
        for n in names:
            bpy.ops.object.select_pattern(pattern=n, extend=True)
        bpy.context.view_layer.update()

    def an_object(self):
        return "Cube"

    def callbacks_left(self):
        return self.host.callbacks_registered()

    def test_blender_metres_z_up_become_cm_y_up(self):
        cube = bpy.data.objects["Cube"]
        cube.location = (1.0, 2.0, 3.0)
        cube.rotation_euler = (0.0, 0.0, 1.5707963267948966)
        bpy.context.view_layer.update()
        got = self.call(21, "transform.get", {"name": "Cube"})
        self.assertEqual([round(v, 3) for v in got["translate"]], [100.0, 300.0, -200.0])
        self.assertEqual([round(v, 3) for v in got["rotate"]], [0.0, 90.0, 0.0])
        box = self.call(22, "transform.get_bounding_box", {"name": "Cube"})
        # The default cube is 2 m wide: 200 cm in every axis, centred on the object.
        self.assertEqual([round(b - a, 3) for a, b in zip(box["min"], box["max"])], [200.0, 200.0, 200.0])
        self.assertEqual([round((a + b) / 2, 3) for a, b in zip(box["min"], box["max"])], [100.0, 300.0, -200.0])

    def test_world_space_under_a_parent(self):
        parent = bpy.data.objects.new("Rig", None)
        bpy.context.scene.collection.objects.link(parent)
        parent.location = (0.0, 0.0, 1.0)
        cube = bpy.data.objects["Cube"]
        cube.parent = parent
        cube.location = (0.0, 0.0, 0.0)
        bpy.context.view_layer.update()
        # Local (0,0,0) under a parent 1 m up: world height 100 cm on Y.
        self.assertEqual([round(v, 3) for v in self.call(23, "transform.get", {"name": "Cube"})["translate"]], [0.0, 100.0, 0.0])
        self.call(24, "transform.set", {"name": "Cube", "translate": [0.0, 0.0, 0.0]})
        bpy.context.view_layer.update()
        self.assertEqual([round(v, 3) for v in cube.matrix_world.translation], [0.0, 0.0, 0.0])


if __name__ == "__main__":
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    result = unittest.main(module=__name__, argv=["blender_host_suite"] + argv, exit=False, verbosity=2).result
    sys.stdout.flush()
    os._exit(0 if result.wasSuccessful() else 1)
