"""Real Blender 3.4 in background mode as a DCC (skips loudly without Blender; fails under CI=true)."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import helpers
from dcc_mcp_plugin.frame import PUSH, REPLY
from dcc_mcp_plugin.registry import read_rows


class BlenderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.blender = shutil.which("blender")
        if not cls.blender:
            return
        cls.dir = tempfile.mkdtemp(prefix="pyblender-")
        cls.proc = subprocess.Popen([cls.blender, "-b", "--factory-startup", "--python", os.path.join(helpers.PLUGIN_DIR, "run_blender.py"), "--", "--registry-dir", cls.dir], stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        cls.ready = helpers.wait_ready(cls.proc, timeout=60)

    @classmethod
    def tearDownClass(cls):
        if cls.blender and cls.proc.poll() is None:
            cls.proc.kill()
            cls.proc.wait()
        if cls.blender:
            cls.proc.stdout.close()
            cls.proc.stderr.close()

    def setUp(self):
        helpers.require_tool(self, "blender", self.blender)
        self.c = helpers.Client(self.ready["address"], timeout=60)

    def tearDown(self):
        self.c.close()

    def test_link_authentication(self):
        """A client without the DccLink secret cannot run anything in Blender; a wrong one is dropped."""
        helpers.assert_link_auth(self, self.ready["address"])

    def test_resources_prompt_and_pushes_from_the_real_scene(self):
        iid = self.ready["instance_id"]
        _, hello = self.c.call("dcc.hello", {"protocol": 1})
        self.assertIn("dcc://%s/objects" % iid, [r["uri"] for r in hello["result"]["resources"]])
        self.assertEqual([p["name"] for p in hello["result"]["prompts"]], ["review_scene"])
        _, obj = self.c.call("dcc.read_resource", {"uri": "dcc://%s/objects/Cube" % iid})
        self.assertIn('"object_type": "mesh"', obj["result"]["text"])
        _, prompt = self.c.call("dcc.get_prompt", {"name": "review_scene", "arguments": {}})
        self.assertIn("- Cube (mesh)", prompt["result"]["messages"][0]["content"]["text"])
        # An agent's script adds an object: the plugin pushes scene.changed (the hub updates subscribers).
        _, r = self.c.call("dcc.execute", {"code": "import bpy\nbpy.ops.mesh.primitive_uv_sphere_add()\nreturn bpy.context.active_object.name"})
        name = r["result"]["output"]
        self.assertTrue(name.startswith("Sphere"), name)
        pushes = []
        while "scene.changed" not in [p["topic"] for p in pushes]:
            pushes.append(self.c.next_frame(0, types=(PUSH,))[2])
        self.assertIn("untitled", [p["data"]["scene"] for p in pushes if p["topic"] == "scene.changed"][0])
        self.c.call("dcc.call_tool", {"name": "delete_object", "arguments": {"name": name}})

    def test_hello_and_real_catalog(self):
        _, hello = self.c.call("dcc.hello", {"protocol": 1})
        info = hello["result"]["info"]
        self.assertEqual(info["dcc_type"], "blender")
        self.assertTrue(info["version"].startswith("3."))
        self.assertGreater(hello["result"]["catalog_size"], 1000)
        _, cat = self.c.call("dcc.catalog", {"offset": 0, "limit": 5000})
        names = {c["name"]: c for c in cat["result"]["commands"]}
        self.assertIn("Merge by Distance", names["mesh.remove_doubles"]["description"])

    def test_execute_bpy(self):
        t, body = self.c.call("dcc.execute", {"code": "import bpy\nbpy.ops.mesh.primitive_uv_sphere_add()\nreturn [o.name for o in bpy.data.objects]", "timeout_ms": 30000})
        self.assertEqual(t, REPLY, body)
        self.assertIn("Sphere", body["result"]["output"])

    def test_scene_traits(self):
        _, info = self.c.call("scene.info")
        self.assertGreaterEqual(info["result"]["statistics"]["object_count"], 3)
        _, objs = self.c.call("scene.list_objects")
        self.assertIn("Cube", [o["name"] for o in objs["result"]])
        _, tr = self.c.call("transform.set", {"name": "Cube", "translate": [1, 2, 3], "rotate": [0, 0, 90]})
        self.assertEqual([round(v, 4) for v in tr["result"]["translate"]], [1.0, 2.0, 3.0])
        self.assertAlmostEqual(self.c.call("transform.get", {"name": "Cube"})[1]["result"]["rotate"][2], 90.0, places=3)
        _, sel = self.c.call("scene.set_selection", {"names": ["Camera"]})
        self.assertEqual(sel["result"], ["Camera"])
        _, tree = self.c.call("hierarchy.get")
        self.assertTrue(any(n["object"]["name"] == "Cube" for n in tree["result"]))
        _, cap = self.c.call("render.capture_viewport", {"width": 64, "height": 48})
        self.assertEqual(cap["result"]["data"][:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(cap["result"]["source"], "camera", "background Blender has no viewport: it renders the camera")

    def test_zz_sigterm_exits_and_removes_the_row(self):
        self.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.proc.wait(timeout=15), 0)
        self.assertEqual(read_rows(self.dir), [])


class BlenderHostSuiteTest(unittest.TestCase):
    """The shared host suite inside real Blender (blender_host_suite.py)."""

    def test_shared_host_suite_passes_in_real_blender(self):
        blender = shutil.which("blender")
        helpers.require_tool(self, "blender", blender)
        r = subprocess.run([blender, "-b", "--factory-startup", "--python", os.path.join(os.path.dirname(os.path.abspath(__file__)), "blender_host_suite.py")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=240)
        tail = "\n".join(l for l in r.stdout.splitlines() if "WARN" not in l)[-3000:]
        self.assertEqual(r.returncode, 0, tail)
        self.assertRegex(tail, r"Ran \d+ tests")


def packaged_addon(test, prefix):
    """Blender and xvfb-run (the test fails under CI=true without them, else skips), and the add-on zip in a new temp
    dir: (blender, xvfb, tmp, zip_path)."""
    blender, xvfb = shutil.which("blender"), shutil.which("xvfb-run")
    helpers.require_tool(test, "blender", blender)
    helpers.require_tool(test, "xvfb-run", xvfb)
    tmp = tempfile.mkdtemp(prefix=prefix)
    zip_path = os.path.join(tmp, "dcc_mcp_hub.zip")
    subprocess.check_call([sys.executable, os.path.join(helpers.ROOT, "scripts", "package-blender-addon.py"), zip_path], stdout=subprocess.DEVNULL)
    return blender, xvfb, tmp, zip_path


class BlenderAddonPreferenceTest(unittest.TestCase):
    """GUI Blender (Xvfb) with saved user preferences: a saved "Serve the hub: off" is honoured at the next
    launch; turned on, it serves; quitting Blender removes the row and the socket."""

    def test_saved_preference_and_cleanup_at_quit(self):
        blender, xvfb, tmp, zip_path = packaged_addon(self, "pyaddonpref-")
        env = dict(os.environ, BLENDER_USER_CONFIG=os.path.join(tmp, "config"), BLENDER_USER_SCRIPTS=os.path.join(tmp, "scripts"))
        probe = os.path.join(os.path.dirname(os.path.abspath(__file__)), "blender_gui_probe.py")
        saved = subprocess.run([blender, "-b", "--python", probe, "--", "save-off", zip_path], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=120)
        self.assertIn('DCC_MCP_PROBE {"saved": true}', saved.stdout, saved.stdout[-2000:])
        reg = os.path.join(tmp, "reg")
        os.makedirs(reg)
        gui = subprocess.run([xvfb, "-a", blender, "--python", probe, "--", "probe", reg], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=120)
        reports = [json.loads(l.split(" ", 1)[1]) for l in gui.stdout.splitlines() if l.startswith("DCC_MCP_PROBE ")]
        self.assertEqual(len(reports), 2, gui.stdout[-3000:])
        self.assertEqual(reports[0], {"stage": "start", "loaded": True, "serving": False, "rows": 0})
        self.assertTrue(reports[1]["serving"] and reports[1]["rows"] == 1, reports[1])
        self.assertEqual(read_rows(reg), [], "quitting Blender must remove the row")
        self.assertFalse(os.path.exists(reports[1]["socket"][len("unix://"):]), "quitting Blender must remove the socket")



class BlenderAddonGuiTest(unittest.TestCase):
    """The installable add-on in GUI Blender (under Xvfb): installs, enables, registers, serves from its timer pump."""

    def test_addon_serves_from_gui_blender(self):
        blender, xvfb, tmp, zip_path = packaged_addon(self, "pyaddon-")
        reg = os.path.join(tmp, "reg")
        proc = subprocess.Popen([xvfb, "-a", blender, "--factory-startup", "--python", os.path.join(helpers.ROOT, "bench", "peers", "blender_gui_enable.py"), "--", zip_path, reg], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.time() + 90
            rows = []
            while time.time() < deadline and not rows:
                rows = read_rows(reg)
                time.sleep(0.2)
            self.assertTrue(rows, "GUI Blender with the add-on never registered")
            c = helpers.Client("unix://" + rows[0]["transport_address"]["path"], timeout=30)
            try:
                _, hello = c.call("dcc.hello", {"protocol": 1})
                self.assertEqual(hello["result"]["info"]["metadata"]["background"], "false")
                t, body = c.call("dcc.execute", {"code": "import bpy\nreturn [bpy.app.background, len(bpy.data.objects)]"})
                self.assertEqual(t, REPLY, body)
                self.assertEqual(body["result"]["output"][0], False)
                # An edit made in Blender itself, outside any hub call (a timer stands in for the user): the
                # depsgraph handler marks the scene dirty and the pump pushes scene.changed.
                code = "import bpy\ndef later():\n    o = bpy.data.objects.new('UserEmpty', None)\n    bpy.context.scene.collection.objects.link(o)\nbpy.app.timers.register(later, first_interval=0.3)\nreturn 'scheduled'"
                t, body = c.call("dcc.execute", {"code": code})
                self.assertEqual(body["result"]["output"], "scheduled", body)
                # The new object also changes what the viewport shows: `viewport.changed` may come first.
                topics = []
                while "scene.changed" not in topics and len(topics) < 5:
                    _, _, push = c.next_frame(0, types=(PUSH,))
                    topics.append(push["topic"])
                self.assertEqual(push["topic"], "scene.changed", topics)
                self.assertLessEqual(set(topics), {"scene.changed", "viewport.changed", "selection.changed"})
                self.assertGreaterEqual(push["data"]["object_count"], 4)
            finally:
                c.close()
            # The installed add-on enforces the DccLink handshake like every other entry point.
            helpers.assert_link_auth(self, "unix://" + rows[0]["transport_address"]["path"])
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


if __name__ == "__main__":
    unittest.main()
