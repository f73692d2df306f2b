"""The file registry (SPEC §3), written exactly as dcc-mcp-core writes it: `<dir>/services.json` is a JSON array
of ServiceEntry rows. A write takes the permanent `services.lock` (registry_lock.py), re-reads, applies, writes a
temp file in the same dir (created exclusively under a random name, never through a symlink), fsyncs it and
renames it over services.json. Rows of other programs are kept as they are, unknown fields included. Each
registered instance holds its sentinel lock for its lifetime and writes `sentinel_path` and `schema_version: 1`."""
import binascii
import errno
import json
import os
import re
import socket
import sys
import time
import uuid

from . import paths
from .registry_lock import LockTimeout, RegistryLock, Sentinel, sentinel_dead

SERVICES_FILE = "services.json"
LOCK_FILE = "services.lock"
_NAME = re.compile(r"^(?!\.\.?$)[A-Za-z0-9._-]{1,128}$")
SCHEMA_VERSION = 1
DEFAULT_STALE_SECS = 15.0
# Heartbeats further in the future than this are invalid (a broken clock must not keep a row alive forever).
CLOCK_SKEW_SECS = 30.0
ADAPTER_VERSION = "0.1.0"
CORRUPT_RETRIES = 3


class RegistryError(RuntimeError):
    """The registry could not be read or written."""


def default_dir():
    """`$DCC_MCP_REGISTRY_DIR`, else a private per-user dir, created 0700 and checked (see paths.py)."""
    return paths.registry_dir()


def timestamp(t=None):
    """`{secs_since_epoch, nanos_since_epoch}` for a Unix time in seconds."""
    t = time.time() if t is None else t
    secs = int(t)
    return {"secs_since_epoch": secs, "nanos_since_epoch": min(999999999, int(round((t - secs) * 1e9)))}


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


def _parse(text):
    """Rows of a services.json text; raises ValueError when it is not a JSON array."""
    text = text.strip("\0 \t\r\n")
    if not text:
        return []
    rows = json.loads(text)
    if not isinstance(rows, list):
        raise ValueError("not a JSON array")
    return [r for r in rows if isinstance(r, dict)]


def read_rows(directory, quarantine=False):
    """Raw rows of services.json (missing or empty → []). Writers pass `quarantine` (they hold the lock, so no
    locked writer can be mid-write): a file that stays unparsable over a few re-reads is renamed
    `services.json.corrupted-<secs>`. Readers never quarantine: a torn read raises RegistryError instead."""
    path = os.path.join(directory, SERVICES_FILE)
    last = None
    for attempt in range(CORRUPT_RETRIES if quarantine else 1):
        try:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except (IOError, OSError):
            return []
        try:
            return _parse(text)
        except ValueError as e:
            last = e
            time.sleep(0.01 * (attempt + 1))
    if not quarantine:
        raise RegistryError("services.json is not valid JSON: %s" % last)
    try:
        os.replace(path, "%s.corrupted-%d" % (path, int(time.time())))
        sys.stderr.write("dcc-mcp: services.json stayed corrupt (%s); quarantined it\n" % last)
    except OSError:
        pass
    return []


def _write_atomic(directory, rows):
    """Temp file in the same dir, created exclusively under a random name without following symlinks; fsync; rename."""
    # Compact: Python's indenting encoder is pure Python, 4x slower on a 10,000-row file; every reader parses both.
    data = json.dumps(rows, separators=(",", ":")).encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(5):
        name = ".tmp.%d.%s.%s" % (os.getpid(), binascii.hexlify(os.urandom(6)).decode(), SERVICES_FILE)
        tmp = os.path.join(directory, name)
        try:
            fd = os.open(tmp, flags, 0o600)
            break
        except OSError as e:
            if e.errno != errno.EEXIST:
                raise
    else:
        raise RegistryError("could not create a temp file in %s" % directory)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace(tmp, os.path.join(directory, SERVICES_FILE))
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _replace(src, dst):
    """os.replace, retried briefly: on Windows a reader holding the target open makes it fail for a moment."""
    for attempt in range(8):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == 7:
                raise
            time.sleep(0.01 * (attempt + 1))


def update(directory, mutate):
    """Read-modify-write of the rows under `services.lock`; `mutate(rows) -> rows` (None = nothing to write)."""
    if not os.path.isdir(directory):
        os.makedirs(directory, exist_ok=True)
    try:
        with RegistryLock(directory):
            rows = mutate(read_rows(directory, quarantine=True))
            if rows is not None:
                _write_atomic(directory, rows)
    except LockTimeout as e:
        raise RegistryError(str(e))


def schema_ok(row):
    """Rows of a newer schema are skipped on their own (never the whole file)."""
    v = row.get("schema_version", 0)
    return not isinstance(v, int) or isinstance(v, bool) or v <= SCHEMA_VERSION


