import io
import signal
import sys
import threading
import time
import unittest

import helpers  # noqa: F401  (sets sys.path)
from dcc_mcp_plugin.errors import DccError
from dcc_mcp_plugin import interrupt
from dcc_mcp_plugin.executor import Execution
from dcc_mcp_plugin.tools import ToolRegistry


def run(code, timeout_ms=5000, allowed=None, progress=None):
    tools = ToolRegistry()
    tools.add("double", lambda x=0: x * 2, description="x*2")
    tools.add("wipe", lambda: "wiped", destructive=True)
    return Execution(code, timeout_ms, lambda n, a=None: tools.call(n, a, allowed), progress or (lambda *a: None)).run()


class ExecutorTest(unittest.TestCase):
    def test_return_value_and_stdout(self):
        r = run("print('hello')\nx = [1, 2]\nreturn {'x': x, 't': (1, 2), 's': {3}}")
        self.assertEqual(r["output"], {"x": [1, 2], "t": [1, 2], "s": [3]})
        self.assertEqual(r["stdout"], "hello\n")
        self.assertTrue(r["success"])

    def test_last_expression_is_not_returned(self):
        self.assertIsNone(run("1 + 1")["output"])

    def test_dispatch_and_allowed_tools(self):
        self.assertEqual(run("return dispatch('double', {'x': 21})")["output"], 42)
        with self.assertRaises(DccError) as cm:
            run("return dispatch('wipe')", allowed=["double"])
        self.assertEqual(cm.exception.code, "PERMISSION_DENIED")
        self.assertIn("disabled in DCC MCP Hub", cm.exception.message)

    def test_script_error_traceback_is_trimmed_with_user_line_numbers(self):
        with self.assertRaises(DccError) as cm:
            run("a = 1\ndef f():\n    return 1 / 0\nreturn f()")
        e = cm.exception
        self.assertEqual(e.code, "SCRIPT_ERROR")
        self.assertEqual(e.message, "Traceback (most recent call last):\n  line 4, in <script>\n  line 3, in f\nZeroDivisionError: division by zero")

    def test_syntax_error(self):
        with self.assertRaises(DccError) as cm:
            run("x = (1,\nreturn 2")
        self.assertEqual(cm.exception.code, "SCRIPT_ERROR")
        self.assertIn("SyntaxError", cm.exception.message)

    def test_infinite_loop_times_out(self):
        started = time.time()
        with self.assertRaises(DccError) as cm:
            run("while True:\n    pass", timeout_ms=300)
        self.assertEqual(cm.exception.code, "TIMEOUT")
        self.assertLess(time.time() - started, 3)

    def test_timeout_is_not_swallowed_by_except_exception(self):
        with self.assertRaises(DccError) as cm:
            run("while True:\n    try:\n        pass\n    except Exception:\n        pass", timeout_ms=200)
        self.assertEqual(cm.exception.code, "TIMEOUT")

    def test_cancel_from_another_thread(self):
        ex = Execution("i = 0\nwhile True:\n    i += 1", 60000, None, lambda *a: None)
        threading.Timer(0.2, ex.stop, args=("user pressed stop",)).start()
        with self.assertRaises(DccError) as cm:
            ex.run()
        self.assertEqual((cm.exception.code, cm.exception.message, cm.exception.details), ("INTERNAL", "cancelled: user pressed stop", "cancelled"))

    def test_progress_reports(self):
        seen = []
        run("for i in range(3):\n    progress(i + 1, 3, 'step %d' % i)\nreturn 'ok'", progress=lambda *a: seen.append(a))
        self.assertEqual(seen, [(1, 3, "step 0"), (2, 3, "step 1"), (3, 3, "step 2")])

    def test_one_mib_result(self):
        r = run("return 'x' * (1024 * 1024)")
        self.assertEqual(len(r["output"]), 1024 * 1024)

    def test_imports_work_as_usual(self):
        self.assertEqual(run("import json\nreturn json.dumps([1])")["output"], "[1]")


