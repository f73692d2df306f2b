"""For the GUI-Blender bench: installs and enables the packaged add-on, registering in the given registry dir.
blender --factory-startup --python bench/peers/blender_gui_enable.py -- ADDON.zip REGISTRY_DIR"""
import os
import sys

import bpy

zip_path, registry = sys.argv[sys.argv.index("--") + 1:][:2]
os.environ["DCC_MCP_REGISTRY_DIR"] = registry
bpy.ops.preferences.addon_install(filepath=zip_path, overwrite=True)
bpy.ops.preferences.addon_enable(module="dcc_mcp_hub")
