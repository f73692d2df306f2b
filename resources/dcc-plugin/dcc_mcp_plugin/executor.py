"""`dcc.execute` (SPEC §8): the code runs as a function body on the DCC's main thread (top-level `return` is the
output), stdout captured, `dispatch`/`progress` bound, timeout and Cancel enforced. Interruption uses an async
exception injected into the main thread (CPython, every platform), with a trace hook as the fallback."""
import ast
import builtins
import io
import sys
import threading
import time
import traceback

from .errors import DccError

SCRIPT_FILE = "<dcc-script>"
MAX_STDOUT = 1024 * 1024

try:
    import ctypes

    _set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
except Exception:  # pragma: no cover - non-CPython
    _set_async_exc = None


class ScriptInterrupted(BaseException):
    """Raised inside a script to stop it (BaseException, so `except Exception:` in user code cannot swallow it)."""


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


class _Capture(io.TextIOBase):
    def __init__(self):
        self.parts = []
        self.size = 0

    def write(self, s):
        if self.size < MAX_STDOUT:
            self.parts.append(s[: MAX_STDOUT - self.size])
            self.size += len(s)
        return len(s)

    def text(self):
        out = "".join(self.parts)
        return out + ("\n…[stdout truncated at 1 MiB]" if self.size > MAX_STDOUT else "")


class Execution(object):
    """One script run; `stop(reason)` may be called from any thread."""

    def __init__(self, code, timeout_ms, dispatch, progress):
        self.code = code
        self.timeout = max(1, int(timeout_ms or 30000)) / 1000.0
        self.dispatch = dispatch
        self.progress = progress
        self.reason = None
        self.lock = threading.Lock()
        self.running = False
        self.thread_id = None

    def stop(self, reason):
        """Interrupts the script (or makes it stop before it starts)."""
        with self.lock:
            if self.reason is None:
                self.reason = reason
            if self.running and _set_async_exc is not None:
                _set_async_exc(ctypes.c_ulong(self.thread_id), ctypes.py_object(ScriptInterrupted))

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
        capture = _Capture()
        watchdog = threading.Timer(self.timeout, self.stop, args=("timeout",))
        watchdog.daemon = True
        started = time.perf_counter()
        old_stdout, old_trace = sys.stdout, sys.gettrace()
        try:
            sys.stdout = capture
            with self.lock:
                self.thread_id = threading.get_ident()
                self.running = True
            if _set_async_exc is None:  # pragma: no cover - non-CPython fallback
                sys.settrace(self._trace)
            watchdog.start()
            output = env["__dcc_script__"]()
            with self.lock:
                self.running = False
        except ScriptInterrupted:
            with self.lock:
                self.running = False
            raise self._interrupted_error(capture.text())
        except DccError:
            with self.lock:
                self.running = False
            raise
        except Exception as e:
            with self.lock:
                self.running = False
            raise DccError("SCRIPT_ERROR", trimmed_traceback(e), details=capture.text() or None)
        finally:
            watchdog.cancel()
            sys.stdout = old_stdout
            sys.settrace(old_trace)
            self._clear_pending()
        return {"success": True, "output": safe_value(output), "stdout": capture.text(), "execution_time_ms": int((time.perf_counter() - started) * 1000)}

    def _interrupted_error(self, stdout=None):
        if self.reason == "timeout":
            return DccError("TIMEOUT", "script exceeded %d ms" % int(self.timeout * 1000), details=stdout or None, recoverable=True)
        return DccError("INTERNAL", "cancelled: %s" % (self.reason or "by the hub"), details="cancelled", recoverable=True)

    def _clear_pending(self):
        # An interrupt that raced with the script's own return must not hit the plugin's code afterwards.
        if _set_async_exc is not None and self.thread_id is not None:
            _set_async_exc(ctypes.c_ulong(self.thread_id), None)

    def _trace(self, frame, event, arg):  # pragma: no cover - non-CPython fallback
        if self.reason:
            raise ScriptInterrupted()
        return self._trace
