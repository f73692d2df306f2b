"""msgpack for frame bodies: the `msgpack` package when importable (faster), else the built-in codec.
Set DCC_MCP_PLUGIN_MSGPACK=builtin to force the built-in one (the tests do)."""
import os

from . import msgpack_lite

try:  # pragma: no cover - depends on the host's site-packages
    if os.environ.get("DCC_MCP_PLUGIN_MSGPACK") == "builtin":
        raise ImportError("built-in codec requested")
    import msgpack as _msgpack

    def packb(obj):
        return _msgpack.packb(obj, use_bin_type=True)

    def unpackb(data):
        try:
            return _msgpack.unpackb(data, raw=False, strict_map_key=False)
        except Exception as e:
            raise msgpack_lite.MsgpackError(str(e))

    BACKEND = "msgpack"
except ImportError:
    packb = msgpack_lite.packb
    unpackb = msgpack_lite.unpackb
    BACKEND = "builtin"

MsgpackError = msgpack_lite.MsgpackError
