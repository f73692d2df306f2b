"""Houdini without a UI as a DCC for the hub (hython has no UI event loop, so this serves from a blocking loop):
    hython resources/dcc-plugin/run_houdini.py [--registry-dir DIR] [--transport auto|tcp]
Prints `DCC_MCP_PLUGIN_READY {json}`, serves until SIGTERM/SIGINT, then removes its row and socket.
In GUI Houdini, start it from a shelf tool or 456.py instead:
    from dcc_mcp_plugin import DccPlugin; from dcc_mcp_plugin.hosts.houdini import HoudiniHost
    host = HoudiniHost(); plugin = DccPlugin(host); plugin.start(); host.attach(plugin)"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dcc_mcp_plugin import DccPlugin  # noqa: E402
from dcc_mcp_plugin.hosts.houdini import HoudiniHost  # noqa: E402
from dcc_mcp_plugin.runner import serve_until_signal  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(prog="run_houdini.py")
    p.add_argument("--registry-dir", default=None)
    p.add_argument("--transport", choices=["auto", "tcp"], default="auto")
    args = p.parse_args(argv)
    serve_until_signal(DccPlugin(HoudiniHost(), registry_dir=args.registry_dir, transport=args.transport))
    return 0


if __name__ == "__main__":
    sys.exit(main())
