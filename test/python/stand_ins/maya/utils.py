"""STAND-IN for `maya.utils` (see ../README.md) — not Maya. executeDeferred is thread-safe, as documented."""
import threading

DEFERRED = []
_lock = threading.Lock()


def executeDeferred(fn, *args):  # noqa: N802 - Maya's name
    with _lock:
        DEFERRED.append((fn, args))


def run_main():
    """Test driver: runs what was deferred, as Maya's main loop would when idle; returns how many ran."""
    n = 0
    while True:
        with _lock:
            if not DEFERRED:
                return n
            fn, args = DEFERRED.pop(0)
        fn(*args)
        n += 1
