"""The shared main loop of the blocking entry points (standalone, Blender background): start, print the ready
line, serve on this thread until SIGTERM/SIGINT (or the death of `--parent-pid`), then deregister and close."""
import json
import os
import signal
import threading
import time

from . import interrupt


PARENT_POLL_S = 0.5
# After the parent died, how long the main thread may take to stop cleanly before the process just exits.
PARENT_GRACE_S = 3.0


def pid_alive(pid):
    """True while process `pid` exists (Unix: signal 0; Windows: an open handle that has not exited)."""
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def watch_parent(parent_pid, plugin, stop):
    """Stops the plugin when `parent_pid` dies (the hub was killed, even with SIGKILL): a daemon thread polls it,
    and if the main thread is stuck in a script it deregisters and exits the process itself."""

    def watch():
        while not stop.is_set():
            # Re-parenting (getppid changes) catches the death at once on Unix; pid_alive covers the rest.
            if (os.name != "nt" and os.getppid() != parent_pid) or not pid_alive(parent_pid):
                try:
                    os.write(2, ("dcc-mcp: parent process %d is gone; stopping\n" % parent_pid).encode())
                except OSError:  # stderr was a pipe to that parent
                    pass
                stop.set()
                plugin.work.put(None)  # wakes serve_forever
                with plugin.lock:
                    for execution in list(plugin.running.values()):
                        if hasattr(execution, "stop"):
                            execution.stop("the hub that started this DCC is gone")
                deadline = time.monotonic() + PARENT_GRACE_S
                while time.monotonic() < deadline and not plugin.stopped.is_set():
                    plugin.stopped.wait(0.1)
                if not plugin.stopped.is_set():
                    plugin.stop()
                    os._exit(0)
                return
            stop.wait(PARENT_POLL_S)

    t = threading.Thread(target=watch, name="dcc-mcp-parent-watch", daemon=True)
    t.start()
    return t


def serve_until_signal(plugin, parent_pid=None):
    """Runs `plugin` until SIGTERM or SIGINT (or until `parent_pid` dies); prints `DCC_MCP_PLUGIN_READY {json}`
    once serving."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    # Scripts run on this (main) thread: a signal can wake a blocking call such as time.sleep() when stopping one.
    plugin.interrupt_signal = interrupt.install_signal()
    address = plugin.start()
    if parent_pid:
        watch_parent(parent_pid, plugin, stop)
    print("DCC_MCP_PLUGIN_READY " + json.dumps({"instance_id": plugin.instance_id, "address": address, "pid": os.getpid()}), flush=True)
    try:
        plugin.serve_forever(stop)
    finally:
        plugin.stop()
