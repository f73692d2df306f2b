"""A small, complete msgpack codec (no third-party dependency). The real `msgpack` package is used instead
when importable (see `codec.py`); both produce bytes the hub's @msgpack/msgpack reads."""
import struct

MAX_DEPTH = 200


class MsgpackError(ValueError):
    """Malformed or unsupported msgpack data."""


def packb(obj):
    """Encodes `obj` (None, bool, int, float, str, bytes, list/tuple, dict) to msgpack bytes."""
    out = bytearray()
    _pack(obj, out, 0)
    return bytes(out)


def _pack(obj, out, depth):
    if depth > MAX_DEPTH:
        raise MsgpackError("value nested deeper than %d levels" % MAX_DEPTH)
    if obj is None:
        out.append(0xC0)
    elif obj is True:
        out.append(0xC3)
    elif obj is False:
        out.append(0xC2)
    elif isinstance(obj, int):
        _pack_int(obj, out)
    elif isinstance(obj, float):
        out.append(0xCB)
        out += struct.pack(">d", obj)
    elif isinstance(obj, str):
        data = obj.encode("utf-8")
        _pack_len(len(data), out, 0xA0, 31, 0xD9, 0xDA, 0xDB)
        out += data
    elif isinstance(obj, (bytes, bytearray, memoryview)):
        data = bytes(obj)
        n = len(data)
        if n < 0x100:
            out += bytes((0xC4, n))
        elif n < 0x10000:
            out.append(0xC5)
            out += struct.pack(">H", n)
        else:
            out.append(0xC6)
            out += struct.pack(">I", n)
        out += data
    elif isinstance(obj, (list, tuple)):
        _pack_len(len(obj), out, 0x90, 15, None, 0xDC, 0xDD)
        for item in obj:
            _pack(item, out, depth + 1)
    elif isinstance(obj, dict):
        _pack_len(len(obj), out, 0x80, 15, None, 0xDE, 0xDF)
        for k, v in obj.items():
            _pack(k, out, depth + 1)
            _pack(v, out, depth + 1)
    else:
        raise MsgpackError("cannot encode %s" % type(obj).__name__)


def _pack_len(n, out, fix, fixmax, c8, c16, c32):
    if n <= fixmax:
        out.append(fix | n)
    elif c8 is not None and n < 0x100:
        out += bytes((c8, n))
    elif n < 0x10000:
        out.append(c16)
        out += struct.pack(">H", n)
    else:
        out.append(c32)
        out += struct.pack(">I", n)


def _pack_int(n, out):
    if 0 <= n <= 0x7F:
        out.append(n)
    elif -32 <= n < 0:
        out.append(n & 0xFF)
    elif n >= 0:
        for code, fmt, limit in ((0xCC, ">B", 0xFF), (0xCD, ">H", 0xFFFF), (0xCE, ">I", 0xFFFFFFFF), (0xCF, ">Q", 0xFFFFFFFFFFFFFFFF)):
            if n <= limit:
                out.append(code)
                out += struct.pack(fmt, n)
                return
        raise MsgpackError("integer %d does not fit in 64 bits" % n)
    else:
        for code, fmt, limit in ((0xD0, ">b", -0x80), (0xD1, ">h", -0x8000), (0xD2, ">i", -0x80000000), (0xD3, ">q", -0x8000000000000000)):
            if n >= limit:
                out.append(code)
                out += struct.pack(fmt, n)
                return
        raise MsgpackError("integer %d does not fit in 64 bits" % n)


def unpackb(data):
    """Decodes exactly one msgpack value from `data`; raises MsgpackError on truncated or trailing bytes."""
    r = _Reader(bytes(data))
    try:
        value = r.value(0)
    except RecursionError:
        raise MsgpackError("nesting deeper than the interpreter allows")
    if r.pos != len(r.data):
        raise MsgpackError("%d trailing bytes after the value" % (len(r.data) - r.pos))
    return value


class _Reader(object):
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        end = self.pos + n
        if end > len(self.data):
            raise MsgpackError("truncated: need %d bytes at offset %d, have %d" % (n, self.pos, len(self.data) - self.pos))
        chunk = self.data[self.pos:end]
        self.pos = end
        return chunk

    def unpack(self, fmt, n):
        return struct.unpack(fmt, self.take(n))[0]

    def value(self, depth):
        if depth > MAX_DEPTH:
            raise MsgpackError("nesting deeper than %d levels" % MAX_DEPTH)
        b = self.take(1)[0]
        if b <= 0x7F:
            return b
        if b >= 0xE0:
            return b - 0x100
        if 0xA0 <= b <= 0xBF:
            return self.text(b & 0x1F)
        if 0x90 <= b <= 0x9F:
            return self.array(b & 0x0F, depth)
        if 0x80 <= b <= 0x8F:
            return self.map(b & 0x0F, depth)
        simple = {0xC0: None, 0xC2: False, 0xC3: True}
        if b in simple:
            return simple[b]
        handler = _CODES.get(b)
        if handler is None:
            raise MsgpackError("unsupported msgpack type byte 0x%02x at offset %d" % (b, self.pos - 1))
        return handler(self, depth)

    def text(self, n):
        try:
            return self.take(n).decode("utf-8")
        except UnicodeDecodeError as e:
            raise MsgpackError("invalid UTF-8 in a string: %s" % e)

    def count(self, n, per_item):
        # A declared length can never exceed what is left: refuse before allocating anything for it.
        if n * per_item > len(self.data) - self.pos:
            raise MsgpackError("declared length %d exceeds the %d bytes left" % (n, len(self.data) - self.pos))
        return n

    def array(self, n, depth):
        return [self.value(depth + 1) for _ in range(self.count(n, 1))]

    def map(self, n, depth):
        out = {}
        for _ in range(self.count(n, 2)):
            k = self.value(depth + 1)
            if isinstance(k, (list, dict)):
                raise MsgpackError("unhashable map key")
            out[k] = self.value(depth + 1)
        return out


_CODES = {
    0xC4: lambda r, d: r.take(r.unpack(">B", 1)),
    0xC5: lambda r, d: r.take(r.unpack(">H", 2)),
    0xC6: lambda r, d: r.take(r.unpack(">I", 4)),
    0xCA: lambda r, d: r.unpack(">f", 4),
    0xCB: lambda r, d: r.unpack(">d", 8),
    0xCC: lambda r, d: r.unpack(">B", 1),
    0xCD: lambda r, d: r.unpack(">H", 2),
    0xCE: lambda r, d: r.unpack(">I", 4),
    0xCF: lambda r, d: r.unpack(">Q", 8),
    0xD0: lambda r, d: r.unpack(">b", 1),
    0xD1: lambda r, d: r.unpack(">h", 2),
    0xD2: lambda r, d: r.unpack(">i", 4),
    0xD3: lambda r, d: r.unpack(">q", 8),
    0xD9: lambda r, d: r.text(r.unpack(">B", 1)),
    0xDA: lambda r, d: r.text(r.unpack(">H", 2)),
    0xDB: lambda r, d: r.text(r.unpack(">I", 4)),
    0xDC: lambda r, d: r.array(r.unpack(">H", 2), d),
    0xDD: lambda r, d: r.array(r.unpack(">I", 4), d),
    0xDE: lambda r, d: r.map(r.unpack(">H", 2), d),
    0xDF: lambda r, d: r.map(r.unpack(">I", 4), d),
}
