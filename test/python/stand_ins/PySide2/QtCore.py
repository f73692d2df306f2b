"""STAND-IN for PySide2.QtCore (see ../README.md) — not Qt. A signal emitted from another thread is queued for
the main thread (Qt's queued connection across threads); QTimer.singleShot may only be called on the main
thread; `run_main()` is the event loop turning once."""
import threading

from _scene import MAIN

EVENTS = []
_lock = threading.Lock()


class Qt(object):
    QueuedConnection = 2


class QObject(object):
    pass


class _Bound(object):
    def __init__(self):
        self.slots = []

    def connect(self, slot, kind=None):
        self.slots.append(slot)

    def disconnect(self):
        del self.slots[:]

    def emit(self):
        with _lock:
            for slot in self.slots:
                EVENTS.append(slot)


class Signal(object):
    def __init__(self, *types):
        self.name = None

    def __set_name__(self, owner, name):
        self.name = "_sig_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        bound = obj.__dict__.get(self.name)
        if bound is None:
            bound = obj.__dict__[self.name] = _Bound()
        return bound


class QTimer(object):
    @staticmethod
    def singleShot(ms, fn):  # noqa: N802 - Qt's name
        if threading.get_ident() != MAIN["ident"]:
            raise AssertionError("QTimer.singleShot off the main thread: the timer would never fire")
        with _lock:
            EVENTS.append(fn)


def run_main():
    """Test driver: the Qt event loop delivering queued signals and due timers; returns how many ran."""
    n = 0
    while True:
        with _lock:
            if not EVENTS:
                return n
            fn = EVENTS.pop(0)
        fn()
        n += 1
