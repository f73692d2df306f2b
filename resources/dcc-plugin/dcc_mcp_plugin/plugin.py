"""DccPlugin: serves DccLink for one DCC instance. Frames are read on background threads; work is queued and
run on the host's main thread by `pump(budget_ms)` (GUI hosts, from their idle callback) or `serve_forever()`
(background/standalone hosts: blocks on the queue, so a call costs no polling delay)."""
import os
import queue
import threading
import time

from . import catalog as catalog_mod
from .content import ContentRegistry
from .errors import DccError
from .executor import STUCK_AFTER_S, Execution
from .frame import CALL, ERR, PROGRESS, PUSH, REPLY, SUPPORTED_VERSIONS
from .host import SCENE_TRAITS
from .registry import Registry, RegistryError
from .server import Server
from .tools import ToolRegistry

PROTOCOL = 1
# Tests and benches shorten it; DCCs keep dcc-mcp-core's 5 s.
HEARTBEAT_SECS = float(os.environ.get("DCC_MCP_PLUGIN_HEARTBEAT_SECS") or 5.0)
# Scene/selection pushes are coalesced: at most one per topic per this many seconds (the last one always goes out).
PUSH_THROTTLE_SECS = 0.2
# Calls after which the scene and selection are compared with before (→ scene.changed / selection.changed).
_MAY_EDIT = frozenset(["dcc.execute", "dcc.call_tool", "scene.set_selection", "transform.set"])


