import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

import helpers
from dcc_mcp_plugin import registry


def dead_pid():
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


class RegistryTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pyreg-")
        self.reg = registry.Registry(self.dir)

    def rows(self):
        with open(os.path.join(self.dir, "services.json")) as f:
            return json.load(f)

    def test_row_format_matches_the_hub(self):
        iid = self.reg.register("maya", {"type": "unix_socket", "path": "/tmp/x.sock"}, version="2025")
        row = self.rows()[0]
        self.assertEqual(row["instance_id"], iid)
        self.assertEqual(row["metadata"], {"dcclink": "1"})
        self.assertEqual(set(row["last_heartbeat"]), {"secs_since_epoch", "nanos_since_epoch"})
        self.assertEqual(row["pid"], os.getpid())
        self.assertEqual(row["status"], "available")

    def test_float_timestamps_and_stale_and_dead_rows(self):
        now = time.time()
        rows = [
            {"dcc_type": "a", "instance_id": "1", "host": "127.0.0.1", "last_heartbeat": now, "pid": os.getpid()},
            {"dcc_type": "b", "instance_id": "2", "host": "127.0.0.1", "last_heartbeat": now - 60, "pid": os.getpid()},
            {"dcc_type": "c", "instance_id": "3", "host": "127.0.0.1", "last_heartbeat": registry.timestamp(), "pid": dead_pid()},
        ]
        with open(os.path.join(self.dir, "services.json"), "w") as f:
            json.dump(rows, f)
        self.assertEqual([r["dcc_type"] for r in self.reg.list_all()], ["a"])

    def test_unknown_fields_of_other_rows_survive(self):
        foreign = {"dcc_type": "houdini", "instance_id": "core", "last_heartbeat": registry.timestamp(), "future": {"x": [1]}}
        with open(os.path.join(self.dir, "services.json"), "w") as f:
            json.dump([foreign], f)
        iid = self.reg.register("maya", None)
        self.reg.heartbeat("maya", iid)
        self.assertIn(foreign, self.rows())

    def test_corrupt_file_quarantined_and_nul_padding_tolerated(self):
        path = os.path.join(self.dir, "services.json")
        with open(path, "w") as f:
            f.write("[{]")
        self.reg.register("maya", None)
        self.assertTrue(any(n.startswith("services.json.corrupted-") for n in os.listdir(self.dir)))
        with open(path, "ab") as f:
            f.write(b"\0" * 50)
        self.assertEqual(len(self.reg.list_all()), 1)

    def test_lock_from_a_dead_process_is_stolen(self):
        with open(os.path.join(self.dir, "services.lock"), "w") as f:
            f.write(str(dead_pid()))
        self.reg.register("maya", None)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "services.lock")))

    def test_live_lock_times_out_with_a_clear_error(self):
        with open(os.path.join(self.dir, "services.lock"), "w") as f:
            f.write(str(os.getpid()))
        with self.assertRaisesRegex(registry.RegistryError, "held by pid %d" % os.getpid()):
            with registry.FileLock(self.dir, wait=0.1):
                pass

    def test_ten_processes_register_concurrently_and_lose_no_row(self):
        code = "\n".join([
            "import sys",
            "sys.path.insert(0, %r)" % helpers.PLUGIN_DIR,
            "from dcc_mcp_plugin import registry",
            "r = registry.Registry(%r)" % self.dir,
            "for i in range(10):",
            "    iid = r.register('w', None, instance_id=sys.argv[1] + '-' + str(i))",
            "    r.heartbeat('w', iid)",
        ])
        procs = [subprocess.Popen([sys.executable, "-c", code, str(n)]) for n in range(10)]
        self.assertEqual([p.wait() for p in procs], [0] * 10)
        self.assertEqual(len(self.rows()), 100)


if __name__ == "__main__":
    unittest.main()
