"""DCC MCP Hub add-on for Blender (GUI): serves DccLink to the hub from a bpy.app.timers pump.

Install: Edit → Preferences → Add-ons → Install… and pick a zip of this folder together with the
`dcc_mcp_plugin` package (see resources/dcc-plugin/README.md), or copy both into your add-ons folder."""
import os
import sys

bl_info = {
    "name": "DCC MCP Hub",
    "author": "DCC MCP Hub",
    "version": (0, 1, 0),
    "blender": (3, 0, 0),
    "location": "Edit > Preferences > Add-ons > DCC MCP Hub",
    "description": "Lets AI agents work in this Blender through DCC MCP Hub (approve their scripts in the hub)",
    "category": "System",
}

_here = os.path.dirname(os.path.abspath(__file__))
for candidate in (_here, os.path.dirname(_here)):
    if os.path.isdir(os.path.join(candidate, "dcc_mcp_plugin")) and candidate not in sys.path:
        sys.path.insert(0, candidate)

import bpy  # noqa: E402

from dcc_mcp_plugin import DccPlugin  # noqa: E402
from dcc_mcp_plugin.hosts.blender import BlenderHost  # noqa: E402

_state = {"plugin": None}


def _pump():
    """Runs queued work; asks to run again on the next window-manager loop (interval 0)."""
    plugin = _state["plugin"]
    if plugin is None:
        return None
    plugin.pump(budget_ms=50)
    # Blender 3.4's window-manager loop sleeps 5 ms whenever it had no window event, and timers run once per
    # loop: measured, even a 1 ms event timer fires only every ~5.2 ms. Running on every loop (interval 0) is
    # therefore the fastest a Python pump can answer (~5.5 ms p50), and costs one cheap call per loop.
    return 0.0


def start_server():
    if _state["plugin"] is not None:
        return
    prefs = bpy.context.preferences.addons[__name__].preferences if __name__ in bpy.context.preferences.addons else None
    plugin = DccPlugin(BlenderHost(), registry_dir=(prefs.registry_dir or None) if prefs else None)
    plugin.start()
    _state["plugin"] = plugin
    bpy.app.timers.register(_pump, first_interval=0.0, persistent=True)


def stop_server():
    plugin = _state["plugin"]
    _state["plugin"] = None
    if plugin is not None:
        plugin.stop()
    if bpy.app.timers.is_registered(_pump):
        bpy.app.timers.unregister(_pump)


def _toggle(self, _context):
    if self.enabled:
        start_server()
    else:
        stop_server()


class DccMcpHubPreferences(bpy.types.AddonPreferences):
    bl_idname = __name__

    enabled: bpy.props.BoolProperty(name="Serve the hub", description="Let DCC MCP Hub connect to this Blender", default=True, update=_toggle)
    registry_dir: bpy.props.StringProperty(name="Registry folder", description="Leave empty for the default ($DCC_MCP_REGISTRY_DIR, else a private per-user folder)", subtype="DIR_PATH", default="")

    def draw(self, _context):
        layout = self.layout
        layout.prop(self, "enabled")
        layout.prop(self, "registry_dir")
        plugin = _state["plugin"]
        layout.label(text="Serving on %s" % plugin.server.address if plugin else "Not serving", icon="CHECKMARK" if plugin else "X")


def _deferred_start():
    start_server()
    return None


def register():
    bpy.utils.register_class(DccMcpHubPreferences)
    # bpy.data is restricted while add-ons register: start serving on the first timer tick instead.
    bpy.app.timers.register(_deferred_start, first_interval=0.0)


def unregister():
    stop_server()
    bpy.utils.unregister_class(DccMcpHubPreferences)
