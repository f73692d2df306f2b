import random
import struct
import unittest

import helpers  # noqa: F401  (sets sys.path)
from dcc_mcp_plugin import msgpack_lite
from dcc_mcp_plugin.frame import FrameDecoder, FramingError, IpckitDecoder, decode_frame, encode_frame, wrap_ipckit

VECTORS = [
    (1, 42, "01020304", "00 00 00 0d 01 00 00 00 00 00 00 00 2a 01 02 03 04"),
    (7, 1, "", "00 00 00 09 07 00 00 00 00 00 00 00 01"),
    (2, 99, "040506", "00 00 00 0c 02 00 00 00 00 00 00 00 63 04 05 06"),
]


def hx(s):
    return bytes.fromhex(s.replace(" ", ""))


class FrameTest(unittest.TestCase):
    def test_spec_vectors_encode_and_decode(self):
        for t, seq, body, wire in VECTORS:
            self.assertEqual(encode_frame(t, seq, hx(body)), hx(wire))
            self.assertEqual(decode_frame(hx(wire)), (t, seq, hx(body)))

    def test_length_mismatch_single_buffer_and_incomplete_stream(self):
        buf = hx("00 00 00 10 01 00 00 00 00 00 00 00 01") + hx("aabbcc")
        with self.assertRaisesRegex(FramingError, "length mismatch"):
            decode_frame(buf)
        self.assertEqual(FrameDecoder().feed(buf), [])

    def test_every_split_offset(self):
        stream = b"".join(hx(v[3]) for v in VECTORS)
        want = [(t, s, hx(b)) for t, s, b, _ in VECTORS]
        for i in range(len(stream) + 1):
            for j in range(i, len(stream) + 1):
                d = FrameDecoder()
                got = d.feed(stream[:i]) + d.feed(stream[i:j]) + d.feed(stream[j:])
                self.assertEqual(got, want)

    def test_oversize_rejected_at_the_header(self):
        d = FrameDecoder(max_frame=1024)
        with self.assertRaisesRegex(FramingError, "exceeds the limit of 1024"):
            d.feed(hx("00 00 04 0a 01 00 00 00 00 00 00 00 01"))

    def test_unknown_types_rejected(self):
        for t in (0, 9, 255):
            frame = bytearray(encode_frame(1, 5, b"\x00"))
            frame[4] = t
            with self.assertRaisesRegex(FramingError, "unknown frame type"):
                FrameDecoder().feed(bytes(frame))

    def test_ipckit_wraps_and_checks_lengths(self):
        wrapped = wrap_ipckit(encode_frame(1, 42, hx("01020304")))
        self.assertEqual(wrapped, hx("11 00 00 00 00 00 00 0d 01 00 00 00 00 00 00 00 2a 01 02 03 04"))
        for i in range(len(wrapped) + 1):
            d = IpckitDecoder()
            self.assertEqual(d.feed(wrapped[:i]) + d.feed(wrapped[i:]), [(1, 42, hx("01020304"))])
        bad = struct.pack("<I", 18) + wrapped[4:]
        with self.assertRaisesRegex(FramingError, "ipckit framing mismatch"):
            IpckitDecoder().feed(bad)

    def test_garbage_never_raises_anything_but_framing_error(self):
        rnd = random.Random(7)
        for _ in range(3000):
            data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(40)))
            try:
                FrameDecoder(max_frame=4096).feed(data)
            except FramingError:
                pass


class MsgpackTest(unittest.TestCase):
    VALUES = [None, True, False, 0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32, 2 ** 64 - 1, -1, -32, -33, -128, -129, -2 ** 31, -2 ** 63, 1.5, -0.25, "", "é" * 40, "x" * 300, "y" * 70000, b"", b"\x00" * 300, b"z" * 70000, [], [1, [2, [3]]], list(range(20)), list(range(70000)), {}, {"a": 1, "b": [True, None]}, {str(i): i for i in range(20)}]

    def test_round_trips(self):
        for v in self.VALUES:
            self.assertEqual(msgpack_lite.unpackb(msgpack_lite.packb(v)), v)

    def test_known_bytes(self):
        self.assertEqual(msgpack_lite.packb({"method": "x"}), hx("81 a6") + b"method" + hx("a1") + b"x")
        self.assertEqual(msgpack_lite.packb(-1), b"\xff")
        self.assertEqual(msgpack_lite.packb(2 ** 64 - 1), hx("cf ff ff ff ff ff ff ff ff"))

    def test_matches_the_msgpack_package_when_installed(self):
        try:
            import msgpack
        except ImportError:
            msgpack = None
        helpers.require_tool(self, "python3-msgpack", msgpack is not None)
        for v in self.VALUES:
            self.assertEqual(msgpack_lite.packb(v), msgpack.packb(v, use_bin_type=True))

    def test_malformed_input(self):
        for data, msg in ((b"\xc1", "unsupported"), (b"\xdd\xff\xff\xff\xff", "exceeds"), (b"\xa5ab", "truncated"), (b"\x01\x02", "trailing"), (b"\x91" * 300 + b"\x00", "deeper")):
            with self.assertRaisesRegex(msgpack_lite.MsgpackError, msg):
                msgpack_lite.unpackb(data)


if __name__ == "__main__":
    unittest.main()
