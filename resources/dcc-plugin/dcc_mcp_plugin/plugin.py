"""DccPlugin: serves DccLink for one DCC instance. Frames are read on background threads; work is queued and
run on the host's main thread by `pump(budget_ms)` (GUI hosts, from their idle callback) or `serve_forever()`
(background/standalone hosts: blocks on the queue, so a call costs no polling delay)."""
import os
import queue
import threading
import time

from . import catalog as catalog_mod
from .errors import DccError
from .executor import Execution
from .frame import CALL, ERR, PROGRESS, PUSH, REPLY
from .host import SCENE_TRAITS
from .registry import Registry
from .server import Server
from .tools import ToolRegistry

PROTOCOL = 1
HEARTBEAT_SECS = 5.0


class DccPlugin(object):
    """The plugin core shared by every host (standalone, Blender, Maya…)."""

    def __init__(self, host, registry_dir=None, transport="auto", instance_id=None, framing="dcclink"):
        self.host = host
        self.tools = ToolRegistry()
        host.register_tools(self.tools)
        self.registry = Registry(registry_dir)
        self.transport = transport
        self.framing = framing
        self.instance_id = instance_id
        self.work = queue.Queue()
        self.running = {}
        self.lock = threading.Lock()
        self.server = None
        self.stopped = threading.Event()
        self._catalog = None
        self._heartbeat = None

    # ---- lifecycle ----
    def start(self):
        """Listens, registers the row, starts heartbeating; returns the address string."""
        self.server = Server(self._on_frame, self._on_cancel, transport=self.transport, dcc=self.host.dcc_type, framing=self.framing)
        metadata = {"framing": self.framing} if self.framing != "dcclink" else {}
        if getattr(self.host, "simulated", False):
            # A demo DCC says so, so the panel can mark it and nobody expects bpy/maya.cmds inside it.
            metadata["simulated"] = "true"
        self.instance_id = self.registry.register(self.host.dcc_type, self.server.transport_address, port=self.server.port, version=self.host.version, scene=self.host.current_scene(), display_name="%s %s" % (self.host.dcc_type, self.host.version), metadata=metadata, instance_id=self.instance_id)
        self._heartbeat = threading.Thread(target=self._beat, name="dcc-mcp-heartbeat", daemon=True)
        self._heartbeat.start()
        return self.server.address

    def stop(self):
        """Deregisters, closes sockets, removes the socket file. Safe to call twice."""
        if self.stopped.is_set():
            return
        self.stopped.set()
        self.work.put(None)
        with self.lock:
            for execution in self.running.values():
                execution.stop("the DCC plugin is stopping")
        if self.server:
            self.server.close()
        if self.instance_id:
            try:
                self.registry.deregister(self.host.dcc_type, self.instance_id)
            except Exception:
                pass

    def pump(self, budget_ms=50):
        """Runs queued work on the calling (main) thread until the queue is empty or the budget is spent."""
        deadline = time.perf_counter() + budget_ms / 1000.0
        done = 0
        while time.perf_counter() < deadline:
            try:
                item = self.work.get_nowait()
            except queue.Empty:
                break
            if item is None:
                break
            self._run(*item)
            done += 1
        return done

    def has_work(self):
        return not self.work.empty()

    def serve_forever(self, stop_event=None):
        """Blocks on the main thread, running work as it arrives, until stop() or `stop_event`."""
        while not self.stopped.is_set() and not (stop_event and stop_event.is_set()):
            try:
                item = self.work.get(timeout=0.2)
            except queue.Empty:
                continue
            if item is None:
                break
            self._run(*item)

    def push(self, topic, data=None):
        """Sends a Push event (e.g. scene.changed) to every connected hub."""
        for conn in list(self.server.conns if self.server else []):
            if conn.authenticated:  # scene data only for a proven hub
                conn.send(PUSH, 0, {"topic": topic, "data": data})

    # ---- frames ----
    def _on_frame(self, conn, msg_type, seq, body):
        if msg_type != CALL:
            return
        if not isinstance(body, dict) or not isinstance(body.get("method"), str):
            conn.send(ERR, seq, {"code": "INVALID_INPUT", "message": "Call body must be {method, params?, timeout_ms?}", "recoverable": False})
            return
        self.work.put((conn, seq, body["method"], body.get("params"), body.get("timeout_ms")))

    def _on_cancel(self, conn, seq, reason):
        with self.lock:
            for (c, s), execution in list(self.running.items()):
                if c is conn and (seq is None or s == seq):
                    execution.stop(reason)

    def _run(self, conn, seq, method, params, timeout_ms):
        try:
            result = self._dispatch(conn, seq, method, params or {}, timeout_ms)
            conn.send(REPLY, seq, {"result": result})
        except DccError as e:
            conn.send(ERR, seq, e.body())
        except Exception as e:
            conn.send(ERR, seq, {"code": "INTERNAL", "message": "%s: %s" % (type(e).__name__, e), "recoverable": False})

    def _dispatch(self, conn, seq, method, params, timeout_ms):
        if method == "dcc.hello":
            return self.hello()
        if method == "dcc.catalog":
            return catalog_mod.page(self.catalog(), params.get("offset", 0), params.get("limit", 500))
        if method == "dcc.execute":
            return self._execute(conn, seq, params)
        if method == "dcc.call_tool":
            if not isinstance(params.get("name"), str):
                raise DccError("INVALID_INPUT", "dcc.call_tool needs {name, arguments}")
            return self.tools.call(params["name"], params.get("arguments"))
        if method in SCENE_TRAITS:
            return self.host.trait(method, params)
        raise DccError("UNSUPPORTED", "unknown method %r" % method)

    def hello(self):
        return {"protocol": PROTOCOL, "info": self.host.info(), "capabilities": self.host.capabilities(), "tools": self.tools.declarations(), "catalog_size": len(self.catalog()), "instance_id": self.instance_id, "scene": self.host.current_scene()}

    def catalog(self):
        if self._catalog is None:
            self._catalog = catalog_mod.from_list(self.host.catalog())
        return self._catalog

    def _execute(self, conn, seq, params):
        code = params.get("code")
        if not isinstance(code, str):
            raise DccError("INVALID_INPUT", "dcc.execute needs a 'code' string")
        if params.get("language", "python") != "python":
            raise DccError("UNSUPPORTED", "only python scripts are supported, not %r" % params.get("language"))
        allowed = params.get("allowed_tools")

        def dispatch(name, args=None):
            return self.tools.call(name, args, allowed if isinstance(allowed, list) else None)

        def progress(value, total=None, message=None):
            conn.send(PROGRESS, seq, {"progress": value, "total": total, "message": message})

        execution = Execution(code, params.get("timeout_ms"), dispatch, progress)
        with self.lock:
            self.running[(conn, seq)] = execution
        try:
            return execution.run()
        finally:
            with self.lock:
                self.running.pop((conn, seq), None)

    def _beat(self):
        while not self.stopped.wait(HEARTBEAT_SECS):
            try:
                if not self.registry.heartbeat(self.host.dcc_type, self.instance_id):
                    # Someone pruned our row (e.g. after a long freeze): put it back.
                    self.registry.register(self.host.dcc_type, self.server.transport_address, port=self.server.port, version=self.host.version, scene=self.host.current_scene(), instance_id=self.instance_id)
            except Exception as e:  # pragma: no cover - the next beat retries
                os.write(2, ("dcc-mcp: heartbeat failed: %s\n" % e).encode())