def is_live(row, stale_secs=DEFAULT_STALE_SECS, now=None):
    """Heartbeat recent (and not in the future), sentinel held when there is one, else (local rows) pid alive."""
    now = now or time.time()
    hb = to_seconds(row.get("last_heartbeat"))
    # dcc-mcp-core ages its gateway's sentinel row out by pid only, never by heartbeat.
    stale = now - hb > stale_secs and row.get("dcc_type") != "__gateway__" if hb is not None else True
    if stale or hb - now > CLOCK_SKEW_SECS:
        return False
    sentinel = row.get("sentinel_path")
    if isinstance(sentinel, str) and sentinel:
        dead = sentinel_dead(sentinel)
        if dead is not None:
            return not dead
    local = row.get("host") in ("127.0.0.1", "localhost", "::1", "", None, socket.gethostname())
    # A sidecar's row also dies with the DCC it serves (host_pid).
    return not (local and any(p and not pid_alive(p) for p in (row.get("pid"), row.get("host_pid"))))


class Registry(object):
    """One plugin's view: register its row (holding its sentinel), heartbeat, update, deregister; list live rows."""

    def __init__(self, directory=None, stale_secs=DEFAULT_STALE_SECS):
        # The private default is checked again before each write: a dir removed (a tmp cleaner) and re-created by
        # someone else must not receive our row or our sentinel. A dir the user chose is theirs to manage.
        self._private = directory is None and not os.environ.get("DCC_MCP_REGISTRY_DIR")
        self.dir = directory or default_dir()
        self.stale_secs = stale_secs
        self.sentinels = {}
        self.warned = set()

    def register(self, dcc_type, transport_address, port=0, version=None, scene=None, display_name=None, metadata=None, instance_id=None, extras=None):
        """Adds this process's row (status available) and takes its sentinel; returns its instance_id."""
        iid = instance_id or str(uuid.uuid4())
        # Both name the sentinel file: a "../" must not steer it (or its removal) out of the locks dir.
        for what, value in (("dcc_type", dcc_type), ("instance_id", iid)):
            if not isinstance(value, str) or not _NAME.match(value):
                raise ValueError("%s must be 1-128 letters, digits, '.', '_' or '-' (got %r)" % (what, value))
        sentinel = self._sentinel(dcc_type, iid)
        now = timestamp()
        row = {
            "schema_version": SCHEMA_VERSION, "dcc_type": dcc_type, "instance_id": iid, "host": "127.0.0.1", "port": port,
            "transport_address": transport_address, "version": version, "adapter_version": ADAPTER_VERSION, "adapter_dcc": dcc_type,
            "scene": scene, "pid": os.getpid(), "sentinel_path": sentinel.path, "display_name": display_name,
            "metadata": dict(metadata or {}, dcclink="1"), "registered_at": now, "last_heartbeat": now, "status": "available",
        }
        if extras:
            row["extras"] = extras
        update(self._checked(), lambda rows: [r for r in rows if not _same(r, dcc_type, iid)] + [row])
        return iid

    def _checked(self):
        """The registry dir, re-checked when it is the private default (raises paths.UnsafePathError)."""
        return paths.ensure_private_dir(self.dir) if self._private else self.dir

    def _sentinel(self, dcc_type, iid):
        key = (dcc_type, iid)
        held = self.sentinels.get(key)
        if held is not None and held.held:
            return held
        if held is not None:
            # Someone removed our sentinel file: the old lock guards nothing any more; take a fresh one.
            held.release(remove=False)
        self.sentinels[key] = Sentinel(self._checked(), dcc_type, iid)
        return self.sentinels[key]

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
            return out if found else None

        update(self._checked(), apply)
        return bool(found)

    def heartbeat(self, dcc_type, instance_id):
        key = (dcc_type, instance_id)
        if key in self.sentinels and not self.sentinels[key].held:
            return False  # the caller re-registers, which re-creates the sentinel
        return self.patch(dcc_type, instance_id)

    def deregister(self, dcc_type, instance_id):
        try:
            update(self._checked(), lambda rows: [r for r in rows if not _same(r, dcc_type, instance_id)])
        finally:
            sentinel = self.sentinels.pop((dcc_type, instance_id), None)
            if sentinel is not None:
                sentinel.release()

    def list_all(self):
        """Live rows; a row of a newer schema is skipped (with one warning), not the whole file."""
        out = []
        for r in read_rows(self.dir):
            if not schema_ok(r):
                key = (r.get("dcc_type"), r.get("instance_id"))
                if key not in self.warned:
                    self.warned.add(key)
                    sys.stderr.write("dcc-mcp: skipping registry row %s/%s of schema_version %r (this plugin reads %d)\n" % (key[0], key[1], r.get("schema_version"), SCHEMA_VERSION))
                continue
            if is_live(r, self.stale_secs):
                out.append(r)
        return out

    def list_instances(self, dcc_type):
        return [r for r in self.list_all() if r.get("dcc_type") == dcc_type]


def _same(row, dcc_type, instance_id):
    return row.get("dcc_type") == dcc_type and row.get("instance_id") == instance_id
