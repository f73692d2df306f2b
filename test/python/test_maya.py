"""The Maya host's pump, without Maya: fake `maya.utils` and `cmds` stand in for what only exists inside Maya."""
import sys
import tempfile
import types
import unittest

import helpers  # noqa: F401  (sets sys.path)
from dcc_mcp_plugin import DccPlugin
from dcc_mcp_plugin.host import HostAdapter


class FakeUtils(object):
    def __init__(self):
        self.deferred = []

    def executeDeferred(self, fn):  # noqa: N802 - Maya's name
        self.deferred.append(fn)


class FakeCmds(object):
    def __init__(self):
        self.jobs = {}

    def scriptJob(self, idleEvent=None, kill=None, force=False):  # noqa: N802,N803 - Maya's names
        if kill is not None:
            self.jobs.pop(kill, None)
            return None
        self.jobs[len(self.jobs) + 1] = idleEvent
        return len(self.jobs)


class MayaPumpTest(unittest.TestCase):
    def test_requests_wake_the_main_thread_and_run_there(self):
        sys.modules.setdefault("maya", types.ModuleType("maya"))
        from dcc_mcp_plugin.hosts.maya import MayaPump

        plugin = DccPlugin(HostAdapter(), registry_dir=tempfile.mkdtemp())
        utils, cmds = FakeUtils(), FakeCmds()
        pump = MayaPump(plugin, utils, cmds)
        pump.start()
        self.assertEqual(len(cmds.jobs), 1)
        sent = []

        class Conn(object):
            def send(self, *frame):
                sent.append(frame)

        conn = Conn()
        plugin._on_frame(conn, 1, 5, {"method": "dcc.execute", "params": {"code": "return 6 * 7"}})
        plugin._on_frame(conn, 1, 6, {"method": "dcc.hello"})
        self.assertEqual(len(utils.deferred), 1, "one wake-up per burst of requests")
        self.assertEqual(utils.deferred[0](), 2)
        self.assertEqual(sent[0][:2], (2, 5), sent[0])
        self.assertEqual(sent[0][2]["result"]["output"], 42)
        self.assertEqual(sent[1][2]["result"]["protocol"], 1)
        pump.stop()
        self.assertEqual(cmds.jobs, {})


class MayaEntryPointAuthTest(unittest.TestCase):
    def test_the_maya_plug_in_serves_only_an_authenticated_hub(self):
        """Loads maya/dcc_mcp_hub_maya.py as Maya would (fake maya modules) and talks to its real socket."""
        import importlib.util
        import os

        utils, cmds = FakeUtils(), FakeCmds()
        cmds.about = lambda version=False: "2025"
        cmds.file = lambda **kw: ""
        maya = types.ModuleType("maya")
        maya.utils, maya.cmds = utils, cmds
        saved = {k: sys.modules.get(k) for k in ("maya", "maya.utils", "maya.cmds")}
        sys.modules.update({"maya": maya, "maya.utils": utils, "maya.cmds": cmds})
        os.environ["DCC_MCP_REGISTRY_DIR"] = tempfile.mkdtemp()
        try:
            spec = importlib.util.spec_from_file_location("dcc_mcp_hub_maya", os.path.join(helpers.PLUGIN_DIR, "maya", "dcc_mcp_hub_maya.py"))
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.initializePlugin(None)
            address = module._state["plugin"].server.address
            raw = helpers.Client(address, secret=False)
            t, body = raw.call("dcc.execute", {"code": "return 6 * 7"})
            self.assertEqual(body["code"], "PERMISSION_DENIED")
            self.assertEqual(utils.deferred, [], "nothing was queued for Maya's main thread")
            raw.close()
            good = helpers.Client(address)
            seq = good.send_call("dcc.execute", {"code": "return 6 * 7"})
            helpers.wait_for(lambda: utils.deferred, "the call queued for the main thread")
            utils.deferred.pop()()
            t, _, body = good.next_frame(seq)
            self.assertEqual((t, body["result"]["output"]), (2, 42))
            good.close()
            module.uninitializePlugin(None)
        finally:
            del os.environ["DCC_MCP_REGISTRY_DIR"]
            for k, v in saved.items():
                if v is None:
                    sys.modules.pop(k, None)
                else:
                    sys.modules[k] = v


if __name__ == "__main__":
    unittest.main()
