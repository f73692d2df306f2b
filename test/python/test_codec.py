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
        for t in (0, 9, 127):
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


V1_VECTORS = [
    (1, 42, "01020304", "00 00 00 0e 81 01 00 00 00 00 00 00 00 2a 01 02 03 04"),  # SPEC §2
    (7, 1, "", "00 00 00 0a 81 07 00 00 00 00 00 00 00 01"),
    (2, 2 ** 40 + 7, "c0", "00 00 00 0b 81 02 00 00 01 00 00 00 00 07 c0"),
]


class VersionedFrameTest(unittest.TestCase):
    """dcc-mcp-core's ADR 028 frames next to the legacy layout."""

    def test_v1_vectors_encode_and_decode(self):
        for t, seq, body, wire in V1_VECTORS:
            self.assertEqual(encode_frame(t, seq, hx(body), version=1), hx(wire))
            f = decode_frame(hx(wire))
            self.assertEqual((f, f.version), ((t, seq, hx(body)), 1))
        self.assertEqual(decode_frame(hx(VECTORS[0][3])).version, 0)

    def test_mixed_versions_at_every_split_offset(self):
        wires = [hx(V1_VECTORS[0][3]), hx(VECTORS[2][3]), hx(V1_VECTORS[1][3]), hx(V1_VECTORS[2][3])]
        want = [(1, 42, hx("01020304"), 1), (2, 99, hx("040506"), 0), (7, 1, b"", 1), (2, 2 ** 40 + 7, hx("c0"), 1)]
        data = b"".join(wires)
        for i in range(len(data) + 1):
            for j in range(i, len(data) + 1):
                d = FrameDecoder()
                got = d.feed(data[:i]) + d.feed(data[i:j]) + d.feed(data[j:])
                self.assertEqual([tuple(f) + (f.version,) for f in got], want)

    def test_other_tagged_versions_rejected_at_the_tag_byte(self):
        for tag in (0x80, 0x82, 0xC8, 0xFF):
            frame = bytearray(hx(V1_VECTORS[1][3]))
            frame[4] = tag
            with self.assertRaisesRegex(FramingError, "unsupported DccLink frame version %d" % (tag & 0x7F)):
                FrameDecoder().feed(bytes(frame[:5]))
            with self.assertRaisesRegex(FramingError, "unsupported"):
                decode_frame(bytes(frame))
        with self.assertRaisesRegex(FramingError, "cannot write"):
            encode_frame(1, 1, b"", version=2)

    def test_v1_limits_and_ipckit(self):
        with self.assertRaisesRegex(FramingError, "below the minimum of 10"):
            FrameDecoder().feed(hx("00 00 00 09 81 01 00 00 00 00 00 00 00"))
        with self.assertRaisesRegex(FramingError, "exceeds the limit of 100"):
            FrameDecoder(max_frame=100).feed(hx("00 00 00 65 81"))
        with self.assertRaisesRegex(FramingError, "unknown frame type 9"):
            FrameDecoder().feed(hx("00 00 00 0a 81 09 00 00 00 00 00 00 00 01"))
        wrapped = wrap_ipckit(encode_frame(1, 42, hx("01020304"), version=1))
        for i in range(len(wrapped) + 1):
            d = IpckitDecoder()
            got = d.feed(wrapped[:i]) + d.feed(wrapped[i:])
            self.assertEqual([(tuple(f), f.version) for f in got], [((1, 42, hx("01020304")), 1)])

    def test_random_mixed_streams_round_trip_and_mutations_only_raise_framing_error(self):
        rnd = random.Random(11)
        for _ in range(2000):
            frames = [(rnd.randrange(1, 9), rnd.randrange(2 ** 40), bytes(rnd.randrange(256) for _ in range(rnd.randrange(20))), rnd.randrange(2)) for _ in range(3)]
            data = b"".join(encode_frame(t, s, b, version=v) for t, s, b, v in frames)
            d = FrameDecoder()
            got, pos = [], 0
            while pos < len(data):
                n = rnd.randrange(1, 16)
                got += d.feed(data[pos:pos + n])
                pos += n
            self.assertEqual([tuple(f) + (f.version,) for f in got], frames)
            bad = bytearray(data)
            bad[rnd.randrange(len(bad))] = rnd.randrange(256)
            try:
                FrameDecoder(max_frame=4096).feed(bytes(bad))
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
