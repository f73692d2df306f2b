"""DCC MCP Hub plugin: serves DccLink inside a DCC (SPEC §8). Pure Python ≥ 3.7, no third-party dependency."""
from .errors import DccError
from .host import HostAdapter
from .plugin import DccPlugin

__all__ = ["DccPlugin", "HostAdapter", "DccError"]
__version__ = "0.1.0"
