"""`dcc.execute` (SPEC §8): the code runs as a function body on the DCC's main thread (top-level `return` is the
output), its own stdout captured, `dispatch`/`progress` bound, timeout and Cancel enforced. A stop keeps
interrupting, escalating, until the script returns (see interrupt.py); a script that still has not returned after
`stuck_after` seconds is reported through `on_stuck` so the plugin can refuse new work."""
import ast
import builtins
import heapq
import sys
import threading
import time
import traceback

from . import capture as capture_mod
from . import interrupt
from .errors import DccError
from .interrupt import SCRIPT_FILE, ScriptInterrupted

STUCK_AFTER_S = 5.0


def compile_body(code):
    """Compiles `code` as the body of `def __dcc_script__():` keeping the user's line numbers."""
    module = ast.parse(code, SCRIPT_FILE, "exec")
    func = ast.parse("def __dcc_script__():\n    pass").body[0]
    func.body = module.body or [ast.Pass()]
    wrapper = ast.Module(body=[func], type_ignores=[])
    ast.fix_missing_locations(wrapper)
    return compile(wrapper, SCRIPT_FILE, "exec")


def safe_value(v, depth=0):
    """Makes a return value msgpack-safe: containers converted, unknown objects shown by repr."""
    if depth > 64:
        return repr(v)
    if v is None or isinstance(v, (bool, int, float, str, bytes)):
        if isinstance(v, int) and not isinstance(v, bool) and not -(2 ** 63) <= v < 2 ** 64:
            return str(v)
        return v
    if isinstance(v, dict):
        return {(k if isinstance(k, str) else str(k)): safe_value(x, depth + 1) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [safe_value(x, depth + 1) for x in v]
    return repr(v)


def trimmed_traceback(exc):
    """A traceback showing only the user's frames, like Python's own but short."""
    if isinstance(exc, SyntaxError):
        line = (exc.text or "").rstrip("\n")
        caret = " " * max(0, (exc.offset or 1) - 1) + "^"
        return "SyntaxError: %s (line %s)\n    %s\n    %s" % (exc.msg, exc.lineno, line.strip(), caret) if line else "SyntaxError: %s (line %s)" % (exc.msg, exc.lineno)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SCRIPT_FILE]
    lines = ["Traceback (most recent call last):"]
    for f in frames:
        lines.append("  line %d, in %s" % (f.lineno, "<script>" if f.name == "__dcc_script__" else f.name))
    lines.extend(l.rstrip("\n") for l in traceback.format_exception_only(type(exc), exc))
    return "\n".join(lines)


class Deadlines(object):
    """One daemon thread for every running script's timeout: a thread (threading.Timer) per execution costs more
    than a trivial script does. `add(delay, fn, arg)` → a handle for `cancel(handle)`; `fn(arg)` runs on the thread."""

    def __init__(self):
        self._cond = threading.Condition()
        self._heap = []
        self._seq = 0
        self._cancelled = 0
        self._thread = None

    def add(self, delay, fn, arg):
        with self._cond:
            self._seq += 1
            entry = [time.monotonic() + delay, self._seq, fn, arg, True]
            heapq.heappush(self._heap, entry)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="dcc-mcp-deadlines", daemon=True)
                self._thread.start()
            self._cond.notify()
            return entry

    def cancel(self, entry):
        with self._cond:
            if not entry[4]:
                return
            entry[4] = False
            self._cancelled += 1
            # Cancelled entries are dropped lazily; compact when they are most of the heap.
            if self._cancelled > 64 and self._cancelled * 2 > len(self._heap):
                self._heap = [e for e in self._heap if e[4]]
                heapq.heapify(self._heap)
                self._cancelled = 0

    def _run(self):
        while True:
            with self._cond:
                while self._heap and not self._heap[0][4]:
                    heapq.heappop(self._heap)
                    self._cancelled = max(0, self._cancelled - 1)
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                entry = heapq.heappop(self._heap)
                entry[4] = False
            entry[2](entry[3])


DEADLINES = Deadlines()


