"""A small PNG writer (standard library only) for pictures a host draws itself, e.g. Blender's viewport pixels."""
import struct
import zlib

_MAGIC = b"\x89PNG\r\n\x1a\n"


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_rgba(width, height, rgba, bottom_up=False, keep_alpha=False):
    """PNG bytes of `width`×`height` 8-bit RGBA pixels (rows top first, or bottom first as OpenGL reads them).
    Without `keep_alpha` the picture is written as RGB (a viewport's alpha is not meant to be seen through)."""
    width, height = int(width), int(height)
    data = bytearray(rgba)
    if len(data) != width * height * 4:
        raise ValueError("expected %d RGBA bytes for %dx%d, got %d" % (width * height * 4, width, height, len(data)))
    if not keep_alpha:
        del data[3::4]
    channels = 4 if keep_alpha else 3
    stride = width * channels
    rows = range(height - 1, -1, -1) if bottom_up else range(height)
    raw = b"".join(b"\x00" + bytes(data[r * stride:(r + 1) * stride]) for r in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if keep_alpha else 2, 0, 0, 0)
    return _MAGIC + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")
