"""The plugin's PNG writer: valid chunks and CRCs, rows flipped for bottom-up pixels, alpha dropped unless kept."""
import struct
import unittest
import zlib

import helpers  # noqa: F401  (puts the plugin on sys.path)
from dcc_mcp_plugin.png import encode_rgba


def decode(png):
    """(width, height, colour type, rows of raw pixel bytes) of a PNG written with filter 0, checking every CRC."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    off, idat, ihdr = 8, b"", None
    while off < len(png):
        (n,) = struct.unpack(">I", png[off:off + 4])
        kind, data = png[off + 4:off + 8], png[off + 8:off + 8 + n]
        (crc,) = struct.unpack(">I", png[off + 8 + n:off + 12 + n])
        assert crc == zlib.crc32(kind + data) & 0xFFFFFFFF, kind
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            idat += data
        off += 12 + n
    w, h, _depth, ctype = ihdr[:4]
    raw = zlib.decompress(idat)
    stride = 1 + w * (4 if ctype == 6 else 3)
    rows = [raw[i * stride:(i + 1) * stride] for i in range(h)]
    assert all(r[0] == 0 for r in rows)
    return w, h, ctype, [r[1:] for r in rows]


class PngTest(unittest.TestCase):
    def test_rgb_rows_in_order_and_flipped(self):
        # 2x2: bottom row red, top row blue, as OpenGL returns them (bottom row first).
        rgba = bytes([255, 0, 0, 255] * 2 + [0, 0, 255, 128] * 2)
        w, h, ctype, rows = decode(encode_rgba(2, 2, rgba, bottom_up=True))
        self.assertEqual((w, h, ctype), (2, 2, 2))
        self.assertEqual(rows, [bytes([0, 0, 255] * 2), bytes([255, 0, 0] * 2)])
        _, _, _, rows = decode(encode_rgba(2, 2, rgba))
        self.assertEqual(rows[0], bytes([255, 0, 0] * 2))

    def test_keeps_alpha_when_asked(self):
        w, h, ctype, rows = decode(encode_rgba(1, 1, b"\x01\x02\x03\x04", keep_alpha=True))
        self.assertEqual((ctype, rows), (6, [b"\x01\x02\x03\x04"]))

    def test_refuses_the_wrong_number_of_bytes(self):
        with self.assertRaises(ValueError):
            encode_rgba(2, 2, b"\x00" * 15)


if __name__ == "__main__":
    unittest.main()
