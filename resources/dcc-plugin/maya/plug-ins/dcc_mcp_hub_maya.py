"""DCC MCP Hub plug-in for Maya: serves the hub until unloaded. Installed as a Maya module (`dcc_mcp_hub.mod`,
"Install into Maya" in the hub's panel), it loads at start-up; or load it in the Plug-in Manager."""
import os
import sys

# maya/plug-ins/<this file> → resources/dcc-plugin (also put on PYTHONPATH by dcc_mcp_hub.mod)
_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if _root not in sys.path:
    sys.path.insert(0, _root)

from dcc_mcp_plugin import DccPlugin  # noqa: E402
from dcc_mcp_plugin.hosts.maya import MayaHost  # noqa: E402

_state = {}


def maya_useNewAPI():  # noqa: N802 - Maya's name
    """Tells Maya this plug-in uses the Python API 2.0."""


def initializePlugin(mobject):  # noqa: N802 - Maya's name
    host = MayaHost()
    plugin = DccPlugin(host)
    plugin.start()
    host.attach(plugin)
    _state.update(plugin=plugin, host=host)


def uninitializePlugin(mobject):  # noqa: N802 - Maya's name
    if _state.get("host"):
        _state["host"].detach()
    if _state.get("plugin"):
        _state["plugin"].stop()
    _state.clear()
