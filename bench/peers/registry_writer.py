"""Bench writer using the plugin's own registry code (flock on services.lock, sentinel, atomic rename).
Modes:
  registry_writer.py DIR lines            one row per stdin line (the line is its instance_id); prints the wall
                                          times in ms before the write started and after its rename, one line each
  registry_writer.py DIR beat MS SECONDS  registers a row, heartbeats every MS for SECONDS like the plugin's
                                          heartbeat thread, then prints `BEAT <id> <writes> <lost> <p50> <p99> <max>`
                                          (ms per heartbeat write, lock wait included; lost = heartbeats that found
                                          the row gone)"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "dcc-plugin"))
from dcc_mcp_plugin import registry  # noqa: E402


def lines(directory):
    reg = registry.Registry(directory)
    for line in sys.stdin:
        iid = line.strip()
        t = time.time() * 1000
        reg.register("bench", {"type": "unix_socket", "path": "/nonexistent/%s.sock" % iid}, instance_id=iid, metadata={"bench": "1"})
        print("%.3f %.3f" % (t, time.time() * 1000), flush=True)


def beat(directory, every_ms, seconds):
    reg = registry.Registry(directory)
    iid = reg.register("ours", None)
    waits, lost = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(every_ms / 1000.0)
        t = time.monotonic()
        if not reg.heartbeat("ours", iid):
            lost += 1
            reg.register("ours", None, instance_id=iid)
        waits.append((time.monotonic() - t) * 1000)
    reg.deregister("ours", iid)
    waits.sort()
    pct = lambda q: waits[min(len(waits) - 1, int(q * len(waits)))]  # noqa: E731
    print("BEAT %s %d %d %.3f %.3f %.3f" % (iid, len(waits), lost, pct(0.5), pct(0.99), waits[-1]), flush=True)


if __name__ == "__main__":
    if sys.argv[2] == "lines":
        lines(sys.argv[1])
    else:
        beat(sys.argv[1], float(sys.argv[3]), float(sys.argv[4]))
