"""The shared main loop of the blocking entry points (standalone, Blender background): start, print the ready
line, serve on this thread until SIGTERM/SIGINT, then deregister and close."""
import json
import os
import signal
import threading


def serve_until_signal(plugin):
    """Runs `plugin` until SIGTERM or SIGINT; prints `DCC_MCP_PLUGIN_READY {json}` once serving."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    address = plugin.start()
    print("DCC_MCP_PLUGIN_READY " + json.dumps({"instance_id": plugin.instance_id, "address": address, "pid": os.getpid()}), flush=True)
    try:
        plugin.serve_forever(stop)
    finally:
        plugin.stop()
