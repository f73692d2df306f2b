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


class FakeEventCmds(object):
    """Event scriptJobs, selection and scene queries: what MayaHost.install_handlers uses."""

    def __init__(self):
        self.jobs = {}
        self.selection = []

    def scriptJob(self, event=None, protected=False, kill=None, force=False):  # noqa: N802,N803 - Maya's names
        if kill is not None:
            self.jobs.pop(kill, None)
            return None
        self.jobs[len(self.jobs) + 1] = event
        return len(self.jobs)

    def ls(self, selection=False):
        return list(self.selection)

    def about(self, version=False):
        return "2025"


    def file(self, query=False, sceneName=False):  # noqa: N803 - Maya's name
        return "/shots/sh010.ma"

    def fire(self, name):
        for event in list(self.jobs.values()):
            if event[0] == name:
                event[1]()


class MayaEventsTest(unittest.TestCase):
    def test_scene_opened_and_selection_changed_jobs_push_and_are_killed_on_close(self):
        sys.modules.setdefault("maya", types.ModuleType("maya"))
        from dcc_mcp_plugin.hosts import maya as maya_host

        cmds = FakeEventCmds()
        old, maya_host.cmds = maya_host.cmds, cmds
        try:
            host = maya_host.MayaHost()
            pushed = []
            host.notify = lambda topic, data=None: pushed.append((topic, data))
            host.install_handlers()
            self.assertEqual(sorted(e[0] for e in cmds.jobs.values()), ["SceneOpened", "SelectionChanged"])
            cmds.selection = ["pCube1"]
            cmds.fire("SelectionChanged")
            cmds.fire("SceneOpened")
            self.assertEqual(pushed, [("selection.changed", {"selection": ["pCube1"]}), ("scene.changed", {"scene": "/shots/sh010.ma"})])
            host.close()
            self.assertEqual(cmds.jobs, {})
        finally:
            maya_host.cmds = old


if __name__ == "__main__":
    unittest.main()
