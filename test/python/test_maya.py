"""The Maya host against the Maya STAND-IN (stand_ins/maya: not Maya) through the shared host suite, plus the
Maya-specific rules: no idle scriptJob, one executeDeferred per burst of requests, units and Z-up scenes."""
import os
import sys
import threading
import unittest

import helpers  # noqa: F401  (sets sys.path)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "stand_ins"))

from maya import cmds, utils  # noqa: E402  (the stand-ins)
import _scene  # noqa: E402

from dcc_mcp_plugin.hosts.maya import MayaHost  # noqa: E402
from host_suite import HostSuite  # noqa: E402


class MayaHostSuite(HostSuite, unittest.TestCase):
    def make_host(self):
        _scene.MAIN["ident"] = threading.get_ident()
        _scene.SCENE.reset()
        cmds.JOBS.clear()
        del utils.DEFERRED[:]
        return MayaHost(cmds, utils)

    def run_main(self):
        utils.run_main()

    def open_scene(self, name):
        _scene.SCENE.name = "/proj/scenes/%s.ma" % name
        cmds.fire("SceneOpened")

    def select_in_app(self, names):
        _scene.SCENE.selection = list(names)
        cmds.fire("SelectionChanged")

    def an_object(self):
        return "pCube1"

    def callbacks_left(self):
        return len(cmds.JOBS)

    def test_no_idle_job_and_one_deferred_pump_per_burst(self):
        self.assertFalse(any(e == "idle" for e, _ in cmds.JOBS.values()))
        conn = _Conn()
        t = threading.Thread(target=lambda: [self.plugin._on_frame(conn, 1, s, {"method": "dcc.hello"}) for s in (7, 8, 9)])
        t.start()
        t.join()
        self.assertEqual(len(utils.DEFERRED), 1, "one wake-up per burst of requests")
        self.assertEqual(conn.sent, [], "nothing runs on the reader thread")
        utils.run_main()
        self.assertEqual(sorted(f[1] for f in conn.sent), [7, 8, 9])

    def test_units_and_z_up_scenes_are_converted(self):
        _scene.SCENE.unit, _scene.SCENE.up = "m", "z"
        _scene.SCENE.objects["pCube1"].update(t=[1.0, 2.0, 3.0], r=[0.0, 0.0, 90.0])
        got = self.call(11, "transform.get", {"name": "pCube1"})
        self.assertEqual([round(v, 3) for v in got["translate"]], [100.0, 300.0, -200.0])
        self.assertEqual([round(v, 3) for v in got["rotate"]], [0.0, 90.0, 0.0])
        self.call(12, "transform.set", {"name": "pCube1", "translate": [0.0, 50.0, 0.0]})
        self.assertEqual([round(v, 3) for v in _scene.SCENE.objects["pCube1"]["t"]], [0.0, 0.0, 0.5])

    def test_quitting_maya_removes_the_row(self):
        cmds.fire("quitApplication")
        self.assertTrue(self.plugin.stopped.is_set())


class _Conn(object):
    def __init__(self):
        self.sent = []

    def send(self, *frame):
        self.sent.append(frame)


class MayaEntryPointAuthTest(unittest.TestCase):
    def test_the_maya_plug_in_serves_only_an_authenticated_hub(self):
        """Loads maya/plug-ins/dcc_mcp_hub_maya.py as Maya would (the maya STAND-IN) and talks to its real socket."""
        import importlib.util
        import tempfile

        _scene.MAIN["ident"] = threading.get_ident()
        _scene.SCENE.reset()
        cmds.JOBS.clear()
        del utils.DEFERRED[:]
        os.environ["DCC_MCP_REGISTRY_DIR"] = tempfile.mkdtemp()
        try:
            spec = importlib.util.spec_from_file_location("dcc_mcp_hub_maya", os.path.join(helpers.PLUGIN_DIR, "maya", "plug-ins", "dcc_mcp_hub_maya.py"))
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.initializePlugin(None)
            address = module._state["plugin"].server.address
            raw = helpers.Client(address, secret=False)
            t, body = raw.call("dcc.execute", {"code": "return 6 * 7"})
            self.assertEqual(body["code"], "PERMISSION_DENIED")
            self.assertEqual(utils.DEFERRED, [], "nothing was queued for Maya's main thread")
            raw.close()
            good = helpers.Client(address)
            seq = good.send_call("dcc.execute", {"code": "return 6 * 7"})
            helpers.wait_for(lambda: utils.DEFERRED, "the call queued for the main thread")
            utils.run_main()
            t, _, body = good.next_frame(seq)
            self.assertEqual((t, body["result"]["output"]), (2, 42))
            good.close()
            module.uninitializePlugin(None)
        finally:
            del os.environ["DCC_MCP_REGISTRY_DIR"]


if __name__ == "__main__":
    unittest.main()
