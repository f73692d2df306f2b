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

    def test_names_that_would_steer_the_sentinel_out_of_the_locks_dir_are_refused(self):
        outside = os.path.join(os.path.dirname(self.dir), "escaped-" + os.path.basename(self.dir))
        for dcc, iid in (("maya", "../../" + os.path.basename(outside)), ("../maya", "abc"), ("maya", ".."), ("maya", "a/b"), ("", "abc")):
            with self.assertRaises(ValueError):
                self.reg.register(dcc, None, instance_id=iid)
        self.assertFalse(os.path.exists(outside))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "services.json")), "nothing was registered")

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
        with open(path, "rb") as f:
            self.assertEqual(json.loads(f.read().strip(b"\0"))[0]["schema_version"], 1)

    def test_lock_file_is_permanent_and_a_held_flock_delays_then_times_out(self):
        self.reg.register("maya", None)
        lock = os.path.join(self.dir, "services.lock")
        inode = os.stat(lock).st_ino
        holder = subprocess.Popen([sys.executable, "-c", "import fcntl,os,sys,time; fd=os.open(%r, os.O_RDWR); fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(float(sys.argv[1]))" % lock, "0.3"], stdout=subprocess.PIPE)
        self.assertEqual(holder.stdout.readline().strip(), b"held")
        started = time.monotonic()
        self.reg.register("blender", None)  # waits for the holder, then succeeds
        self.assertGreater(time.monotonic() - started, 0.05)
        holder.wait()
        holder.stdout.close()
        self.assertEqual(os.stat(lock).st_ino, inode)
        holder = subprocess.Popen([sys.executable, "-c", "import fcntl,os,time; fd=os.open(%r, os.O_RDWR); fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(5)" % lock], stdout=subprocess.PIPE)
        try:
            self.assertEqual(holder.stdout.readline().strip(), b"held")
            os.environ["DCC_MCP_REGISTRY_LOCK_TIMEOUT_MS"] = "150"
            with self.assertRaisesRegex(registry.RegistryError, "timed out waiting for registry lock file"):
                self.reg.register("houdini", None)
        finally:
            os.environ.pop("DCC_MCP_REGISTRY_LOCK_TIMEOUT_MS", None)
            holder.kill()
            holder.wait()
            holder.stdout.close()
        self.assertEqual(os.stat(lock).st_ino, inode)
        self.assertEqual([n for n in os.listdir(self.dir) if n.startswith(".tmp")], [])

    def test_sentinel_held_for_life_and_dead_when_unlocked_or_missing(self):
        iid = self.reg.register("maya", None)
        row = self.rows()[0]
        self.assertEqual(row["schema_version"], 1)
        path = row["sentinel_path"]
        self.assertTrue(path.endswith(os.path.join("locks", "maya-%s.lock" % iid)), path)
        probe = "import sys; sys.path.insert(0, %r); from dcc_mcp_plugin.registry_lock import sentinel_dead; print(sentinel_dead(%r))" % (helpers.PLUGIN_DIR, path)
        self.assertEqual(subprocess.check_output([sys.executable, "-c", probe]).strip(), b"False")
        self.assertEqual(len(self.reg.list_all()), 1)
        # An unlocked sentinel (its owner gone, pid and heartbeat still plausible) means dead; so does a missing one.
        other = dict(row, instance_id="x", sentinel_path=os.path.join(self.dir, "locks", "maya-x.lock"))
        open(other["sentinel_path"], "w").close()
        gone = dict(row, instance_id="y", sentinel_path=os.path.join(self.dir, "locks", "maya-y.lock"))
        registry.update(self.dir, lambda rows: rows + [other, gone])
        self.assertEqual([r["instance_id"] for r in self.reg.list_all()], [iid])
        self.reg.deregister("maya", iid)
        self.assertFalse(os.path.exists(path))

    def test_newer_schema_rows_skipped_alone_and_kept_and_future_heartbeats_invalid(self):
        newer = {"schema_version": 2, "dcc_type": "maya", "instance_id": "n", "host": "127.0.0.1", "last_heartbeat": registry.timestamp(), "pid": os.getpid(), "brand_new": [1]}
        future = {"schema_version": 1, "dcc_type": "maya", "instance_id": "f", "host": "127.0.0.1", "last_heartbeat": registry.timestamp(time.time() + 3600), "pid": os.getpid()}
        with open(os.path.join(self.dir, "services.json"), "w") as f:
            json.dump([newer, future], f)
        iid = self.reg.register("blender", None)
        self.assertEqual([r["instance_id"] for r in self.reg.list_all()], [iid])
        self.assertIn(newer, self.rows())
        self.assertTrue(registry.is_live(dict(future, last_heartbeat=registry.timestamp(time.time() + 5))))

    def test_a_torn_read_raises_for_readers_and_only_a_file_that_stays_corrupt_is_quarantined(self):
        path = os.path.join(self.dir, "services.json")
        with open(path, "w") as f:
            f.write('[{"dcc_type": "maya", "insta')
        with self.assertRaises(registry.RegistryError):
            registry.read_rows(self.dir)
        self.assertTrue(os.path.exists(path))

    def test_churn_next_to_dcc_mcp_core_style_writers_loses_no_row(self):
        core = os.path.join(helpers.ROOT, "test", "fixtures", "registry", "core_writer.py")
        cores = [subprocess.Popen([sys.executable, core, self.dir, "--interval-ms", "5", "--seconds", "2"], stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(2)]
        for c in cores:
            self.assertTrue(c.stdout.readline().startswith(b"CORE_READY"))
        inode = os.stat(os.path.join(self.dir, "services.lock")).st_ino
        code = "\n".join([
            "import sys, time",
            "sys.path.insert(0, %r)" % helpers.PLUGIN_DIR,
            "from dcc_mcp_plugin import registry",
            "r = registry.Registry(%r)" % self.dir,
            "iid = r.register('ours', None)",
            "end = time.time() + 1.5",
            "while time.time() < end:",
            "    assert r.heartbeat('ours', iid), 'row lost'",
        ])
        ours = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
        self.assertEqual([p.wait() for p in ours], [0, 0])
        done = [c.communicate()[0].decode().split() for c in cores]
        self.assertEqual([d[0] for d in done], ["CORE_DONE", "CORE_DONE"])
        self.assertEqual([d[3] for d in done], ["0", "0"])  # no heartbeat of theirs found its row gone
        self.assertEqual(os.stat(os.path.join(self.dir, "services.lock")).st_ino, inode)

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


class RegistryWriteNeverFollowsSymlinksTest(unittest.TestCase):
    """Finding 7 of the trust issue: a temp file planted as a symlink (another local user, a shared dir) must never be
    written through. The writer's temp name is random; here the "random" bytes are made known so the attacker's
    symlink sits exactly at the first name tried."""

    def test_a_symlink_at_the_temp_name_is_not_followed(self):
        d = tempfile.mkdtemp(prefix="pysym-")
        victim = os.path.join(tempfile.mkdtemp(prefix="pysym-victim-"), "victim.txt")
        with open(victim, "w") as f:
            f.write("untouched")
        guesses = iter([b"\x01" * 6, b"\x02" * 6, b"\x03" * 6, b"\x04" * 6, b"\x05" * 6, b"\x06" * 6])
        real_urandom = registry.os.urandom
        planted = os.path.join(d, ".tmp.%d.%s.%s" % (os.getpid(), "01" * 6, registry.SERVICES_FILE))
        os.symlink(victim, planted)
        registry.os.urandom = lambda n: next(guesses) if n == 6 else real_urandom(n)
        try:
            iid = registry.Registry(d).register("maya", {"type": "tcp", "host": "127.0.0.1", "port": 1}, port=1)
        finally:
            registry.os.urandom = real_urandom
        with open(victim) as f:
            self.assertEqual(f.read(), "untouched")
        self.assertTrue(os.path.islink(planted))
        self.assertIn(iid, [r["instance_id"] for r in registry.read_rows(d)])