class Execution(object):
    """One script run; `stop(reason)` may be called from any thread. `signum`: a signal that interrupts blocking
    calls (only when the script runs on the Unix main thread of a blocking host, see interrupt.install_signal).
    `on_stuck(execution)` / `on_unstuck(execution)` are called from the interrupter thread."""

    def __init__(self, code, timeout_ms, dispatch, progress, signum=None, stuck_after=STUCK_AFTER_S, on_stuck=None, on_unstuck=None):
        self.code = code
        self.timeout = max(1, int(timeout_ms or 30000)) / 1000.0
        self.dispatch = dispatch
        self.progress = progress
        self.signum = signum
        self.stuck_after = stuck_after
        self.on_stuck = on_stuck
        self.on_unstuck = on_unstuck
        self.reason = None
        self.lock = threading.Lock()
        self.running = False
        self.finished = threading.Event()
        self.thread_id = None
        self.stuck = False
        self._interrupter = None
        self._old_trace = None
        self._done = False

    def stop(self, reason):
        """Interrupts the script (or makes it stop before it starts), and keeps interrupting until it returns."""
        with self.lock:
            if self.reason is None:
                self.reason = reason
            if not self.running or self._interrupter is not None:
                return
            interrupt.mark_stopping(self.thread_id, self)
            self._interrupter = threading.Thread(target=self._keep_interrupting, name="dcc-mcp-interrupt", daemon=True)
            self._interrupter.start()

    def _keep_interrupting(self):
        started = time.monotonic()
        delay = 0.05
        while True:
            with self.lock:
                if not self.running:
                    break
                interrupt.inject(self.thread_id)
                if self.signum is not None:
                    interrupt.send_signal(self.thread_id, self.signum)
            if self.finished.wait(delay):
                break
            delay = min(delay * 2, 0.5)
            if not self.stuck and time.monotonic() - started >= self.stuck_after:
                self.stuck = True
                if self.on_stuck:
                    self.on_stuck(self)
        if self.stuck and self.on_unstuck:
            self.on_unstuck(self)

    def run(self):
        """Runs on the calling (main) thread; returns the ScriptResult dict or raises DccError."""
        if self.reason:
            raise self._interrupted_error()
        try:
            code = compile_body(self.code)
        except SyntaxError as e:
            raise DccError("SCRIPT_ERROR", trimmed_traceback(e))
        env = {"__name__": "__dcc_script__", "__builtins__": builtins, "dispatch": self.dispatch, "progress": self.progress}
        exec(code, env)
        out = capture_mod.Capture()
        watchdog = None
        started = time.perf_counter()
        self._old_trace = sys.gettrace()
        output = error = None
        # Stopped (cancelled, abandoned) while it compiled: it never starts. Checked under the lock stop() takes, so a
        # stop either lands here or finds the script running and interrupts it; none slips in between.
        with self.lock:
            if self.reason is None:
                self.thread_id = threading.get_ident()
                self.running = True
        if not self.running:
            raise self._interrupted_error()
        try:
            capture_mod.begin(out)
            if not interrupt.async_supported():  # pragma: no cover - non-CPython fallback
                sys.settrace(self._trace)
            watchdog = DEADLINES.add(self.timeout, self.stop, "timeout")
            output = env["__dcc_script__"]()
        except BaseException as e:  # SystemExit, KeyboardInterrupt…: a script must never end the plugin
            error = e
        finally:
            # An interrupt injected just before the script returned can go off inside finish(): finish again until it
            # has run to its end (after that nothing is injected and nothing is pending).
            while True:
                try:
                    self.finish()
                    break
                except ScriptInterrupted:
                    continue
            if watchdog is not None:
                DEADLINES.cancel(watchdog)
            capture_mod.end()
        if error is None:
            return {"success": True, "output": safe_value(output), "stdout": out.text(), "execution_time_ms": int((time.perf_counter() - started) * 1000)}
        if isinstance(error, DccError):
            raise error
        if isinstance(error, ScriptInterrupted) or self.reason:  # or the script turned our interrupt into another error
            raise self._interrupted_error(out.text())
        raise DccError("SCRIPT_ERROR", trimmed_traceback(error), details=out.text() or None)

    def finish(self):
        """Ends the run: no interrupt reaches this thread afterwards. Idempotent, and safe to repeat when a pending
        interrupt went off inside it (every step can be done again; only the last marks it done)."""
        with self.lock:
            if self._done or self.thread_id is None:  # finished, or never started
                return
            self.running = False
            sys.settrace(self._old_trace)
            # No interrupt reaches this thread once it is disarmed and running is off (the interrupter checks both
            # under this lock); one injected just before may still be pending.
            interrupt.disarm(self.thread_id)
            interrupted = self._interrupter is not None
        if interrupted:
            interrupt.absorb_pending()
        self._done = True
        self.finished.set()

    def _interrupted_error(self, stdout=None):
        if self.reason == "timeout":
            return DccError("TIMEOUT", "script exceeded %d ms" % int(self.timeout * 1000), details=stdout or None, recoverable=True)
        return DccError("INTERNAL", "cancelled: %s" % (self.reason or "by the hub"), details="cancelled", recoverable=True)

    def _trace(self, frame, event, arg):  # pragma: no cover - non-CPython fallback
        if self.reason:
            raise ScriptInterrupted()
        return self._trace
