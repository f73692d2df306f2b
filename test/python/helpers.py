"""Shared helpers for the plugin tests: import path, a tiny DccLink client, subprocess control."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PLUGIN_DIR = os.path.join(ROOT, "resources", "dcc-plugin")
if PLUGIN_DIR not in sys.path:
    sys.path.insert(0, PLUGIN_DIR)
# The built-in codec is what runs in a DCC without the msgpack package: test that one.
os.environ.setdefault("DCC_MCP_PLUGIN_MSGPACK", "builtin")
# One DccLink secret for this test run, shared with every plugin process it starts (they inherit the env).
os.environ.setdefault("DCC_MCP_SECRET_FILE", os.path.join(tempfile.mkdtemp(prefix="dcc-mcp-test-secret-"), "link.secret"))

from dcc_mcp_plugin import auth, codec  # noqa: E402
from dcc_mcp_plugin.frame import CALL, FrameDecoder, encode_frame  # noqa: E402


class CallError(RuntimeError):
    """An Err answer: `.body` is its {code, message, ...}."""

    def __init__(self, body):
        RuntimeError.__init__(self, "%s: %s" % (body.get("code"), body.get("message")))
        self.body = body


class Client(object):
    """A minimal hub-side DccLink client over a Unix socket or TCP. It proves the DccLink secret first (as the
    hub does) unless `secret=False`; pass other bytes to try a wrong secret."""

    def __init__(self, address, timeout=10.0, secret=None):
        self.address = address
        if address.startswith("unix://"):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.connect(address[len("unix://"):])
        else:
            host, port = address[len("tcp://"):].rsplit(":", 1)
            self.sock = socket.create_connection((host, int(port)))
        self.sock.settimeout(timeout)
        self.decoder = FrameDecoder()
        self.frames = []
        self.seq = 0
        if secret is not False:
            try:
                self.authenticate(secret)
            except Exception:
                self.sock.close()
                raise

    def authenticate(self, secret=None):
        """The hub's side of the handshake; raises CallError / auth.SecretError when refused."""
        return auth.authenticate_hub(self.result, auth.load_or_create_secret() if secret is None else secret, self.address)

    def result(self, method, params=None):
        t, body = self.call(method, params)
        if t != 2:
            raise CallError(body)
        return body["result"]

    def send_call(self, method, params=None, timeout_ms=None):
        self.seq += 1
        body = {"method": method, "params": params or {}}
        if timeout_ms:
            body["timeout_ms"] = timeout_ms
        self.sock.sendall(encode_frame(CALL, self.seq, codec.packb(body)))
        return self.seq

    def send(self, msg_type, seq, body=None):
        self.sock.sendall(encode_frame(msg_type, seq, b"" if body is None else codec.packb(body)))

    def next_frame(self, want_seq=None, types=None):
        while True:
            for i, (t, s, b) in enumerate(self.frames):
                if (want_seq is None or s == want_seq) and (types is None or t in types):
                    del self.frames[i]
                    return t, s, codec.unpackb(b) if b else None
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError("connection closed")
            self.frames.extend(self.decoder.feed(chunk))

    def call(self, method, params=None, timeout_ms=None):
        seq = self.send_call(method, params, timeout_ms)
        t, _, body = self.next_frame(seq, types=(2, 3))
        return t, body

    def close(self):
        self.sock.close()


def require_tool(test, name, found):
    """Skips loudly without `name` on a developer machine; fails under CI=true, where it is installed."""
    if found:
        return
    if os.environ.get("CI") == "true":
        test.fail("%s is required under CI=true (.ci/run installs it) but was not found" % name)
    sys.stderr.write("\n*** SKIPPING: %s is not installed on this machine ***\n" % name)
    test.skipTest("%s not installed" % name)


def start_standalone(registry_dir, dcc="maya", extra=()):
    """Starts run_standalone.py; returns (process, ready dict)."""
    proc = subprocess.Popen([sys.executable, os.path.join(PLUGIN_DIR, "run_standalone.py"), "--dcc", dcc, "--registry-dir", registry_dir] + list(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    return proc, wait_ready(proc)


def wait_ready(proc, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = proc.stdout.readline()
        if line.startswith("DCC_MCP_PLUGIN_READY "):
            return json.loads(line[len("DCC_MCP_PLUGIN_READY "):])
        if not line and proc.poll() is not None:
            raise RuntimeError("plugin exited %s: %s" % (proc.returncode, proc.stderr.read()))
    raise RuntimeError("no ready line within %.0f s" % timeout)


def assert_link_auth(test, address):
    """The DccLink authentication contract (SPEC §2) against a running plugin at `address`: a client that skips
    the handshake gets PERMISSION_DENIED for everything; a wrong secret is refused and dropped; the right one is
    served. Shared by the standalone and Blender tests."""
    from dcc_mcp_plugin.frame import ERR, REPLY

    raw = Client(address, secret=False)
    try:
        for method in ("dcc.execute", "dcc.hello", "dcc.call_tool", "scene.info", "dcc.auth_prove"):
            t, body = raw.call(method, {"code": "return 1", "name": "get_scene_summary", "mac": "0" * 64})
            test.assertEqual((t, body["code"]), (ERR, "PERMISSION_DENIED"), (method, body))
        test.assertRaises(EOFError, raw.next_frame)  # a proof without a challenge ends the connection
    finally:
        raw.close()

    wrong = Client(address, secret=False)
    try:
        hub_nonce = "ab" * 32
        answer = wrong.result(auth.CHALLENGE, {"hub_nonce": hub_nonce})
        test.assertEqual(answer["endpoint"], address)
        bad = auth.mac(b"\x01" * 32, "hub", hub_nonce, answer["plugin_nonce"], address)
        t, body = wrong.call(auth.PROVE, {"mac": bad})
        test.assertEqual((t, body["code"]), (ERR, "PERMISSION_DENIED"), body)
        test.assertIn("authentication failed", body["message"])
        test.assertRaises(EOFError, wrong.next_frame)
    finally:
        wrong.close()

    # The client checks the DCC's proof too: with the wrong secret it refuses before proving anything.
    test.assertRaises(auth.SecretError, Client, address, 10.0, b"\x02" * 32)

    good = Client(address)
    try:
        t, body = good.call("dcc.execute", {"code": "return 6 * 7"})
        test.assertEqual((t, body["result"]["output"]), (REPLY, 42), body)
    finally:
        good.close()


def wait_for(predicate, what, timeout=10.0):
    """Polls `predicate` until it is truthy or `timeout` passes (then fails naming `what`)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.005)
    raise AssertionError("timed out waiting for %s" % what)


class StandaloneCase(unittest.TestCase):
    """One real standalone plugin (`maya`) for the whole class, and a fresh authenticated Client per test (`self.c`)."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pystand-")
        cls.proc, cls.ready = start_standalone(cls.dir, "maya")

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
        cls.proc.stdout.close()
        cls.proc.stderr.close()

    def setUp(self):
        self.c = Client(self.ready["address"])

    def tearDown(self):
        self.c.close()
