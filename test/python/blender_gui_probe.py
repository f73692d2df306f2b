"""Drives the installed add-on in Blender for test_blender.py (run with the test's BLENDER_USER_CONFIG/SCRIPTS):
    blender -b --python blender_gui_probe.py -- save-off ADDON.zip      install, enable, turn "Serve" off, save prefs
    blender --python blender_gui_probe.py -- probe REGISTRY_DIR         (GUI) report, turn serving on, report, quit
Prints `DCC_MCP_PROBE {json}` lines."""
import json
import os
import sys

import bpy

args = sys.argv[sys.argv.index("--") + 1:]


def say(**kw):
    print("DCC_MCP_PROBE " + json.dumps(kw), flush=True)


if args[0] == "save-off":
    bpy.ops.preferences.addon_install(filepath=args[1], overwrite=True)
    bpy.ops.preferences.addon_enable(module="dcc_mcp_hub")
    bpy.context.preferences.addons["dcc_mcp_hub"].preferences.enabled = False
    bpy.ops.wm.save_userpref()
    say(saved=True)
else:
    os.environ["DCC_MCP_REGISTRY_DIR"] = args[1]
    from dcc_mcp_plugin.registry import read_rows

    def rows():
        return read_rows(args[1])

    def quit_blender():
        with bpy.context.temp_override(window=bpy.context.window_manager.windows[0]):
            bpy.ops.wm.quit_blender()
        return None

    def serve_then_quit():
        mod = sys.modules["dcc_mcp_hub"]
        plugin = mod._state["plugin"]
        say(stage="on", serving=plugin is not None, rows=len(rows()), socket=plugin.server.address if plugin else None)
        bpy.app.timers.register(quit_blender, first_interval=0.2)
        return None

    def report_then_enable():
        mod = sys.modules.get("dcc_mcp_hub")
        say(stage="start", loaded=mod is not None, serving=bool(mod and mod._state["plugin"]), rows=len(rows()))
        bpy.context.preferences.addons["dcc_mcp_hub"].preferences.enabled = True
        bpy.app.timers.register(serve_then_quit, first_interval=0.2)
        return None

    # The add-on's own deferred start runs on the first timer tick; this report comes after it.
    bpy.app.timers.register(report_then_enable, first_interval=1.0)
