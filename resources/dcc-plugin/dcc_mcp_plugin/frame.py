"""DccLink frames (SPEC §2): u32 BE len = 9 + body, u8 type, u64 BE seq, msgpack body; and a streaming
decoder that accepts any chunking and rejects an oversize frame as soon as its header is read."""
import struct

CALL, REPLY, ERR, PROGRESS, CANCEL, PUSH, PING, PONG = range(1, 9)
TYPE_NAMES = {1: "Call", 2: "Reply", 3: "Err", 4: "Progress", 5: "Cancel", 6: "Push", 7: "Ping", 8: "Pong"}
HEADER = struct.Struct(">IBQ")
HEADER_SIZE = 13
DEFAULT_MAX_FRAME = 16 * 1024 * 1024


class FramingError(ValueError):
    """Bytes that are not DccLink frames; the connection must be closed."""


def encode_frame(msg_type, seq, body=b""):
    """Encodes one frame; `body` is already-encoded bytes."""
    if msg_type not in TYPE_NAMES:
        raise FramingError("unknown frame type %r (expected 1..8)" % (msg_type,))
    return HEADER.pack(9 + len(body), msg_type, seq) + body


def _check(length, msg_type, max_frame):
    if length < 9:
        raise FramingError("declared frame length %d is below the minimum of 9" % length)
    if length > max_frame:
        raise FramingError("declared frame length %d exceeds the limit of %d bytes" % (length, max_frame))
    if msg_type not in TYPE_NAMES:
        raise FramingError("unknown frame type %d (expected 1..8)" % msg_type)


def decode_frame(data, max_frame=DEFAULT_MAX_FRAME):
    """Decodes exactly one frame from a complete buffer: (type, seq, body)."""
    if len(data) < HEADER_SIZE:
        raise FramingError("length mismatch: %d bytes is shorter than a frame header" % len(data))
    length, msg_type, seq = HEADER.unpack_from(data, 0)
    _check(length, msg_type, max_frame)
    if len(data) - 4 != length:
        raise FramingError("length mismatch: header declares %d bytes but %d follow" % (length, len(data) - 4))
    return msg_type, seq, bytes(data[HEADER_SIZE:])


class FrameDecoder(object):
    """Streaming decoder: `feed(chunk)` returns the complete frames as (type, seq, body) tuples."""

    def __init__(self, max_frame=DEFAULT_MAX_FRAME):
        self.max_frame = max_frame
        self.buf = bytearray()
        self.need = None  # (type, seq, total frame size) once a header was accepted

    def feed(self, chunk):
        self.buf += chunk
        frames = []
        while True:
            if self.need is None:
                if len(self.buf) < HEADER_SIZE:
                    return frames
                length, msg_type, seq = HEADER.unpack_from(self.buf, 0)
                _check(length, msg_type, self.max_frame)
                self.need = (msg_type, seq, 4 + length)
            msg_type, seq, total = self.need
            if len(self.buf) < total:
                return frames
            frames.append((msg_type, seq, bytes(self.buf[HEADER_SIZE:total])))
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
