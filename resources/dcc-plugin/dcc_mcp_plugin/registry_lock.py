"""Cross-process locks of the registry, as dcc-mcp-core takes them (SPEC §3): an exclusive `flock` (Unix) or
`LockFileEx` (Windows) on a file that is created once and never deleted. `services.lock` is held around each
read-modify-write (bounded wait: 2 s in 10 ms steps, like dcc-mcp-core, overridable with the same environment
variables); a sentinel `locks/<dcc_type>-<instance_id>.lock` is held for the instance's whole life."""
import errno
import os
import time

TIMEOUT_ENV = "DCC_MCP_REGISTRY_LOCK_TIMEOUT_MS"
BACKOFF_ENV = "DCC_MCP_REGISTRY_LOCK_BACKOFF_MS"
DEFAULT_TIMEOUT_MS = 2000
DEFAULT_BACKOFF_MS = 10

if os.name == "nt":  # pragma: no cover - Windows
    import ctypes
    import msvcrt
    from ctypes import wintypes

    _LOCKFILE_FAIL_IMMEDIATELY = 0x1
    _LOCKFILE_EXCLUSIVE_LOCK = 0x2
    _ERROR_LOCK_VIOLATION = 33

    class _Overlapped(ctypes.Structure):
        _fields_ = [("Internal", ctypes.c_void_p), ("InternalHigh", ctypes.c_void_p), ("Offset", wintypes.DWORD), ("OffsetHigh", wintypes.DWORD), ("hEvent", wintypes.HANDLE)]

    _k32 = ctypes.WinDLL("kernel32", use_last_error=True)

    def _try_lock(fd):
        ov = _Overlapped()
        # The whole range, like Rust's fs4: every locker must ask for the same bytes to conflict.
        ok = _k32.LockFileEx(wintypes.HANDLE(msvcrt.get_osfhandle(fd)), _LOCKFILE_EXCLUSIVE_LOCK | _LOCKFILE_FAIL_IMMEDIATELY, 0, 0xFFFFFFFF, 0xFFFFFFFF, ctypes.byref(ov))
        if ok:
            return True
        if ctypes.get_last_error() == _ERROR_LOCK_VIOLATION:
            return False
        raise OSError(ctypes.get_last_error(), "LockFileEx failed")

    def _unlock(fd):
        ov = _Overlapped()
        _k32.UnlockFileEx(wintypes.HANDLE(msvcrt.get_osfhandle(fd)), 0, 0xFFFFFFFF, 0xFFFFFFFF, ctypes.byref(ov))

else:
    import fcntl

    def _try_lock(fd):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except (IOError, OSError) as e:
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise

    def _unlock(fd):
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockTimeout(RuntimeError):
    """The lock stayed taken for the whole wait."""


def _env_ms(name, default):
    try:
        value = int(os.environ.get(name, ""))
        return value if value > 0 else default
    except ValueError:
        return default


def _open_lock_file(path):
    """Opens (creating if needed, never truncating, never following a symlink) a lock file."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o600)


class RegistryLock(object):
    """`with RegistryLock(dir):` holds the exclusive lock on `<dir>/services.lock`; the file stays afterwards."""

    def __init__(self, directory, timeout_ms=None, backoff_ms=None):
        self.path = os.path.join(directory, "services.lock")
        self.timeout = (timeout_ms or _env_ms(TIMEOUT_ENV, DEFAULT_TIMEOUT_MS)) / 1000.0
        self.backoff = max(0.001, (backoff_ms or _env_ms(BACKOFF_ENV, DEFAULT_BACKOFF_MS)) / 1000.0)
        self.fd = None
        self.waited = 0.0

    def __enter__(self):
        started = time.monotonic()
        fd = _open_lock_file(self.path)
        try:
            while not _try_lock(fd):
                elapsed = time.monotonic() - started
                if elapsed >= self.timeout:
                    raise LockTimeout("timed out waiting for registry lock file %s after %d ms" % (self.path, self.timeout * 1000))
                time.sleep(min(self.backoff, self.timeout - elapsed))
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        self.waited = time.monotonic() - started
        return self

    def __exit__(self, *exc):
        fd, self.fd = self.fd, None
        if fd is not None:
            try:
                _unlock(fd)
            finally:
                os.close(fd)


class Sentinel(object):
    """The lifetime lock of one registered instance; readers that can take it know the owner is gone."""

    def __init__(self, directory, dcc_type, instance_id):
        locks = os.path.join(directory, "locks")
        if not os.path.isdir(locks):
            os.makedirs(locks, exist_ok=True)
        self.path = os.path.abspath(os.path.join(locks, "%s-%s.lock" % (dcc_type, instance_id)))
        self.fd = _open_lock_file(self.path)
        if not _try_lock(self.fd):
            os.close(self.fd)
            self.fd = None
            raise LockTimeout("sentinel %s is held by another live process" % self.path)

    @property
    def held(self):
        """False once released, or when someone removed the file under us (then it must be recreated)."""
        return self.fd is not None and os.path.exists(self.path)

    def release(self, remove=True):
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)
        if remove:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def sentinel_dead(path):
    """True when the sentinel file is missing, or exists and nobody holds its lock; None when it cannot tell."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        return True if e.errno == errno.ENOENT else None
    try:
        if _try_lock(fd):
            _unlock(fd)
            return True
        return False
    except OSError:
        return None
    finally:
        os.close(fd)
