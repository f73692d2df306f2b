"""Tools a DCC plugin declares to the hub (ToolDeclaration of the seed). A studio adds one in a few lines:

    @plugin.tools.tool(description="Create a sphere", input_schema={"type": "object", "properties": {"radius": {"type": "number"}}})
    def create_sphere(radius=1.0):
        ...
"""
import inspect

from .errors import DccError


class ToolRegistry(object):
    """Name → (declaration, function)."""

    def __init__(self):
        self._tools = {}
        # Set by the plugin: called when the set of tools changes after start-up (→ a tools.changed push).
        self.on_change = None

    def add(self, name, func, description="", input_schema=None, output_schema=None, read_only=False, destructive=False, idempotent=False, source_file=""):
        """Declares `func` as the tool `name`; it is called with the tool arguments as keyword arguments."""
        if not name or not isinstance(name, str):
            raise ValueError("a tool needs a name")
        self._tools[name] = ({
            "name": name,
            "description": description or (inspect.getdoc(func) or "").split("\n")[0],
            "input_schema": input_schema or {"type": "object", "properties": {}},
            "output_schema": output_schema,
            "read_only": bool(read_only),
            "destructive": bool(destructive),
            "idempotent": bool(idempotent),
            "source_file": source_file,
        }, func)
        if self.on_change:
            self.on_change()
        return func

    def remove(self, name):
        """Withdraws a tool; the hub is told (tools.changed)."""
        if self._tools.pop(name, None) is not None and self.on_change:
            self.on_change()

    def tool(self, name=None, **declaration):
        """Decorator form of `add`; the function's name is the default tool name."""
        def wrap(func):
            return self.add(name or func.__name__, func, **declaration)
        return wrap

    def declarations(self):
        return [decl for decl, _ in self._tools.values()]

    def names(self):
        return list(self._tools)

    def call(self, name, arguments, allowed=None):
        """Runs a tool; `allowed` (a list) limits which tools may run (the hub's toggles)."""
        if name not in self._tools:
            raise DccError("INVALID_INPUT", "unknown tool %r; declared tools: %s" % (name, ", ".join(sorted(self._tools)) or "none"))
        if allowed is not None and name not in allowed:
            raise DccError("PERMISSION_DENIED", "tool %r is disabled in DCC MCP Hub" % name)
        args = arguments or {}
        if not isinstance(args, dict):
            raise DccError("INVALID_INPUT", "tool arguments must be an object, got %s" % type(args).__name__)
        try:
            return self._tools[name][1](**args)
        except TypeError as e:
            raise DccError("INVALID_INPUT", "bad arguments for %s: %s" % (name, e))
