"""STAND-IN shared parts: a tiny scene and the main-thread rule (see README.md) — not a real application."""
import threading

MAIN = {"ident": threading.get_ident()}
CALLS = []


def main_thread_only(name):
    """Records the call; raises if it is not on the main thread (DCC APIs are not thread-safe)."""
    CALLS.append((name, threading.get_ident()))
    if threading.get_ident() != MAIN["ident"]:
        raise AssertionError("%s called off the main thread" % name)


class Scene(object):
    def __init__(self):
        self.reset()

    def reset(self, up="y", unit="cm"):
        self.name = ""
        self.modified = False
        self.up = up
        self.unit = unit
        self.objects = {}
        self.selection = []
        for n in ("persp", "pCube1"):
            self.add(n)

    def add(self, name, translate=(0.0, 0.0, 0.0)):
        self.objects[name] = {"t": list(translate), "r": [0.0, 0.0, 0.0], "s": [1.0, 1.0, 1.0], "visible": True, "type": "mesh" if name != "persp" else "camera"}


SCENE = Scene()
