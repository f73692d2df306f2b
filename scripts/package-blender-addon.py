#!/usr/bin/env python3
"""Builds the installable Blender add-on zip: dcc_mcp_hub/__init__.py (from blender_addon/) plus the
dcc_mcp_plugin package. Usage: python3 scripts/package-blender-addon.py [OUT.zip]  (default dist/dcc_mcp_hub.zip)
Then in Blender: Edit → Preferences → Add-ons → Install… → pick the zip → enable "DCC MCP Hub"."""
import os
import sys
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PLUGIN = os.path.join(ROOT, "resources", "dcc-plugin")


def build(out):
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(os.path.join(PLUGIN, "blender_addon", "__init__.py"), "dcc_mcp_hub/__init__.py")
        for folder, _dirs, files in os.walk(os.path.join(PLUGIN, "dcc_mcp_plugin")):
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    z.write(path, os.path.join("dcc_mcp_hub", os.path.relpath(path, PLUGIN)))
    return out


if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "dist", "dcc_mcp_hub.zip")))