def run_in_thread(ex, deadline=10.0):
    """Runs `ex` on a worker thread; returns (error, still_running) after at most `deadline` seconds."""
    box = {}

    def target():
        try:
            box["result"] = ex.run()
        except BaseException as e:  # noqa: B902 - the test inspects whatever came out
            box["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(deadline)
    return box.get("error"), t.is_alive()


class StoppingTest(unittest.TestCase):
    def test_bare_except_in_a_loop_cannot_swallow_the_timeout(self):
        ex = Execution("while True:\n    try:\n        x = sum(range(50))\n    except:\n        pass", 200, None, lambda *a: None)
        error, alive = run_in_thread(ex)
        self.assertFalse(alive, "the script was never stopped")
        self.assertEqual(error.code, "TIMEOUT")

    def test_bare_except_that_continues_cannot_swallow_cancel(self):
        ex = Execution("n = 0\nwhile True:\n    try:\n        n += 1\n    except BaseException:\n        continue", 60000, None, lambda *a: None)
        threading.Timer(0.2, ex.stop, args=("stop",)).start()
        error, alive = run_in_thread(ex)
        self.assertFalse(alive, "the script was never stopped")
        self.assertEqual(error.message, "cancelled: stop")

    def test_a_call_stopped_while_it_compiles_never_runs(self):
        # A Cancel that arrives after run() started but before the script does (here: during compile) must keep the
        # script from running at all, not only interrupt it a moment later.
        from dcc_mcp_plugin import executor as executor_mod

        ran = []
        real = executor_mod.compile_body
        try:
            for _ in range(20):
                ex = Execution("dispatch('ran')\nreturn 1", 60000, lambda n, a=None: ran.append(n), lambda *a: None)

                def compile_then_cancel(code, ex=ex):
                    compiled = real(code)
                    ex.stop("cancelled by the agent")
                    return compiled

                executor_mod.compile_body = compile_then_cancel
                with self.assertRaises(DccError) as cm:
                    ex.run()
                self.assertEqual(cm.exception.message, "cancelled: cancelled by the agent")
        finally:
            executor_mod.compile_body = real
        self.assertEqual(ran, [], "a cancelled script ran")
        self.assertEqual(run("return 'next'")["output"], "next")

    def test_an_interrupt_going_off_inside_finish_does_not_escape_or_leave_the_run_half_ended(self):
        # An interrupt injected just as the script returns can go off inside finish(): simulated here by making the
        # first disarm raise it. run() must still finish (event set, capture ended) and the next script be unharmed.
        real = interrupt.disarm
        calls = []

        def disarm_once_interrupted(thread_id):
            calls.append(thread_id)
            if len(calls) == 1:
                raise interrupt.ScriptInterrupted()
            return real(thread_id)

        ex = Execution("print('hi')\nreturn 41 + 1", 60000, None, lambda *a: None)
        interrupt.disarm = disarm_once_interrupted
        try:
            result = ex.run()
        finally:
            interrupt.disarm = real
        self.assertEqual(result["output"], 42)
        self.assertEqual(result["stdout"], "hi\n")
        self.assertTrue(ex.finished.is_set())
        self.assertEqual(len(calls), 2)
        after = run("print('again')\nreturn 'next'")
        self.assertEqual((after["output"], after["stdout"]), ("next", "again\n"))

    def test_sys_exit_is_a_script_error_not_the_end_of_the_plugin(self):
        for code, shown in (("import sys\nsys.exit(3)", "SystemExit: 3"), ("raise KeyboardInterrupt()", "KeyboardInterrupt")):
            with self.assertRaises(DccError) as cm:
                run(code)
            self.assertEqual(cm.exception.code, "SCRIPT_ERROR")
            self.assertIn(shown, cm.exception.message)

    def test_other_threads_output_does_not_land_in_the_result(self):
        real, sys.stdout = sys.stdout, io.StringIO()
        stop = threading.Event()
        printed = threading.Event()

        def noise():
            while not stop.is_set():
                print("noise")
                printed.set()
                time.sleep(0.001)

        t = threading.Thread(target=noise, daemon=True)
        try:
            t.start()
            self.assertTrue(printed.wait(5))
            r = run("import time\nprint('mine')\nfor i in range(20):\n    time.sleep(0.005)\nprint('done')\nreturn 1")
            stop.set()
            t.join(5)
            elsewhere = sys.stdout.getvalue()
        finally:
            sys.stdout = real
        self.assertEqual(r["stdout"], "mine\ndone\n")
        self.assertIn("noise", elsewhere)
        self.assertNotIn("mine", elsewhere)

    @unittest.skipIf(not hasattr(signal, "pthread_kill"), "no signals on this platform (Windows): see the README")
    def test_a_signal_interrupts_a_blocking_sleep_on_the_main_thread(self):
        signum = interrupt.install_signal()
        try:
            started = time.monotonic()
            ex = Execution("import time\nwhile True:\n    try:\n        time.sleep(30)\n    except:\n        pass", 300, None, lambda *a: None, signum=signum)
            with self.assertRaises(DccError) as cm:
                ex.run()
            self.assertEqual(cm.exception.code, "TIMEOUT")
            self.assertLess(time.monotonic() - started, 25, "time.sleep(30) ran to its end")
        finally:
            signal.signal(signum, signal.SIG_DFL)

    def test_a_script_that_does_not_return_is_reported_stuck_then_unstuck(self):
        events = []
        # Without the signal, nothing interrupts time.sleep(): the script is stuck until the sleep ends.
        ex = Execution("import time\ntime.sleep(1.0)\nreturn 'late'", 100, None, lambda *a: None, stuck_after=0.2, on_stuck=lambda e: events.append("stuck"), on_unstuck=lambda e: events.append("ok"))
        error, alive = run_in_thread(ex)
        self.assertFalse(alive)
        self.assertEqual(error.code, "TIMEOUT")
        self.assertTrue(ex.finished.is_set())
        ex._interrupter.join(5)
        self.assertEqual(events, ["stuck", "ok"])


if __name__ == "__main__":
    unittest.main()


class ExecutorUnderDebuggerTest(unittest.TestCase):
    """A DCC may run with a debugger's trace (PyCharm/VS Code attached to Maya) or a profiler: scripts, timeouts and
    the runs after an interrupt must still finish. (Clearing a pending interrupt with PyThreadState_SetAsyncExc(NULL)
    left CPython's eval breaker set: the main thread then spun forever under a trace or profile hook.)"""

    def test_scripts_and_interrupts_under_a_trace_and_a_profile_hook(self):
        import subprocess

        child = (
            "import sys\n"
            "sys.path.insert(0, %r)\n"
            "from dcc_mcp_plugin.executor import Execution\n"
            "from dcc_mcp_plugin.errors import DccError\n"
            "def hook(frame, event, arg): return hook\n"
            "getattr(sys, sys.argv[1])(hook)\n"
            "ok = [Execution('return 1', 30000, None, None).run()['output'] for _ in range(3)]\n"
            "try:\n"
            "    Execution('while True:\\n  try:\\n    pass\\n  except:\\n    pass', 300, None, None).run()\n"
            "except DccError as e:\n"
            "    ok.append(e.body()['code'])\n"
            "ok.append(Execution('return 2', 30000, None, None).run()['output'])\n"
            "print(ok)\n"
        ) % helpers.PLUGIN_DIR
        for hook in ("settrace", "setprofile"):
            r = subprocess.run([sys.executable, "-c", child, hook], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=60)
            self.assertEqual(r.stdout.strip().splitlines()[-1:], ["[1, 1, 1, 'TIMEOUT', 2]"], r.stdout[-2000:])
