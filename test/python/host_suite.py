"""The shared host test suite: every host (standalone, Blender in real Blender, Maya / Houdini / 3ds Max against
their stand-ins) passes the same checks of the host interface (dcc_mcp_plugin/host.py):
work runs on the main thread after a wake, scene and selection changes are pushed, transforms are world space
in cm / Y-up / Euler XYZ degrees with a bounding box, the heartbeat never calls the host and keeps the row's
display name and metadata, and detach leaves no callback behind.

A host's test case mixes in `HostSuite` and implements the driver methods below."""
import tempfile
import threading

from dcc_mcp_plugin import DccPlugin
from dcc_mcp_plugin.frame import REPLY
from dcc_mcp_plugin.registry import read_rows


class Conn(object):
    def __init__(self):
        self.sent = []

    def send(self, *frame):
        self.sent.append(frame)


class HostSuite(object):
    # ---- driver (per host) ----
    def make_host(self):
        raise NotImplementedError

    def run_main(self):
        """Runs what the host scheduled on the DCC's main thread (its idle / deferred / timer mechanism)."""
        raise NotImplementedError

    def open_scene(self, name):
        """The application opens or saves a scene called `name` (its scene event fires)."""
        raise NotImplementedError

    def select_in_app(self, names):
        """The user selects `names` in the application (its selection event fires)."""
        raise NotImplementedError

    def an_object(self):
        """The name of an object in the scene."""
        raise NotImplementedError

    def callbacks_left(self):
        """How many of the host's callbacks the application still holds."""
        return 0

    # ---- fixture ----
    def setUp(self):
        self.reg = tempfile.mkdtemp(prefix="hostsuite-")
        self.host = self.make_host()
        self.main = threading.get_ident()
        self.plugin = DccPlugin(self.host, registry_dir=self.reg, framing="ipckit")
        self.plugin.start()
        self.host.attach(self.plugin)
        self.pushes = []
        original = self.plugin.push
        self.plugin.push = lambda topic, data=None: (self.pushes.append((topic, data)), original(topic, data))

    def tearDown(self):
        self.host.detach()
        self.plugin.stop()

    def call(self, seq, method, params=None):
        """Delivers a Call from a reader thread (as the socket server does), then lets the main thread run."""
        conn = Conn()
        t = threading.Thread(target=self.plugin._on_frame, args=(conn, 1, seq, {"method": method, "params": params or {}}))
        t.start()
        t.join()
        self.run_main()
        replies = [f for f in conn.sent if f[1] == seq]
        self.assertTrue(replies, "no reply to %s after running the main thread" % method)
        self.assertEqual(replies[0][0], REPLY, replies[0])
        return replies[0][2]["result"]

    # ---- the suite ----
    def test_work_runs_on_the_main_thread_after_a_wake(self):
        out = self.call(1, "dcc.execute", {"code": "import threading\nreturn threading.get_ident()"})
        self.assertEqual(out["output"], self.main)

    def test_hello_describes_the_host(self):
        hello = self.call(2, "dcc.hello", {"protocol": 1})
        self.assertEqual(hello["info"]["dcc_type"], self.host.dcc_type)
        self.assertTrue(hello["capabilities"]["transform"])

    def test_scene_change_is_pushed_and_the_row_follows(self):
        self.open_scene("shot_010")
        scenes = [d["scene"] for t, d in self.pushes if t == "scene.changed"]
        self.assertTrue(scenes and "shot_010" in scenes[-1], self.pushes)
        beat = threading.Thread(target=self.plugin.beat)
        beat.start()
        beat.join()
        row = [r for r in read_rows(self.reg) if r["instance_id"] == self.plugin.instance_id][0]
        self.assertIn("shot_010", row["scene"])

    def test_selection_change_is_pushed(self):
        name = self.an_object()
        self.select_in_app([name])
        sel = [d["selection"] for t, d in self.pushes if t == "selection.changed"]
        self.assertTrue(sel and sel[-1] == [name], self.pushes)

    def test_transforms_are_world_cm_y_up_euler_xyz_with_a_bounding_box(self):
        name = self.an_object()
        got = self.call(3, "transform.set", {"name": name, "translate": [10.0, 20.0, 30.0], "rotate": [0.0, 45.0, 0.0], "scale": [1.0, 2.0, 1.0]})
        for key, want in (("translate", [10.0, 20.0, 30.0]), ("rotate", [0.0, 45.0, 0.0]), ("scale", [1.0, 2.0, 1.0])):
            self.assertEqual([round(v, 3) for v in got[key]], want, (key, got))
        again = self.call(4, "transform.get", {"name": name})
        self.assertEqual([round(v, 3) for v in again["translate"]], [10.0, 20.0, 30.0])
        box = self.call(5, "transform.get_bounding_box", {"name": name})
        for i in range(3):
            self.assertLessEqual(box["min"][i], again["translate"][i] + 1e-6)
            self.assertGreaterEqual(box["max"][i], again["translate"][i] - 1e-6)
        # Scaled 2× along Y (up): the box is taller than it is wide.
        self.assertGreater(box["max"][1] - box["min"][1], box["max"][0] - box["min"][0] + 1e-6)

    def test_heartbeat_never_calls_the_host_and_restores_the_row_whole(self):
        off_main = []
        for attr in [a for a in dir(self.host) if not a.startswith("_") and callable(getattr(self.host, a))]:
            fn = getattr(self.host, attr)

            def spy(*a, _fn=fn, _name=attr, **kw):
                if threading.get_ident() != self.main:
                    off_main.append(_name)
                return _fn(*a, **kw)

            setattr(self.host, attr, spy)
        before = [r for r in read_rows(self.reg) if r["instance_id"] == self.plugin.instance_id][0]
        self.plugin.registry.deregister(self.host.dcc_type, self.plugin.instance_id)
        beat = threading.Thread(target=self.plugin.beat)
        beat.start()
        beat.join()
        after = [r for r in read_rows(self.reg) if r["instance_id"] == self.plugin.instance_id]
        self.assertEqual(off_main, [])
        self.assertEqual(len(after), 1)
        for key in ("display_name", "metadata", "version", "scene", "transport_address"):
            self.assertEqual(after[0][key], before[key], key)
        self.assertEqual(after[0]["metadata"].get("framing"), "ipckit")

    def test_detach_leaves_no_callback(self):
        self.host.detach()
        self.assertEqual(self.callbacks_left(), 0)
        self.assertIsNone(self.plugin.wake)
