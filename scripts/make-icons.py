#!/usr/bin/env python3
"""Draws the app and tray icons as PNGs (no third-party dependency): a dark rounded tile with an accent hub
node linked to three DCC nodes. Run: python3 scripts/make-icons.py  (writes resources/icons/*.png)."""
import math
import os
import struct
import zlib

ACCENT = (94, 156, 255)
BG = (38, 40, 44)
NODE = (222, 226, 232)


def png(path, size, pixels):
    raw = b"".join(b"\x00" + bytes(pixels[y * size * 4:(y + 1) * size * 4]) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def draw(size, tray=False, badge=False, template=False):
    px = bytearray(size * size * 4)
    s = size / 64.0
    hub = (32 * s, 34 * s)
    nodes = [(14 * s, 16 * s), (50 * s, 16 * s), (32 * s, 54 * s)]

    def seg_dist(p, a, b):
        ax, ay = a
        bx, by = b
        px_, py_ = p
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px_ - ax) * dx + (py_ - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(px_ - (ax + t * dx), py_ - (ay + t * dy))

    for y in range(size):
        for x in range(size):
            p = (x + 0.5, y + 0.5)
            color, alpha = None, 0
            r = 12 * s
            inside_x = min(x + 0.5, size - x - 0.5)
            inside_y = min(y + 0.5, size - y - 0.5)
            if not tray:
                if inside_x >= r or inside_y >= r or math.hypot(r - inside_x, r - inside_y) <= r:
                    color, alpha = BG, 255
            if any(seg_dist(p, hub, n) <= 2.6 * s for n in nodes):
                color, alpha = (ACCENT if not tray else NODE), 255
            for n in nodes:
                if math.hypot(p[0] - n[0], p[1] - n[1]) <= 6.5 * s:
                    color, alpha = NODE, 255
            if math.hypot(p[0] - hub[0], p[1] - hub[1]) <= 9 * s:
                color, alpha = ACCENT, 255
            if badge and math.hypot(p[0] - 52 * s, p[1] - 52 * s) <= 11 * s:
                color, alpha = (240, 170, 60), 255
            if color:
                # macOS template images: black + alpha only; the menu bar tints them for light/dark mode.
                color = (0, 0, 0) if template else color
                i = (y * size + x) * 4
                px[i:i + 4] = bytes((*color, alpha))
    return px


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "resources", "icons")
    os.makedirs(out, exist_ok=True)
    for size in (16, 32, 64, 128, 256, 512):
        png(os.path.join(out, f"{size}x{size}.png"), size, draw(size))
    png(os.path.join(out, "icon.png"), 512, draw(512))
    for size, suffix in ((16, ""), (32, "@2x")):
        png(os.path.join(out, f"tray{suffix}.png"), size, draw(size, tray=True))
        png(os.path.join(out, f"tray-pending{suffix}.png"), size, draw(size, tray=True, badge=True))
        png(os.path.join(out, f"trayTemplate{suffix}.png"), size, draw(size, tray=True, template=True))
        png(os.path.join(out, f"tray-pendingTemplate{suffix}.png"), size, draw(size, tray=True, badge=True, template=True))


if __name__ == "__main__":
    main()
