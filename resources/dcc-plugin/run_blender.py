"""Blender in background mode as a DCC for the hub:
    blender -b --factory-startup --python resources/dcc-plugin/run_blender.py -- [--registry-dir DIR] [--transport auto|tcp]
In -b mode bpy.app.timers never fire, so this serves from a blocking loop on Blender's main thread. Prints
`DCC_MCP_PLUGIN_READY {json}`, serves until SIGTERM/SIGINT, then removes its row and socket and exits 0."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dcc_mcp_plugin import DccPlugin  # noqa: E402
from dcc_mcp_plugin.hosts.blender import BlenderHost  # noqa: E402
from dcc_mcp_plugin.runner import serve_until_signal  # noqa: E402


def main():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    p = argparse.ArgumentParser(prog="run_blender.py")
    p.add_argument("--registry-dir", default=None)
    p.add_argument("--transport", choices=["auto", "tcp"], default="auto")
    p.add_argument("--parent-pid", type=int, default=None, help="exit when this process dies")
    args = p.parse_args(argv)
    serve_until_signal(DccPlugin(BlenderHost(), registry_dir=args.registry_dir, transport=args.transport), parent_pid=args.parent_pid)
    # Blender would otherwise keep running after the script in some builds; leave now with a clean status.
    os._exit(0)


main()
