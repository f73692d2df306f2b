"""DccLink frames (SPEC §2). Version 0 ("legacy"): u32 BE len = 9 + body, u8 type, u64 BE seq, msgpack body.
Version 1 (dcc-mcp-core >= 0.20.9, ADR 028): u32 BE len = 10 + body, u8 0x80|1, u8 type, u64 BE seq, body.
Readers accept both and reject other tagged versions; a streaming decoder accepts any chunking and rejects an
oversize frame (or an unsupported version) as soon as len and the byte after it are read."""
import struct

CALL, REPLY, ERR, PROGRESS, CANCEL, PUSH, PING, PONG = range(1, 9)
TYPE_NAMES = {1: "Call", 2: "Reply", 3: "Err", 4: "Progress", 5: "Cancel", 6: "Push", 7: "Ping", 8: "Pong"}
HEADER = struct.Struct(">IBQ")
HEADER_V1 = struct.Struct(">IBBQ")
HEADER_SIZE = 13
VERSION_TAG = 0x80
SUPPORTED_VERSIONS = (0, 1)
DEFAULT_MAX_FRAME = 16 * 1024 * 1024


class FramingError(ValueError):
    """Bytes that are not DccLink frames; the connection must be closed."""


class Frame(tuple):
    """(type, seq, body) with the frame's `version`; unpacks like the plain 3-tuple older callers expect."""

    def __new__(cls, msg_type, seq, body, version=0):
        self = tuple.__new__(cls, (msg_type, seq, body))
        self.version = version
        return self


def header_size(version):
    return HEADER_SIZE if version == 0 else HEADER_SIZE + 1


def encode_frame(msg_type, seq, body=b"", version=0):
    """Encodes one frame; `body` is already-encoded bytes; `version` 0 (legacy) or 1 (tagged)."""
    if msg_type not in TYPE_NAMES:
        raise FramingError("unknown frame type %r (expected 1..8)" % (msg_type,))
    if version == 0:
        return HEADER.pack(9 + len(body), msg_type, seq) + body
    if version == 1:
        return HEADER_V1.pack(10 + len(body), VERSION_TAG | 1, msg_type, seq) + body
    raise FramingError("cannot write DccLink frame version %r (supported: 0, 1)" % (version,))


def _lead(length, lead, max_frame):
    """The version announced by the byte after len; validates len against it and the limit."""
    version = 0
    if lead & VERSION_TAG:
        version = lead & 0x7F
        # ADR 028: any other tagged version (and a tagged 0) is refused, never guessed at.
        if version != 1:
            raise FramingError("unsupported DccLink frame version %d (tag 0x%02x); this plugin reads versions 0 and 1" % (version, lead))
    minimum = header_size(version) - 4
    if length < minimum:
        raise FramingError("declared frame length %d is below the minimum of %d" % (length, minimum))
    if length > max_frame:
        raise FramingError("declared frame length %d exceeds the limit of %d bytes" % (length, max_frame))
    if version == 0:
        _check_type(lead)
    return version


def _check_type(msg_type):
    if msg_type not in TYPE_NAMES:
        raise FramingError("unknown frame type %d (expected 1..8)" % msg_type)


def decode_frame(data, max_frame=DEFAULT_MAX_FRAME):
    """Decodes exactly one frame from a complete buffer: Frame(type, seq, body) with `.version`."""
    if len(data) < HEADER_SIZE:
        raise FramingError("length mismatch: %d bytes is shorter than a frame header" % len(data))
    length = struct.unpack_from(">I", data, 0)[0]
    version = _lead(length, data[4], max_frame)
    head = header_size(version)
    if len(data) - 4 != length:
        raise FramingError("length mismatch: header declares %d bytes but %d follow" % (length, len(data) - 4))
    msg_type = data[head - 9]
    _check_type(msg_type)
    seq = struct.unpack_from(">Q", data, head - 8)[0]
    return Frame(msg_type, seq, bytes(data[head:]), version)


class FrameDecoder(object):
    """Streaming decoder: `feed(chunk)` returns the complete frames as Frame(type, seq, body) with `.version`."""

    def __init__(self, max_frame=DEFAULT_MAX_FRAME):
        self.max_frame = max_frame
        self.buf = bytearray()
        self.need = None  # (type, seq, header size, total frame size, version) once a header was accepted

    def feed(self, chunk):
        self.buf += chunk
        frames = []
        while True:
            if self.need is None:
                if len(self.buf) < 5:
                    return frames
                length = struct.unpack_from(">I", self.buf, 0)[0]
                version = _lead(length, self.buf[4], self.max_frame)
                head = header_size(version)
                if len(self.buf) < head:
                    return frames
                msg_type = self.buf[head - 9]
                _check_type(msg_type)
                seq = struct.unpack_from(">Q", self.buf, head - 8)[0]
                self.need = (msg_type, seq, head, 4 + length, version)
            msg_type, seq, head, total, version = self.need
            if len(self.buf) < total:
                return frames
            frames.append(Frame(msg_type, seq, bytes(self.buf[head:total]), version))
            del self.buf[:total]
            self.need = None


def wrap_ipckit(frame):
    """dcc-mcp-core's IpcChannelAdapter framing: an extra LE u32 (4 + inner len) before the frame."""
    return struct.pack("<I", len(frame)) + frame


class IpckitDecoder(object):
    """Streaming decoder for ipckit-wrapped frames; outer and inner lengths must agree."""

    def __init__(self, max_frame=DEFAULT_MAX_FRAME):
        self.max_frame = max_frame
        self.buf = bytearray()

    def feed(self, chunk):
        self.buf += chunk
        frames = []
        while len(self.buf) >= 8:
            outer = struct.unpack_from("<I", self.buf, 0)[0]
            inner = struct.unpack_from(">I", self.buf, 4)[0]
            if outer != inner + 4:
                raise FramingError("ipckit framing mismatch: outer length %d but inner frame declares %d" % (outer, inner + 4))
            if outer > self.max_frame + 4:
                raise FramingError("declared frame length %d exceeds the limit of %d bytes" % (inner, self.max_frame))
            if len(self.buf) < 4 + outer:
                return frames
            frames.append(decode_frame(bytes(self.buf[4:4 + outer]), self.max_frame))
            del self.buf[:4 + outer]
        return frames
