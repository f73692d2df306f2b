"""STAND-IN helper: applies a translate / rotate (Euler XYZ degrees) / scale to a point, independently of the
plugin's own space.py (so the stand-ins do not check the plugin against itself)."""
import math


def apply_trs(p, t, r, s):
    x, y, z = p[0] * s[0], p[1] * s[1], p[2] * s[2]
    ax, ay, az = [math.radians(a) for a in r]
    y, z = y * math.cos(ax) - z * math.sin(ax), y * math.sin(ax) + z * math.cos(ax)
    x, z = x * math.cos(ay) + z * math.sin(ay), -x * math.sin(ay) + z * math.cos(ay)
    x, y = x * math.cos(az) - y * math.sin(az), x * math.sin(az) + y * math.cos(az)
    return [x + t[0], y + t[1], z + t[2]]
