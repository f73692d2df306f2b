"""DCC MCP Hub plug-in for Maya. Load it with the Plug-in Manager (or `cmds.loadPlugin(path)`); it serves the hub
until unloaded. Add `resources/dcc-plugin` to PYTHONPATH (e.g. in Maya.env) so `dcc_mcp_plugin` imports."""
import os
import sys

# maya/plug-ins/<this file> → resources/dcc-plugin (also put on PYTHONPATH by dcc_mcp_hub.mod)
_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if _root not in sys.path:
    sys.path.insert(0, _root)

import maya.utils  # noqa: E402
from maya import cmds  # noqa: E402

from dcc_mcp_plugin import DccPlugin  # noqa: E402
from dcc_mcp_plugin.hosts.maya import MayaHost, MayaPump  # noqa: E402

_state = {}


def maya_useNewAPI():  # noqa: N802 - Maya's name
    """Tells Maya this plug-in uses the Python API 2.0."""


def initializePlugin(mobject):  # noqa: N802 - Maya's name
    plugin = DccPlugin(MayaHost())
    plugin.start()
    pump = MayaPump(plugin, maya.utils, cmds)
    pump.start()
    _state.update(plugin=plugin, pump=pump)


def uninitializePlugin(mobject):  # noqa: N802 - Maya's name
    if _state.get("pump"):
        _state["pump"].stop()
    if _state.get("plugin"):
        _state["plugin"].stop()
    _state.clear()
