"""STAND-IN helper (see README.md): the thread-safe "run this later on the main thread" queue that Maya's
`maya.utils` and Houdini's `hdefereval` both offer as `executeDeferred`, with `run_main()` as the test driver."""
import threading


class DeferredQueue(object):
    def __init__(self):
        self.items = []
        self._lock = threading.Lock()

    def execute_deferred(self, fn, *args):
        with self._lock:
            self.items.append((fn, args))

    def run_main(self):
        """What the DCC's main loop does when idle: runs what was deferred; returns how many ran."""
        n = 0
        while True:
            with self._lock:
                if not self.items:
                    return n
                fn, args = self.items.pop(0)
            fn(*args)
            n += 1
