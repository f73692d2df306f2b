"""The shared main loop of the blocking entry points (standalone, Blender background): start, print the ready
line, serve on this thread until SIGTERM/SIGINT, then deregister and close."""
import json
import os
import signal
import threading

from . import interrupt


def serve_until_signal(plugin):
    """Runs `plugin` until SIGTERM or SIGINT; prints `DCC_MCP_PLUGIN_READY {json}` once serving."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    # Scripts run on this (main) thread: a signal can wake a blocking call such as time.sleep() when stopping one.
    plugin.interrupt_signal = interrupt.install_signal()
    address = plugin.start()
    print("DCC_MCP_PLUGIN_READY " + json.dumps({"instance_id": plugin.instance_id, "address": address, "pid": os.getpid()}), flush=True)
    try:
        plugin.serve_forever(stop)
    finally:
        plugin.stop()
