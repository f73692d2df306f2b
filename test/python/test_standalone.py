import os
import signal
import tempfile
import unittest

import helpers
import host_suite
from dcc_mcp_plugin.hosts.standalone import StandaloneHost
from dcc_mcp_plugin.frame import CANCEL, ERR, PING, PONG, PROGRESS, REPLY


class StandaloneTest(helpers.StandaloneCase):

    def test_hello_catalog_and_scene_traits(self):
        t, body = self.c.call("dcc.hello", {"hub_version": "t", "protocol": 1})
        self.assertEqual(t, REPLY)
        hello = body["result"]
        self.assertEqual((hello["protocol"], hello["info"]["dcc_type"], hello["instance_id"]), (1, "maya", self.ready["instance_id"]))
        self.assertIn("delete_object", [x["name"] for x in hello["tools"]])
        self.assertTrue(hello["capabilities"]["transform"])
        self.assertGreater(hello["catalog_size"], 200)
        _, cat = self.c.call("dcc.catalog", {"offset": 0, "limit": 50})
        self.assertEqual(len(cat["result"]["commands"]), 50)
        self.assertIn("polySphere", [x["name"] for x in self.c.call("dcc.catalog", {"limit": 5000})[1]["result"]["commands"]])
        _, tr = self.c.call("transform.set", {"name": "crate", "translate": [1, 2, 3]})
        self.assertEqual(tr["result"]["translate"], [1.0, 2.0, 3.0])
        t, err = self.c.call("transform.get", {"name": "nope"})
        self.assertEqual((t, err["code"]), (ERR, "SCENE_ERROR"))
        t, err = self.c.call("no.such.method")
        self.assertEqual((t, err["code"]), (ERR, "UNSUPPORTED"))

    def test_execute_with_output_stdout_dispatch(self):
        _, body = self.c.call("dcc.execute", {"code": "print('made')\nreturn dispatch('create_object', {'name': 'ball'})", "timeout_ms": 5000})
        self.assertEqual(body["result"]["output"], "ball")
        self.assertEqual(body["result"]["stdout"], "made\n")

    def test_pipelined_calls_are_all_answered(self):
        seqs = [self.c.send_call("dcc.execute", {"code": "return %d" % i}) for i in range(10)]
        got = {}
        for s in seqs:
            t, seq, body = self.c.next_frame(s, types=(REPLY, ERR))
            got[seq] = body["result"]["output"]
        self.assertEqual(got, {s: i for i, s in enumerate(seqs)})

    def test_ping_answered_even_while_a_script_runs(self):
        seq = self.c.send_call("dcc.execute", {"code": "import time\ntime.sleep(0.5)\nreturn 1"})
        self.c.send(PING, 777, {"ts_ms": 1})
        t, s, body = self.c.next_frame(777, types=(PONG,))
        self.assertEqual(body, {"ts_ms": 1})
        self.assertEqual(self.c.next_frame(seq, types=(REPLY,))[2]["result"]["output"], 1)

    def test_answers_each_call_in_its_frame_version_and_drops_only_a_bad_version_connection(self):
        from dcc_mcp_plugin.frame import FrameDecoder, encode_frame
        from dcc_mcp_plugin import codec

        def raw_frames(sock, n):
            dec, got = FrameDecoder(), []
            while len(got) < n:
                chunk = sock.recv(1 << 16)
                if not chunk:
                    break
                got += dec.feed(chunk)
            return got

        sock = self.c.sock
        sock.sendall(encode_frame(1, 1, codec.packb({"method": "dcc.hello", "params": {"frame_versions": [0, 1]}}), version=1))
        sock.sendall(encode_frame(7, 2, codec.packb({"ts_ms": 5}), version=1))
        sock.sendall(encode_frame(1, 3, codec.packb({"method": "dcc.execute", "params": {"code": "progress(1)\nreturn 3"}}), version=1))
        sock.sendall(encode_frame(1, 4, codec.packb({"method": "nope"}), version=0))
        frames = raw_frames(sock, 5)
        versions = {(f[0], f[1]): f.version for f in frames}
        self.assertEqual(versions, {(2, 1): 1, (8, 2): 1, (4, 3): 1, (2, 3): 1, (3, 4): 0})
        hello = codec.unpackb([f for f in frames if f[1] == 1][0][2])["result"]
        self.assertEqual(hello["frame_versions"], [0, 1])
        other = helpers.Client(self.ready["address"])
        try:
            bad = bytearray(encode_frame(7, 9, b"", version=1))
            bad[4] = 0x82
            other.sock.sendall(bytes(bad))
            t, s, body = other.next_frame(0, types=(3,))
            self.assertIn("unsupported DccLink frame version 2", body["message"])
            self.assertEqual(other.sock.recv(10), b"")
        finally:
            other.close()
        self.assertEqual(self.c.call("dcc.hello")[0], 2)

    def test_cancel_and_progress(self):
        seq = self.c.send_call("dcc.execute", {"code": "progress(1, 2, 'half')\nwhile True:\n    pass", "timeout_ms": 60000})
        t, _, p = self.c.next_frame(seq, types=(PROGRESS,))
        self.assertEqual(p, {"progress": 1, "total": 2, "message": "half"})
        self.c.send(CANCEL, seq, {"reason": "stop"})
        t, _, err = self.c.next_frame(seq, types=(ERR,))
        self.assertEqual((err["code"], err["message"]), ("INTERNAL", "cancelled: stop"))

    def test_zz_sigterm_removes_row_and_socket(self):
        path = self.ready["address"][len("unix://"):]
        self.assertTrue(os.path.exists(path))
        self.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.proc.wait(timeout=5), 0)
        self.assertFalse(os.path.exists(path))
        from dcc_mcp_plugin.registry import read_rows

        self.assertEqual([r for r in read_rows(self.dir) if r["dcc_type"] == "maya"], [])


class StaleSocketTest(unittest.TestCase):
    def test_a_stale_socket_file_from_a_crashed_run_is_replaced(self):
        d = tempfile.mkdtemp(prefix="pystale-")
        proc, ready = helpers.start_standalone(d, "crashy")
        proc.kill()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        path = ready["address"][len("unix://"):]
        self.assertTrue(os.path.exists(path))
        from dcc_mcp_plugin.server import remove_stale_socket

        self.assertTrue(remove_stale_socket(path))
        self.assertFalse(os.path.exists(path))


class StandaloneHostSuite(host_suite.HostSuite, unittest.TestCase):
    """The simulated host through the shared host suite (its 'main thread' is the test's, pumped directly)."""

    def make_host(self):
        return StandaloneHost("maya")

    def run_main(self):
        self.plugin.pump(1000)

    def open_scene(self, name):
        self.host.open_scene(name)

    def select_in_app(self, names):
        self.host.set_selection(names)

    def an_object(self):
        return "crate"


if __name__ == "__main__":
    unittest.main()
