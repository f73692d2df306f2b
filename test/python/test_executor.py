import threading
import time
import unittest

import helpers  # noqa: F401  (sets sys.path)
from dcc_mcp_plugin.errors import DccError
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


if __name__ == "__main__":
    unittest.main()
