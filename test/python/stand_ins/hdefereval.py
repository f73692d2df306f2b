"""STAND-IN for Houdini's `hdefereval` (see README.md) — not Houdini. executeDeferred is thread-safe."""
import threading

DEFERRED = []
_lock = threading.Lock()


def executeDeferred(fn, *args):  # noqa: N802 - Houdini's name
    with _lock:
        DEFERRED.append((fn, args))


def run_main():
    """Test driver: what Houdini's UI does when idle; returns how many ran."""
    n = 0
    while True:
        with _lock:
            if not DEFERRED:
                return n
            fn, args = DEFERRED.pop(0)
        fn(*args)
        n += 1
