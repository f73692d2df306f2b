"""Shared helpers for the plugin tests: import path, a tiny DccLink client, subprocess control."""
import json
import os
import socket
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PLUGIN_DIR = os.path.join(ROOT, "resources", "dcc-plugin")
if PLUGIN_DIR not in sys.path:
    sys.path.insert(0, PLUGIN_DIR)
# The built-in codec is what runs in a DCC without the msgpack package: test that one.
os.environ.setdefault("DCC_MCP_PLUGIN_MSGPACK", "builtin")

from dcc_mcp_plugin import codec  # noqa: E402
from dcc_mcp_plugin.frame import CALL, FrameDecoder, encode_frame  # noqa: E402


class Client(object):
    """A minimal hub-side DccLink client over a Unix socket or TCP."""

    def __init__(self, address, timeout=10.0):
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
