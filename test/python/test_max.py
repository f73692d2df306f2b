"""The 3ds Max host against the 3ds Max STAND-IN (stand_ins/pymxs, stand_ins/PySide2: not 3ds Max, not Qt)
through the shared host suite, plus: the reader thread wakes Max only through a queued Qt signal, inches Z-up
scenes become cm Y-up, shutdown removes the row."""
import os
import sys
import threading
import unittest

import helpers  # noqa: F401  (sets sys.path)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "stand_ins"))

import _scene  # noqa: E402
from PySide2 import QtCore  # noqa: E402  (the stand-in)
from pymxs import runtime as rt  # noqa: E402  (the stand-in)

from dcc_mcp_plugin.hosts.max import CALLBACK_ID, MaxHost  # noqa: E402
from host_suite import Conn, HostSuite  # noqa: E402


class MaxHostSuite(HostSuite, unittest.TestCase):
    def make_host(self):
        _scene.MAIN["ident"] = threading.get_ident()
        _scene.SCENE.reset(up="z", unit="inches")
        rt.callbacks.scripts = []
        del QtCore.EVENTS[:]
        return MaxHost(rt, QtCore)

    def run_main(self):
        QtCore.run_main()

    def open_scene(self, name):
        _scene.SCENE.name = "C:/proj/%s.max" % name
        rt.callbacks.fire("filePostOpen")

    def select_in_app(self, names):
        _scene.SCENE.selection = list(names)
        rt.callbacks.fire("selectionSetChanged")

    def an_object(self):
        return "pCube1"

    def callbacks_left(self):
        return sum(1 for s in rt.callbacks.scripts if s[2] == CALLBACK_ID)

    def test_reader_thread_only_emits_a_signal_and_inches_z_up_become_cm_y_up(self):
        conn = Conn()
        t = threading.Thread(target=lambda: [self.plugin._on_frame(conn, 1, s, {"method": "dcc.hello"}) for s in (7, 8)])
        t.start()
        t.join()
        self.assertEqual(len(QtCore.EVENTS), 1, "one queued wake per burst")
        QtCore.run_main()
        self.assertEqual(len(conn.sent), 2)
        _scene.SCENE.objects["pCube1"].update(t=[1.0, 2.0, 3.0], r=[0.0, 0.0, 90.0])
        got = self.call(9, "transform.get", {"name": "pCube1"})
        self.assertEqual([round(v, 3) for v in got["translate"]], [2.54, 7.62, -5.08])
        self.assertEqual([round(v, 3) for v in got["rotate"]], [0.0, 90.0, 0.0])

    def test_shutdown_removes_the_row(self):
        rt.callbacks.fire("preSystemShutdown")
        self.assertTrue(self.plugin.stopped.is_set())


if __name__ == "__main__":
    unittest.main()