class DccPlugin(object):
    """The plugin core shared by every host (standalone, Blender, Maya…)."""

    def __init__(self, host, registry_dir=None, transport="auto", instance_id=None, framing="dcclink", max_result_bytes=None, stuck_after=None):
        self.host = host
        self.tools = ToolRegistry()
        host.register_tools(self.tools)
        self.content = ContentRegistry()
        host.register_content(self.content)
        self._throttle = {}
        self._throttle_lock = threading.Lock()
        host.notify = self.notify
        self.tools.on_change = lambda: self.notify("tools.changed")
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
        # Set by a GUI host's attach(): schedules pump() on the DCC main thread. Called from reader threads.
        self.wake = None
        self._wake_timer_set = False
        # What our registry row says; the heartbeat thread re-registers from this, never from host calls
        # (DCC APIs such as maya.cmds are not thread-safe).
        self._row = {}
        self.scene = None
        self._written_scene = None
        self.max_result_bytes = max_result_bytes or int(os.environ.get("DCC_MCP_MAX_RESULT_BYTES") or 0) or None
        self.stuck_after = stuck_after or float(os.environ.get("DCC_MCP_STUCK_AFTER_S") or STUCK_AFTER_S)
        # Set by blocking hosts (runner.serve_until_signal) whose main thread may be woken by a signal.
        self.interrupt_signal = None
        # The main thread is "stuck" when a stopped script has not returned after `stuck_after` s: work is refused.
        self.stuck = None

    # ---- lifecycle ----
    def start(self):
        """Listens, registers the row, starts heartbeating; returns the address string."""
        self.server = Server(self._on_frame, self._on_cancel, transport=self.transport, dcc=self.host.dcc_type, framing=self.framing, max_result_bytes=self.max_result_bytes)
        metadata = {"framing": self.framing} if self.framing != "dcclink" else {}
        if getattr(self.host, "simulated", False):
            # A demo DCC says so, so the panel can mark it and nobody expects bpy/maya.cmds inside it.
            metadata["simulated"] = "true"
        metadata["dcclink_versions"] = ",".join(str(v) for v in SUPPORTED_VERSIONS)
        self.scene = self._written_scene = self.host.current_scene()
        self._row = {"port": self.server.port, "version": self.host.version, "display_name": "%s %s" % (self.host.dcc_type, self.host.version), "metadata": metadata}
        for attempt in range(3):
            try:
                self.instance_id = self.registry.register(self.host.dcc_type, self.server.transport_address, scene=self.scene, instance_id=self.instance_id, **self._row)
                break
            except RegistryError:
                # Another writer held services.lock for its whole 2 s wait: a busy registry must not stop the DCC.
                if attempt == 2:
                    raise
        self.host.install_handlers()
        self._check_changes()
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
                if isinstance(execution, Execution):
                    execution.stop("the DCC plugin is stopping")
        if self.server:
            self.server.close()
        self.host.close()
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
            self._run(item)
            done += 1
        wait = self._poll_dirty()
        if wait is not None and self.wake is not None and not self._wake_timer_set:
            # A GUI host pumps only when woken: come back when the throttle allows the comparison.
            self._wake_timer_set = True
            timer = threading.Timer(wait, self._rewake)
            timer.daemon = True
            timer.start()
        return done

    def _rewake(self):
        self._wake_timer_set = False
        wake = self.wake
        if wake is not None:
            wake()

    def _poll_dirty(self):
        """Compares the scene when something may have changed it (an edit by a call, or a DCC event), after the
        replies went out and at most every PUSH_THROTTLE_SECS: a full scene comparison never sits on a call's path.
        @returns seconds until a pending comparison is allowed, or None when nothing is pending."""
        if not getattr(self.host, "dirty", False):
            return None
        left = getattr(self, "_dirty_checked", 0.0) + PUSH_THROTTLE_SECS - time.monotonic()
        if left > 0:
            return left
        self.host.dirty = False
        self._dirty_checked = time.monotonic()
        self._check_changes()
        return None

    def has_work(self):
        return not self.work.empty()

    def serve_forever(self, stop_event=None):
        """Blocks on the main thread, running work as it arrives, until stop() or `stop_event`."""
        while not self.stopped.is_set() and not (stop_event and stop_event.is_set()):
            # Only when idle, so a comparison never delays queued calls.
            wait = self._poll_dirty() if self.work.empty() else None
            try:
                item = self.work.get(timeout=min(0.2, wait) if wait is not None else 0.2)
            except queue.Empty:
                continue
            if item is None:
                break
            self._run(item)

    def scene_changed(self, scene):
        """Main thread: the host opened / saved a scene. Pushes `scene.changed`; the row follows on the next beat."""
        self.scene = scene
        self.push("scene.changed", {"scene": scene})

    def push(self, topic, data=None):
        """Sends a Push event (e.g. scene.changed) to every connected hub."""
        for conn in list(self.server.conns if self.server else []):
            if conn.authenticated:  # scene data only for a proven hub
                conn.send(PUSH, 0, {"topic": topic, "data": data})

    def notify(self, topic, data=None):
        """Throttled push for host events (scene.changed, selection.changed, tools.changed): a burst of edits sends
        one push now and one trailing push with the latest data; safe from any thread."""
        now = time.monotonic()
        with self._throttle_lock:
            state = self._throttle.setdefault(topic, {"last": 0.0, "timer": None, "data": None})
            state["data"] = data
            if state["timer"] is not None:
                return
            wait = state["last"] + PUSH_THROTTLE_SECS - now
            if wait <= 0:
                state["last"] = now
                send_now = True
            else:
                send_now = False
                state["timer"] = threading.Timer(wait, self._trailing, (topic,))
                state["timer"].daemon = True
                state["timer"].start()
        if send_now:
            self.push(topic, data)

    def _trailing(self, topic):
        with self._throttle_lock:
            state = self._throttle[topic]
            state["timer"] = None
            state["last"] = time.monotonic()
            data = state["data"]
        if not self.stopped.is_set():
            self.push(topic, data)

    # ---- frames ----
    def _on_frame(self, conn, msg_type, seq, body):
        if msg_type != CALL:
            return
        if not isinstance(body, dict) or not isinstance(body.get("method"), str):
            conn.send(ERR, seq, {"code": "INVALID_INPUT", "message": "Call body must be {method, params?, timeout_ms?}", "recoverable": False})
            return
        stuck = self.stuck
        if stuck is not None:
            conn.send(ERR, seq, self._stuck_error(stuck))
            return
        timeout_ms = body.get("timeout_ms")
        ticket = _Ticket(conn, seq, body["method"], body.get("params"), timeout_ms if isinstance(timeout_ms, (int, float)) and timeout_ms > 0 else None)
        with self.lock:
            self.running[(conn, seq)] = ticket
        self.work.put(ticket)
        wake = self.wake
        if wake is not None:
            wake()

    def _on_cancel(self, conn, seq, reason):
        dropped = []
        with self.lock:
            for (c, s), item in list(self.running.items()):
                if c is conn and (seq is None or s == seq):
                    if isinstance(item, _Ticket) and item.started:
                        item.cancelled = reason or "cancelled"  # _execute stops its script as soon as it exists
                    elif isinstance(item, _Ticket):
                        # Queued, not started: it will never run (the caller has already given up on it).
                        item.cancelled = reason or "cancelled"
                        dropped.append(self.running.pop((c, s)))
                    else:
                        item.stop(reason)
        for ticket in dropped:
            if _is_open(conn):
                conn.send(ERR, ticket.seq, {"code": "INTERNAL", "message": "cancelled: %s (it had not started)" % ticket.cancelled, "details": "cancelled", "recoverable": True})

    def _run(self, ticket):
        conn, seq = ticket.conn, ticket.seq
        with self.lock:
            if self.running.get((conn, seq)) is not ticket:  # cancelled (and answered) while it was queued
                return
            ticket.started = True
        try:
            self._run_ticket(ticket)
        finally:
            with self.lock:
                self.running.pop((conn, seq), None)

    def _run_ticket(self, ticket):
        conn, seq = ticket.conn, ticket.seq
        skip = ticket.skip_reason()
        if skip is not None or not _is_open(conn):
            if _is_open(conn):
                conn.send(ERR, seq, {"code": "INTERNAL", "message": "not run: %s" % skip, "details": "cancelled", "recoverable": True})
            return
        stuck = self.stuck
        if stuck is not None:
            conn.send(ERR, seq, self._stuck_error(stuck))
            return
        try:
            result = self._dispatch(conn, seq, ticket.method, ticket.params or {}, ticket)
            conn.send(REPLY, seq, {"result": result})
        except DccError as e:
            conn.send(ERR, seq, e.body())
        except BaseException as e:  # never let a method (or a late interrupt) end the serving loop
            conn.send(ERR, seq, {"code": "INTERNAL", "message": "%s: %s" % (type(e).__name__, e), "recoverable": False})
        if ticket.method in _MAY_EDIT:
            self.host.dirty = True

    def _check_changes(self):
        try:
            self.host.check_changes()
        except Exception as e:  # a broken scene query must not break the call that preceded it
            os.write(2, ("dcc-mcp: change check failed: %s\n" % e).encode())

    def _dispatch(self, conn, seq, method, params, ticket):
        if method == "dcc.hello":
            return self.hello()
        if method == "dcc.catalog":
            return catalog_mod.page(self.catalog(), params.get("offset", 0), params.get("limit", 500))
        if method == "dcc.execute":
            return self._execute(conn, seq, params, ticket)
        if method == "dcc.call_tool":
            if not isinstance(params.get("name"), str):
                raise DccError("INVALID_INPUT", "dcc.call_tool needs {name, arguments}")
            return self.tools.call(params["name"], params.get("arguments"))
        if method == "dcc.read_resource":
            return self.content.read(params.get("uri"), self.instance_id)
        if method == "dcc.get_prompt":
            if not isinstance(params.get("name"), str):
                raise DccError("INVALID_INPUT", "dcc.get_prompt needs {name, arguments}")
            return self.content.get(params["name"], params.get("arguments"))
        if method in SCENE_TRAITS:
            return self.host.trait(method, params)
        raise DccError("UNSUPPORTED", "unknown method %r" % method)

    def hello(self):
        out = {"protocol": PROTOCOL, "info": self.host.info(), "capabilities": self.host.capabilities(), "tools": self.tools.declarations(), "catalog_size": len(self.catalog()), "frame_versions": list(SUPPORTED_VERSIONS), "instance_id": self.instance_id, "scene": self.host.current_scene()}
        out.update(self.content.declarations(self.instance_id))
        return out

    def catalog(self):
        if self._catalog is None:
            self._catalog = catalog_mod.from_list(self.host.catalog())
        return self._catalog

    def _execute(self, conn, seq, params, ticket):
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

        timeout_ms = params.get("timeout_ms") or 30000
        remaining_ms = ticket.remaining_ms()
        if remaining_ms is not None:  # the hub's deadline started when it sent the call, not when the script starts
            timeout_ms = min(timeout_ms, remaining_ms)
        execution = Execution(code, timeout_ms, dispatch, progress, signum=self.interrupt_signal, stuck_after=self.stuck_after, on_stuck=self._on_stuck, on_unstuck=self._on_unstuck)
        with self.lock:
            self.running[(conn, seq)] = execution
            if ticket.cancelled:
                execution.stop(ticket.cancelled)
        try:
            return execution.run()
        finally:
            execution.finish()

    # ---- a main thread that does not come back ----
    def _on_stuck(self, execution):
        self.stuck = {"since": time.time(), "reason": execution.reason}
        os.write(2, ("dcc-mcp: the main thread has not returned from a stopped script (%s); refusing new work\n" % execution.reason).encode())
        self._drain_queue()
        self.push("status", self.status())

    def _on_unstuck(self, execution):
        self.stuck = None
        self.push("status", self.status())

    def status(self):
        """{state: "ok"|"stuck", since_ms?, message?}: pushed to hubs on the topic `status` when it changes."""
        stuck = self.stuck
        if stuck is None:
            return {"state": "ok"}
        return {"state": "stuck", "since_ms": int(stuck["since"] * 1000), "message": self._stuck_error(stuck)["message"]}

    def _stuck_error(self, stuck):
        return {"code": "NOT_RESPONDING", "message": "the %s main thread is stuck in a script that was stopped (%s) %d s ago and did not return; new work is refused until it does" % (self.host.dcc_type, stuck["reason"], time.time() - stuck["since"]), "recoverable": True}

    def _drain_queue(self):
        while True:
            try:
                item = self.work.get_nowait()
            except queue.Empty:
                return
            if item is None:
                self.work.put(None)
                return
            with self.lock:
                self.running.pop((item.conn, item.seq), None)
            if _is_open(item.conn):
                item.conn.send(ERR, item.seq, self._stuck_error(self.stuck or {"since": time.time(), "reason": "?"}))

    def beat(self):
        """One heartbeat (runs on the heartbeat thread: no host calls here). Writes a changed scene name, and puts
        the row back — with its display name and framing metadata — if someone pruned it (e.g. after a freeze)."""
        scene = self.scene
        if scene != self._written_scene:
            alive = self.registry.patch(self.host.dcc_type, self.instance_id, scene=scene)
        else:
            alive = self.registry.heartbeat(self.host.dcc_type, self.instance_id)
        if not alive:
            self.registry.register(self.host.dcc_type, self.server.transport_address, scene=scene, instance_id=self.instance_id, **self._row)
        self._written_scene = scene

    def _beat(self):
        while not self.stopped.wait(HEARTBEAT_SECS):
            try:
                self.beat()
            except Exception as e:  # pragma: no cover - the next beat retries
                os.write(2, ("dcc-mcp: heartbeat failed: %s\n" % e).encode())


def _is_open(conn):
    """Whether a reply can still reach the caller (connections without the flag are treated as open)."""
    return getattr(conn, "open", True)


class _Ticket(object):
    """A call waiting for the main thread; it is skipped if cancelled, its connection closed, or its deadline passed."""

    __slots__ = ("conn", "seq", "method", "params", "timeout_ms", "received", "cancelled", "started")

    def __init__(self, conn, seq, method, params, timeout_ms):
        self.conn, self.seq, self.method, self.params, self.timeout_ms = conn, seq, method, params, timeout_ms
        self.received = time.monotonic()
        self.cancelled = None
        self.started = False

    def remaining_ms(self):
        if self.timeout_ms is None:
            return None
        return max(1, int(self.timeout_ms - (time.monotonic() - self.received) * 1000))

    def skip_reason(self):
        if self.timeout_ms is not None and (time.monotonic() - self.received) * 1000 >= self.timeout_ms:
            return "its %d ms deadline passed while it waited for the main thread" % self.timeout_ms
        return None
