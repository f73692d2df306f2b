"""STAND-IN for `maya.utils` (see ../README.md) — not Maya. executeDeferred is thread-safe, as documented."""
from _deferred import DeferredQueue

_queue = DeferredQueue()
DEFERRED = _queue.items
executeDeferred = _queue.execute_deferred  # noqa: N816 - Maya's name
run_main = _queue.run_main
