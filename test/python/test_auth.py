"""DccLink authentication and the private registry dir (SPEC §1–2, v0.2), through the real standalone plugin."""
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import unittest

import helpers
from dcc_mcp_plugin import DccPlugin, auth, paths, registry
from dcc_mcp_plugin.host import HostAdapter
from dcc_mcp_plugin.frame import ERR, PING, PONG, PUSH

NOBODY = 65534


class SecretFileTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pysecret-")
        self.path = os.path.join(self.dir, "cfg", "dcc-mcp", "link.secret")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_created_once_0600_and_read_back(self):
        secret = auth.load_or_create_secret(self.path)
        self.assertEqual(len(secret), 32)
        self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.path)).st_mode), 0o700)
        with open(self.path) as f:
            self.assertEqual(f.read().strip(), secret.hex())
        self.assertEqual(auth.load_or_create_secret(self.path), secret)
        self.assertEqual(os.listdir(os.path.dirname(self.path)), ["link.secret"], "no temp file left behind")

    def test_racing_creators_all_get_the_same_secret(self):
        got = []
        threads = [threading.Thread(target=lambda: got.append(auth.load_or_create_secret(self.path))) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(set(got)), 1)
        self.assertEqual(len(got), 8)

    def test_a_file_others_can_read_or_that_is_not_ours_is_refused(self):
        auth.load_or_create_secret(self.path)
        os.chmod(self.path, 0o644)
        with self.assertRaisesRegex(auth.SecretError, "readable or writable by other users.*chmod 600"):
            auth.load_or_create_secret(self.path)
        os.chmod(self.path, 0o600)
        os.chown(self.path, NOBODY, NOBODY)
        with self.assertRaisesRegex(auth.SecretError, "belongs to uid %d, not to you" % NOBODY):
            auth.load_or_create_secret(self.path)

    def test_garbage_is_refused(self):
        os.makedirs(os.path.dirname(self.path))
        with open(self.path, "w") as f:
            f.write("hunter2")
        os.chmod(self.path, 0o600)
        with self.assertRaisesRegex(auth.SecretError, "not 64 hex characters"):
            auth.load_or_create_secret(self.path)

    def test_default_location(self):
        self.assertEqual(paths.secret_file({"XDG_CONFIG_HOME": "/cfg", "HOME": "/h"}, nt=False), "/cfg/dcc-mcp/link.secret")
        self.assertEqual(paths.secret_file({"HOME": "/h"}, nt=False), "/h/.config/dcc-mcp/link.secret")
        self.assertEqual(paths.secret_file({"HOME": "/h", "DCC_MCP_SECRET_FILE": "/s"}, nt=False), "/s")


class RegistryDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pyregdir-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_default_names(self):
        self.assertEqual(paths.default_registry_dir({"XDG_RUNTIME_DIR": "/run/user/7/"}, uid=7, nt=False), "/run/user/7/dcc-mcp-registry")
        self.assertEqual(paths.default_registry_dir({"TMPDIR": "/var/tmp/"}, uid=7, nt=False), "/var/tmp/dcc-mcp-registry-7")
        self.assertEqual(paths.default_registry_dir({}, uid=0, nt=False), "/tmp/dcc-mcp-registry-0")

    def test_default_created_0700(self):
        d = paths.ensure_private_dir(os.path.join(self.tmp, "reg"))
        self.assertEqual(stat.S_IMODE(os.stat(d).st_mode), 0o700)
        self.assertEqual(paths.ensure_private_dir(d), d)

    def test_world_writable_foreign_or_symlinked_dir_refused(self):
        d = os.path.join(self.tmp, "open")
        os.mkdir(d)
        os.chmod(d, 0o777)
        with self.assertRaisesRegex(paths.UnsafePathError, "writable by other users \\(mode 777\\).*--registry-dir"):
            paths.ensure_private_dir(d)
        theirs = os.path.join(self.tmp, "theirs")
        os.mkdir(theirs, 0o700)
        os.chown(theirs, NOBODY, NOBODY)
        with self.assertRaisesRegex(paths.UnsafePathError, "belongs to uid %d" % NOBODY):
            paths.ensure_private_dir(theirs)
        link = os.path.join(self.tmp, "link")
        os.symlink(self.tmp, link)
        with self.assertRaisesRegex(paths.UnsafePathError, "not a directory"):
            paths.ensure_private_dir(link)

    def test_plugin_refuses_a_planted_default_but_takes_an_explicit_dir(self):
        planted = os.path.join(self.tmp, "dcc-mcp-registry")
        os.mkdir(planted, 0o700)
        os.chown(planted, NOBODY, NOBODY)
        env = dict(os.environ, XDG_RUNTIME_DIR=self.tmp)
        env.pop("DCC_MCP_REGISTRY_DIR", None)
        script = os.path.join(helpers.PLUGIN_DIR, "run_standalone.py")
        r = subprocess.run([sys.executable, script, "--dcc", "maya"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=30)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("belongs to uid %d, not to you" % NOBODY, r.stderr)
        self.assertNotIn("DCC_MCP_PLUGIN_READY", r.stdout)
        # The same dir chosen explicitly is the user's call.
        os.chmod(planted, 0o777)
        proc, ready = helpers.start_standalone(planted, "maya")
        try:
            self.assertTrue(ready["address"])
        finally:
            proc.terminate()
            proc.communicate(timeout=20)

    def test_the_private_default_is_checked_again_before_every_write(self):
        env = {"XDG_RUNTIME_DIR": self.tmp}
        saved = {k: os.environ.pop(k, None) for k in ("XDG_RUNTIME_DIR", "DCC_MCP_REGISTRY_DIR")}
        os.environ.update(env)
        try:
            reg = registry.Registry()
            iid = reg.register("maya", None)
            self.assertTrue(reg.heartbeat("maya", iid))
            # The dir went bad after start (here: opened to everyone): the next write refuses instead of following.
            os.chmod(reg.dir, 0o777)
            with self.assertRaises(paths.UnsafePathError):
                reg.heartbeat("maya", iid)
            os.chmod(reg.dir, 0o700)
            self.assertTrue(reg.heartbeat("maya", iid))
            reg.deregister("maya", iid)
        finally:
            for k, v in saved.items():
                os.environ.pop(k, None)
                if v is not None:
                    os.environ[k] = v

    def test_plugin_creates_the_private_default(self):
        env = dict(os.environ, XDG_RUNTIME_DIR=self.tmp)
        env.pop("DCC_MCP_REGISTRY_DIR", None)
        proc = subprocess.Popen([sys.executable, os.path.join(helpers.PLUGIN_DIR, "run_standalone.py"), "--dcc", "maya"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        try:
            helpers.wait_ready(proc)
            d = os.path.join(self.tmp, "dcc-mcp-registry")
            self.assertEqual(stat.S_IMODE(os.stat(d).st_mode), 0o700)
            self.assertTrue(os.path.exists(os.path.join(d, "services.json")))
        finally:
            proc.terminate()
            proc.communicate(timeout=20)


class StandaloneAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pyauth-")
        cls.proc, cls.ready = helpers.start_standalone(cls.dir, "maya")
        cls.tcp, cls.tcp_ready = helpers.start_standalone(cls.dir, "houdini", ["--transport", "tcp"])

    @classmethod
    def tearDownClass(cls):
        for p in (cls.proc, cls.tcp):
            p.kill()
            p.communicate()

    def test_unix_socket(self):
        self.assertEqual(stat.S_IMODE(os.stat(self.ready["address"][len("unix://"):]).st_mode), 0o600)
        helpers.assert_link_auth(self, self.ready["address"])

    def test_tcp(self):
        helpers.assert_link_auth(self, self.tcp_ready["address"])

    def test_a_proof_is_bound_to_its_connection(self):
        first = helpers.Client(self.ready["address"], secret=False)
        secret = auth.load_or_create_secret()
        hub_nonce = "cd" * 32
        a = first.result(auth.CHALLENGE, {"hub_nonce": hub_nonce})
        proof = auth.mac(secret, "hub", hub_nonce, a["plugin_nonce"], self.ready["address"])
        self.assertEqual(first.result(auth.PROVE, {"mac": proof}), {"authenticated": True})
        # Replayed on a new connection with the same hub nonce: the plugin's nonce is fresh, so it fails.
        second = helpers.Client(self.ready["address"], secret=False)
        b = second.result(auth.CHALLENGE, {"hub_nonce": hub_nonce})
        self.assertNotEqual(a["plugin_nonce"], b["plugin_nonce"])
        t, body = second.call(auth.PROVE, {"mac": proof})
        self.assertEqual((t, body["code"]), (ERR, "PERMISSION_DENIED"))
        self.assertRaises(EOFError, second.next_frame)  # dropped: no second guess on this connection
        first.close()
        second.close()

    def test_before_authenticating_a_peer_cannot_send_big_frames(self):
        raw = helpers.Client(self.ready["address"], secret=False)
        # A frame header declaring 1 MiB (type Call, seq 1) from a peer that has not proved the secret: dropped.
        raw.sock.sendall(struct.pack(">I", 9 + 1024 * 1024) + b"\x01" + struct.pack(">Q", 1))
        t, _, body = raw.next_frame()
        self.assertEqual((t, body["code"]), (ERR, "INVALID_INPUT"))
        self.assertIn("exceeds the limit of 4096", body["message"])
        self.assertRaises(EOFError, raw.next_frame)
        # Once authenticated, big frames are fine (a 100 kB script).
        c = helpers.Client(self.ready["address"])
        self.assertEqual(c.result("dcc.execute", {"code": "x = '%s'\nreturn len(x)" % ("a" * 100000)})["output"], 100000)
        c.close()

    def test_unauthenticated_peers_cannot_keep_the_hub_out(self):
        idle = [helpers.Client(self.ready["address"], secret=False) for _ in range(12)]  # more than the 10 allowed
        hub = helpers.Client(self.ready["address"])  # authenticates: an idle peer made room for it
        self.assertEqual(hub.result("dcc.execute", {"code": "return 7"})["output"], 7)
        hub.close()
        for c in idle:
            c.close()

    def test_a_second_challenge_is_refused(self):
        c = helpers.Client(self.ready["address"])
        t, body = c.call(auth.CHALLENGE, {"hub_nonce": "ef" * 32})
        self.assertEqual((t, body["code"]), (ERR, "UNSUPPORTED"), "once authenticated, calls go on to the plugin")
        c.close()
        raw = helpers.Client(self.ready["address"], secret=False)
        raw.result(auth.CHALLENGE, {"hub_nonce": "ef" * 32})
        t, body = raw.call(auth.CHALLENGE, {"hub_nonce": "ef" * 32})
        self.assertEqual((t, body["code"]), (ERR, "PERMISSION_DENIED"))
        self.assertRaises(EOFError, raw.next_frame)
        raw.close()

    def test_a_connection_that_never_authenticates_is_dropped(self):
        plugin = DccPlugin(HostAdapter(), registry_dir=self.dir)
        address = plugin.start()
        plugin.server.auth.timeout = 0.2  # 10 s in service
        try:
            idle = helpers.Client(address, secret=False)
            good = helpers.Client(address)
            self.assertRaises(EOFError, idle.next_frame)
            helpers.wait_for(lambda: len(plugin.server.conns) == 1, "the idle connection gone")
            good.send(PING, 7, {"ts_ms": 1})
            self.assertEqual(good.next_frame(7)[0], PONG, "an authenticated connection is not affected")
            idle.close()
            good.close()
        finally:
            plugin.stop()

    def test_pushes_reach_only_authenticated_hubs(self):
        plugin = DccPlugin(HostAdapter(), registry_dir=self.dir)
        address = plugin.start()
        try:
            raw = helpers.Client(address, secret=False)
            good = helpers.Client(address)
            plugin.push("scene.changed", {"scene": "secret_project.blend"})
            t, _, push = good.next_frame(types=(PUSH,))
            self.assertEqual(push["data"], {"scene": "secret_project.blend"})
            # The raw client gets nothing but the answer to its own (denied) call.
            t, body = raw.call("dcc.hello")
            self.assertEqual(body["code"], "PERMISSION_DENIED")
            self.assertEqual(raw.frames, [])
            raw.close()
            good.close()
        finally:
            plugin.stop()

if __name__ == "__main__":
    unittest.main()
