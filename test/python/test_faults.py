"""The plugin under faults, in a real python3 process: scripts that will not stop, sys.exit(), cancelled and
abandoned queued calls, other threads' output, results over the frame limit."""
import os
import subprocess
import sys
import tempfile
import time
import unittest

import helpers
from dcc_mcp_plugin.frame import CANCEL, ERR, PUSH, REPLY
from dcc_mcp_plugin.registry import Registry

# The script waits for this file, so the test decides when it returns (no sleeps as synchronisation).
WAIT_FOR_FILE = "import os, time\nwhile not os.path.exists(%r):\n    time.sleep(0.005)\nreturn 'released'"


class FaultsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pyfaults-")
        os.environ["DCC_MCP_STUCK_AFTER_S"] = "0.3"
        try:
            cls.proc, cls.ready = helpers.start_standalone(cls.dir, "maya")
        finally:
            del os.environ["DCC_MCP_STUCK_AFTER_S"]

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
        cls.proc.wait()
        cls.proc.stdout.close()
        cls.proc.stderr.close()

    def setUp(self):
        self.c = helpers.Client(self.ready["address"], timeout=30)

    def tearDown(self):
        self.c.close()

    def execute(self, code, timeout_ms=5000):
        return self.c.call("dcc.execute", {"code": code, "timeout_ms": timeout_ms})

    def test_sys_exit_does_not_end_the_plugin(self):
        t, err = self.execute("import sys\nsys.exit(0)")
        self.assertEqual((t, err["code"]), (ERR, "SCRIPT_ERROR"))
        self.assertIn("SystemExit", err["message"])
        self.assertIsNone(self.proc.poll())
        self.assertEqual(self.execute("return 'alive'")[1]["result"]["output"], "alive")

    def test_blocking_sleep_is_interrupted_by_the_timeout(self):
        started = time.monotonic()
        t, err = self.execute("import time\ntime.sleep(30)", timeout_ms=300)
        self.assertEqual((t, err["code"]), (ERR, "TIMEOUT"))
        self.assertLess(time.monotonic() - started, 20, "time.sleep(30) ran to its end")
        self.assertEqual(self.execute("return 1")[1]["result"]["output"], 1)

    def test_cancelled_and_abandoned_queued_calls_never_run(self):
        gate = os.path.join(self.dir, "gate-%d" % time.time_ns())
        blocker = self.c.send_call("dcc.execute", {"code": WAIT_FOR_FILE % gate, "timeout_ms": 20000})
        cancelled = self.c.send_call("dcc.call_tool", {"name": "create_object", "arguments": {"name": "ghost_cancelled"}})
        abandoned = self.c.send_call("dcc.call_tool", {"name": "create_object", "arguments": {"name": "ghost_abandoned"}}, timeout_ms=50)
        sent = time.monotonic()
        self.c.send(CANCEL, cancelled, {"reason": "the agent gave up"})
        t, _, err = self.c.next_frame(cancelled, types=(ERR,))
        self.assertEqual(err["message"], "cancelled: the agent gave up (it had not started)")
        while time.monotonic() - sent < 0.1:  # let the abandoned call's 50 ms deadline pass while it is queued
            time.sleep(0.01)
        open(gate, "w").close()
        self.assertEqual(self.c.next_frame(blocker, types=(REPLY, ERR))[2]["result"]["output"], "released")
        t, _, err = self.c.next_frame(abandoned, types=(ERR,))
        self.assertIn("deadline passed", err["message"])
        objects = self.c.call("dcc.call_tool", {"name": "get_scene_summary"})[1]["result"]
        self.assertNotIn("ghost_cancelled", str(objects))
        self.assertNotIn("ghost_abandoned", str(objects))

    def test_other_threads_output_stays_out_of_the_result(self):
        gate = os.path.join(self.dir, "noise-%d" % time.time_ns())
        start_noise = "import os, threading, time, sys\ndef noise():\n    while not os.path.exists(%r):\n        sys.stdout.write('noise\\n')\n        time.sleep(0.001)\nthreading.Thread(target=noise, daemon=True).start()\nreturn 'started'" % gate
        self.assertEqual(self.execute(start_noise)[1]["result"]["output"], "started")
        try:
            r = self.execute("import time\nprint('mine')\nfor i in range(30):\n    time.sleep(0.002)\nprint('done')")[1]["result"]
        finally:
            open(gate, "w").close()
        self.assertEqual(r["stdout"], "mine\ndone\n")

    def test_a_result_over_the_frame_limit_is_an_error_and_the_connection_lives(self):
        t, err = self.execute("return 'x' * (20 * 1024 * 1024)", timeout_ms=20000)
        self.assertEqual((t, err["code"]), (ERR, "RESULT_TOO_LARGE"))
        self.assertIn("over the %d-byte limit" % (16 * 1024 * 1024 - 9), err["message"])
        self.assertEqual(self.execute("return 'same connection'")[1]["result"]["output"], "same connection")

    def test_zz_a_main_thread_that_does_not_return_is_reported_stuck_and_refuses_work(self):
        # Blocking the interrupt signal makes time.sleep() uninterruptible, as a native call in a GUI host would be.
        code = "import signal, time\nsignal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])\ntry:\n    time.sleep(1.5)\nfinally:\n    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])"
        seq = self.c.send_call("dcc.execute", {"code": code, "timeout_ms": 100})
        t, _, push = self.c.next_frame(0, types=(PUSH,))
        self.assertEqual((push["topic"], push["data"]["state"]), ("status", "stuck"))
        t, refused = self.c.call("dcc.call_tool", {"name": "get_scene_summary"})
        self.assertEqual((t, refused["code"]), (ERR, "NOT_RESPONDING"))
        self.assertIn("main thread is stuck", refused["message"])
        t, _, err = self.c.next_frame(seq, types=(ERR,))
        self.assertEqual(err["code"], "TIMEOUT")
        t, _, push = self.c.next_frame(0, types=(PUSH,))
        self.assertEqual((push["topic"], push["data"]), ("status", {"state": "ok"}))
        self.assertEqual(self.execute("return 'back'")[1]["result"]["output"], "back")


class ParentPidTest(unittest.TestCase):
    def test_the_plugin_exits_and_removes_its_row_when_its_parent_dies(self):
        d = tempfile.mkdtemp(prefix="pyparent-")
        parent = subprocess.Popen([sys.executable, "-c", "import time\ntime.sleep(60)"])
        proc = None
        try:
            proc, ready = helpers.start_standalone(d, "maya", ["--parent-pid", str(parent.pid)])
            rows = lambda: [r for r in Registry(d).list_all() if r.get("instance_id") == ready["instance_id"]]
            self.assertEqual(len(rows()), 1)
            parent.kill()
            parent.wait()
            self.assertEqual(proc.wait(timeout=10), 0)
            self.assertEqual(rows(), [])
        finally:
            parent.kill()
            parent.wait()
            if proc is not None:
                if proc.poll() is None:
                    proc.kill()
                proc.stdout.close()
                proc.stderr.close()


if __name__ == "__main__":
    unittest.main()
