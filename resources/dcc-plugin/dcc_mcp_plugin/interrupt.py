"""Stopping a script that does not want to stop (SPEC §8, issue 12). Three escalating means, all aimed at the
thread running the script:
1. an async exception (`PyThreadState_SetAsyncExc`) injected again and again until the script returns;
2. the first delivered interrupt installs a trace hook on that thread that raises again on every line of any
   non-plugin frame, so a bare `except:` in a loop cannot swallow it (its own handler line raises);
3. on the Unix main thread of a blocking (standalone/background) host, a signal (SIGUSR1 by default) that
   interrupts blocking calls such as `time.sleep()` or a socket read (PEP 475: the call raises instead of
   retrying). GUI hosts do not get the signal: their native event loop is not ours to interrupt.
A native call that never checks for Python signals (a C extension loop, a GUI modal dialog) cannot be
interrupted by any of these; the plugin then reports the main thread as stuck and refuses new work."""
import os
import signal
import sys
import threading

try:
    import ctypes

    _set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
except Exception:  # pragma: no cover - non-CPython
    ctypes = None
    _set_async_exc = None

SCRIPT_FILE = "<dcc-script>"
_PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))
# thread id -> the Execution being stopped on that thread (read by the signal handler and the trace hook).
_stopping = {}
_stopping_lock = threading.Lock()


class ScriptInterrupted(BaseException):
    """Raised inside a script to stop it (BaseException, so `except Exception:` in user code cannot swallow it).
    It is instantiated on the script's own thread, which is where it installs the escalation trace hook."""

    def __init__(self, *args):
        BaseException.__init__(self, *args)
        _escalate_on_this_thread()


def _is_plugin_frame(frame):
    return frame.f_code.co_filename.startswith(_PLUGIN_DIR)


def _inside_script(frame):
    while frame is not None:
        if frame.f_code.co_filename == SCRIPT_FILE:
            return True
        frame = frame.f_back
    return False


def _trace(frame, event, arg):
    if event == "line" and threading.get_ident() in _stopping and not _is_plugin_frame(frame) and _inside_script(frame):
        raise ScriptInterrupted()
    return _trace


def _escalate_on_this_thread():
    if threading.get_ident() not in _stopping or sys.gettrace() is _trace:
        return
    sys.settrace(_trace)
    f = sys._getframe(1)
    while f is not None:  # frames already running only trace once `f_trace` is set on them
        if not _is_plugin_frame(f):
            f.f_trace = _trace
        f = f.f_back


def mark_stopping(thread_id, execution):
    """Arms the escalation for `thread_id` (the trace hook and signal handler only act on armed threads)."""
    with _stopping_lock:
        _stopping[thread_id] = execution


def disarm(thread_id):
    """Disarms `thread_id`: the trace hook and signal handler stop acting on it."""
    with _stopping_lock:
        _stopping.pop(thread_id, None)


def absorb_pending():
    """Lets an interrupt still pending for the calling thread go off here, harmlessly. Why not clear it with
    PyThreadState_SetAsyncExc(id, NULL): CPython (3.11) then leaves its eval-breaker flag set with nothing to deliver,
    so every later loop of the DCC's main thread takes the slow path — and spins for good under a debugger's trace or
    a profiler. Delivering the pending exception here resets the flag."""
    try:
        for _ in range(4):  # backward jumps: the interpreter checks for async exceptions here
            pass
    except ScriptInterrupted:
        pass


def inject(thread_id):
    """Schedules ScriptInterrupted in `thread_id` at its next bytecode boundary (CPython)."""
    if _set_async_exc is not None:
        _set_async_exc(ctypes.c_ulong(thread_id), ctypes.py_object(ScriptInterrupted))


def async_supported():
    return _set_async_exc is not None


def _on_signal(signum, frame):
    if threading.get_ident() in _stopping:
        raise ScriptInterrupted()


def install_signal(signum=None):
    """Installs the interrupt signal handler; call on the main thread of a blocking host. Returns the signal
    number, or None where signals cannot interrupt (Windows, not the main thread)."""
    signum = signum if signum is not None else getattr(signal, "SIGUSR1", None)
    if signum is None or not hasattr(signal, "pthread_kill") or threading.current_thread() is not threading.main_thread():
        return None
    signal.signal(signum, _on_signal)
    return signum


def send_signal(thread_id, signum):
    """Wakes a blocking call on `thread_id` with `signum` (its handler raises if the thread is armed)."""
    try:
        signal.pthread_kill(thread_id, signum)
    except (OSError, ValueError):  # pragma: no cover - the thread just ended
        pass
