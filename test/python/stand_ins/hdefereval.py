"""STAND-IN for Houdini's `hdefereval` (see README.md) — not Houdini. executeDeferred is thread-safe."""
from _deferred import DeferredQueue

_queue = DeferredQueue()
DEFERRED = _queue.items
executeDeferred = _queue.execute_deferred  # noqa: N816 - Houdini's name
run_main = _queue.run_main
