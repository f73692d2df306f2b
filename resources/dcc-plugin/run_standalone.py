#!/usr/bin/env python3
"""A simulated DCC for the demo and tests:
    python3 resources/dcc-plugin/run_standalone.py --dcc NAME [--registry-dir DIR] [--transport auto|tcp] [--version V] [--instance-id UUID] [--parent-pid PID]
Registers in the registry, prints `DCC_MCP_PLUGIN_READY {json}`, serves until SIGTERM/SIGINT, then removes its
row and socket and exits 0."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dcc_mcp_plugin import DccPlugin  # noqa: E402
from dcc_mcp_plugin.hosts.standalone import StandaloneHost  # noqa: E402
from dcc_mcp_plugin.runner import serve_until_signal  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dcc", required=True, help="dcc_type to register as, e.g. maya")
    p.add_argument("--registry-dir", default=None)
    p.add_argument("--transport", choices=["auto", "tcp"], default="auto")
    p.add_argument("--version", default="2025.1")
    p.add_argument("--instance-id", default=None)
    p.add_argument("--parent-pid", type=int, default=None, help="exit when this process (e.g. the hub that started us) dies")
    args = p.parse_args(argv)
    serve_until_signal(DccPlugin(StandaloneHost(args.dcc, args.version), registry_dir=args.registry_dir, transport=args.transport, instance_id=args.instance_id), parent_pid=args.parent_pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
