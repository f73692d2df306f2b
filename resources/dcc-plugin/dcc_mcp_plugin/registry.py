"""The file registry (SPEC §3), byte-compatible with the hub and dcc-mcp-core: `<dir>/services.json` is a JSON
array of ServiceEntry rows. Writers take `services.lock` (O_CREAT|O_EXCL, holding the pid; stale after the pid
dies or 10 s), re-read, apply, write a temp file, fsync, rename. Rows of other programs are kept as they are."""
import errno
import json
import os
import random
import socket
import time
import uuid

from . import paths

SERVICES_FILE = "services.json"
LOCK_FILE = "services.lock"
STALE_LOCK_SECS = 10.0
DEFAULT_STALE_SECS = 15.0


class RegistryError(RuntimeError):
    """The registry could not be read or written."""


def default_dir():
    """`$DCC_MCP_REGISTRY_DIR`, else a private per-user dir, created 0700 and checked (see paths.py)."""
    return paths.registry_dir()


def timestamp(t=None):
    """`{secs_since_epoch, nanos_since_epoch}` for a Unix time in seconds."""
    t = time.time() if t is None else t
    secs = int(t)
    return {"secs_since_epoch": secs, "nanos_since_epoch": int(round((t - secs) * 1e9))}


def to_seconds(ts):
    """Reads either timestamp form (struct or float seconds); None if neither."""
    if isinstance(ts, (int, float)) and not isinstance(ts, bool):
        return float(ts)
    if isinstance(ts, dict) and isinstance(ts.get("secs_since_epoch"), (int, float)):
        return ts["secs_since_epoch"] + ts.get("nanos_since_epoch", 0) / 1e9
    return None


def pid_alive(pid):
    """True when `pid` is a live process on this machine."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
        return True
    except OSError as e:
        return e.errno == errno.EPERM


class FileLock(object):
    """The shared `services.lock` protocol; use as a context manager."""

    def __init__(self, directory, wait=2.0, step=0.01):
        self.path = os.path.join(directory, LOCK_FILE)
        self.wait = wait
        self.step = step

    def __enter__(self):
        deadline = time.time() + self.wait
        while not self._try():
            if time.time() > deadline:
                raise RegistryError("could not lock %s within %.1f s (held by pid %s)" % (self.path, self.wait, self._holder()))
            time.sleep(self.step * (0.5 + random.random()))
        return self

    def __exit__(self, *exc):
        try:
            os.unlink(self.path)
        except OSError:
            pass

    def _try(self):
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except OSError as e:
            if e.errno != errno.EEXIST:
                raise
            if self._stale():
                try:
                    os.unlink(self.path)
                except OSError:
                    pass
            return False
        try:
            os.write(fd, str(os.getpid()).encode())
        finally:
            os.close(fd)
        return True

    def _holder(self):
        try:
            with open(self.path) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def _stale(self):
        try:
            age = time.time() - os.stat(self.path).st_mtime
        except OSError:
            return False
        if age > STALE_LOCK_SECS:
            return True
        pid = self._holder()
        return pid is not None and not pid_alive(pid)


def read_rows(directory, quarantine=False):
    """Raw rows of services.json (missing or empty → []). A corrupt file is renamed
    `services.json.corrupted-<secs>` when `quarantine` (writers do it under the lock)."""
    path = os.path.join(directory, SERVICES_FILE)
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return []
    text = text.strip("\0 \t\r\n")
    if not text:
        return []
    try:
        rows = json.loads(text)
        if not isinstance(rows, list):
            raise ValueError("not a JSON array")
    except ValueError:
        if quarantine:
            try:
                os.replace(path, "%s.corrupted-%d" % (path, int(time.time())))
            except OSError:
                pass
        return []
    return [r for r in rows if isinstance(r, dict)]


def update(directory, mutate):
    """Read-modify-write of the rows under the lock; `mutate(rows) -> rows`."""
    if not os.path.isdir(directory):
        os.makedirs(directory, exist_ok=True)
    with FileLock(directory):
        rows = mutate(read_rows(directory, quarantine=True))
        tmp = os.path.join(directory, ".tmp.%d.%s" % (os.getpid(), SERVICES_FILE))
        with open(tmp, "w") as f:
            json.dump(rows, f, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, os.path.join(directory, SERVICES_FILE))


def is_live(row, stale_secs=DEFAULT_STALE_SECS, now=None):
    """Not stale, and (for local rows) its pid alive."""
    hb = to_seconds(row.get("last_heartbeat"))
    if hb is None or (now or time.time()) - hb > stale_secs:
        return False
    pid = row.get("pid")
    local = row.get("host") in ("127.0.0.1", "localhost", "::1", "", None, socket.gethostname())
    return not (pid and local and not pid_alive(pid))


class Registry(object):
    """One plugin's view: register its row, heartbeat, update, deregister; list live rows."""

    def __init__(self, directory=None, stale_secs=DEFAULT_STALE_SECS):
        self.dir = directory or default_dir()
        self.stale_secs = stale_secs

    def register(self, dcc_type, transport_address, port=0, version=None, scene=None, display_name=None, metadata=None, instance_id=None, extras=None):
        """Adds this process's row (status available); returns its instance_id."""
        iid = instance_id or str(uuid.uuid4())
        now = timestamp()
        row = {
            "dcc_type": dcc_type, "instance_id": iid, "host": "127.0.0.1", "port": port,
            "transport_address": transport_address, "version": version, "scene": scene, "documents": [],
            "pid": os.getpid(), "display_name": display_name, "metadata": dict(metadata or {}, dcclink="1"),
            "extras": extras or {}, "registered_at": now, "last_heartbeat": now, "status": "available",
        }
        update(self.dir, lambda rows: [r for r in rows if not _same(r, dcc_type, iid)] + [row])
        return iid

    def patch(self, dcc_type, instance_id, **fields):
        """Updates fields of our row and its heartbeat; returns False when the row is gone."""
        found = []

        def apply(rows):
            out = []
            for r in rows:
                if _same(r, dcc_type, instance_id):
                    r = dict(r, last_heartbeat=timestamp(), **fields)
                    found.append(True)
                out.append(r)
            return out

        update(self.dir, apply)
        return bool(found)

    def heartbeat(self, dcc_type, instance_id):
        return self.patch(dcc_type, instance_id)

    def deregister(self, dcc_type, instance_id):
        update(self.dir, lambda rows: [r for r in rows if not _same(r, dcc_type, instance_id)])

    def list_all(self):
        return [r for r in read_rows(self.dir) if is_live(r, self.stale_secs)]

    def list_instances(self, dcc_type):
        return [r for r in self.list_all() if r.get("dcc_type") == dcc_type]


def _same(row, dcc_type, instance_id):
    return row.get("dcc_type") == dcc_type and row.get("instance_id") == instance_id
