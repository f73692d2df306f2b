"""The Houdini host against the Houdini STAND-IN (stand_ins/hou.py, hdefereval.py: not Houdini) through the
shared host suite, plus: no permanent event-loop callback, one deferred pump per burst, hython without a UI."""
import os
import sys
import tempfile
import threading
import unittest

import helpers  # noqa: F401  (sets sys.path)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "stand_ins"))

import _scene  # noqa: E402
import hdefereval  # noqa: E402  (the stand-in)
import hou  # noqa: E402  (the stand-in)

from dcc_mcp_plugin import DccPlugin  # noqa: E402
from dcc_mcp_plugin.hosts.houdini import HoudiniHost  # noqa: E402
from host_suite import Conn, HostSuite  # noqa: E402


def _reset():
    _scene.MAIN["ident"] = threading.get_ident()
    _scene.SCENE.reset(up="y", unit="m")
    hou.UI["available"] = True
    del hou.HIP_CALLBACKS[:], hou.SELECTION_CALLBACKS[:], hdefereval.DEFERRED[:]


class HoudiniHostSuite(HostSuite, unittest.TestCase):
    def make_host(self):
        _reset()
        return HoudiniHost(hou, hdefereval)

    def run_main(self):
        hdefereval.run_main()

    def open_scene(self, name):
        _scene.SCENE.name = "/proj/%s.hip" % name
        hou.fire_hip(hou.hipFileEventType.AfterLoad)

    def select_in_app(self, names):
        _scene.SCENE.selection = list(names)
        hou.fire_selection()

    def an_object(self):
        return "pCube1"

    def callbacks_left(self):
        return len(hou.HIP_CALLBACKS) + len(hou.SELECTION_CALLBACKS)

    def test_one_deferred_pump_per_burst_and_metres_become_cm(self):
        conn = Conn()
        t = threading.Thread(target=lambda: [self.plugin._on_frame(conn, 1, s, {"method": "dcc.hello"}) for s in (7, 8)])
        t.start()
        t.join()
        self.assertEqual(len(hdefereval.DEFERRED), 1)
        hdefereval.run_main()
        self.assertEqual(len(conn.sent), 2)
        _scene.SCENE.objects["pCube1"]["t"] = [1.0, 2.0, 3.0]
        self.assertEqual([round(v, 3) for v in self.call(9, "transform.get", {"name": "pCube1"})["translate"]], [100.0, 200.0, 300.0])


class HythonTest(unittest.TestCase):
    def test_hython_serves_from_the_blocking_loop(self):
        _reset()
        hou.UI["available"] = False
        host = HoudiniHost(hou)
        plugin = DccPlugin(host, registry_dir=tempfile.mkdtemp())
        plugin.start()
        try:
            host.attach(plugin)
            self.assertIsNone(plugin.wake, "no UI: nothing to wake, serve_forever runs the work")
            self.assertEqual(hou.SELECTION_CALLBACKS, [])
            conn = Conn()
            plugin._on_frame(conn, 1, 3, {"method": "scene.info"})
            plugin.pump(1000)
            self.assertEqual(conn.sent[0][2]["result"]["up_axis"], "Y")
        finally:
            host.detach()
            plugin.stop()


if __name__ == "__main__":
    unittest.main()
