"""Per-execution output capture: `sys.stdout` is replaced once by a router that sends each write to the capture
of the execution running on the writing thread, and everything else to the original stream, so another
thread's print never lands in an agent's result."""
import io
import sys
import threading

MAX_STDOUT = 1024 * 1024


class Capture(io.TextIOBase):
    """The output of one execution, bounded at MAX_STDOUT characters."""

    def __init__(self):
        self.parts = []
        self.size = 0

    def write(self, s):
        if self.size < MAX_STDOUT:
            self.parts.append(s[: MAX_STDOUT - self.size])
        self.size += len(s)
        return len(s)

    def text(self):
        out = "".join(self.parts)
        return out + ("\n…[stdout truncated at 1 MiB]" if self.size > MAX_STDOUT else "")


class _Router(object):
    def __init__(self, fallback):
        self.fallback = fallback
        self.captures = {}

    def write(self, s):
        cap = self.captures.get(threading.get_ident())
        if cap is not None:
            return cap.write(s)
        return self.fallback.write(s) if self.fallback is not None else len(s)

    def flush(self):
        if threading.get_ident() not in self.captures and self.fallback is not None:
            self.fallback.flush()

    def __getattr__(self, name):  # fileno, encoding, isatty… of the real stream
        return getattr(self.fallback, name)


_lock = threading.Lock()


def begin(capture):
    """Routes this thread's stdout writes to `capture` until `end()`."""
    with _lock:
        router = sys.stdout if isinstance(sys.stdout, _Router) else None
        if router is None:
            router = _Router(sys.stdout)
            sys.stdout = router
        router.captures[threading.get_ident()] = capture


def end():
    """Stops capturing this thread's writes (the router stays: other threads may be capturing)."""
    with _lock:
        if isinstance(sys.stdout, _Router):
            sys.stdout.captures.pop(threading.get_ident(), None)
