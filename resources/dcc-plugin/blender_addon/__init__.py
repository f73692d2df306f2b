"""DCC MCP Hub add-on for Blender (GUI): serves DccLink to the hub from a bpy.app.timers pump.

Install: "Install into Blender" in the hub's panel, or Edit → Preferences → Add-ons → Install… with the zip
(scripts/package-blender-addon.py). It serves only while its "Serve the hub" preference is on, and removes its
registry row and socket when Blender quits."""
import atexit
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

_state = {"plugin": None, "host": None}


def _prefs():
    addon = bpy.context.preferences.addons.get(__name__)
    return addon.preferences if addon else None


def start_server():
    if _state["plugin"] is not None:
        return
    prefs = _prefs()
    host = BlenderHost()
    plugin = DccPlugin(host, registry_dir=(prefs.registry_dir or None) if prefs else None)
    plugin.start()
    host.attach(plugin)
    _state.update(plugin=plugin, host=host)


def stop_server():
    plugin, host = _state["plugin"], _state["host"]
    _state.update(plugin=None, host=None)
    try:
        if host is not None:
            host.detach()
    finally:
        if plugin is not None:
            plugin.stop()


# Blender does not unregister add-ons at quit; Python's exit handlers do run (Blender finalizes Python).
atexit.register(stop_server)


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
    # The saved preference decides: a user who turned serving off does not get it back on the next launch.
    prefs = _prefs()
    if prefs is None or prefs.enabled:
        start_server()
    return None


def register():
    bpy.utils.register_class(DccMcpHubPreferences)
    # bpy.data is restricted while add-ons register: start serving on the first timer tick instead.
    bpy.app.timers.register(_deferred_start, first_interval=0.0)


def unregister():
    if bpy.app.timers.is_registered(_deferred_start):
        bpy.app.timers.unregister(_deferred_start)
    stop_server()
    bpy.utils.unregister_class(DccMcpHubPreferences)
