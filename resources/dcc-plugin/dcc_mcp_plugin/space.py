"""The seed's DccTransform convention — right-handed, Y-up, world space, centimetres, Euler XYZ in degrees — and
conversions from a host's own (Blender: Z-up metres; Maya: Y-up or Z-up in its UI unit). Pure Python, 3x3
matrices as lists of rows. Euler XYZ = rotate about X, then Y, then Z (R = Rz·Ry·Rx), as Maya's and Blender's
"XYZ" orders."""
import math

# Linear unit → centimetres.
UNIT_CM = {"mm": 0.1, "millimeter": 0.1, "cm": 1.0, "centimeter": 1.0, "m": 100.0, "meter": 100.0, "km": 100000.0, "in": 2.54, "inch": 2.54, "ft": 30.48, "foot": 30.48, "yd": 91.44, "yard": 91.44, "mi": 160934.4, "mile": 160934.4}

# Z-up → Y-up change of basis: (x, y, z) ↦ (x, z, -y); a rotation of -90° about X (det 1).
ZUP_TO_YUP = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]]


def mat_mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def transpose(m):
    return [[m[j][i] for j in range(3)] for i in range(3)]


def apply(m, v):
    return [sum(m[i][k] * v[k] for k in range(3)) for i in range(3)]


def euler_xyz_to_matrix(deg):
    """Rotation matrix of Euler XYZ angles in degrees."""
    x, y, z = [math.radians(a) for a in deg]
    cx, sx, cy, sy, cz, sz = math.cos(x), math.sin(x), math.cos(y), math.sin(y), math.cos(z), math.sin(z)
    rx = [[1, 0, 0], [0, cx, -sx], [0, sx, cx]]
    ry = [[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]]
    rz = [[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]]
    return mat_mul(rz, mat_mul(ry, rx))


def matrix_to_euler_xyz(m):
    """Euler XYZ degrees of a rotation matrix (R = Rz·Ry·Rx); at gimbal lock X takes the whole twist."""
    sy = -m[2][0]
    sy = max(-1.0, min(1.0, sy))
    y = math.asin(sy)
    if abs(sy) < 0.999999:
        x = math.atan2(m[2][1], m[2][2])
        z = math.atan2(m[1][0], m[0][0])
    else:
        x = math.atan2(-m[1][2], m[1][1])
        z = 0.0
    return [_clean(math.degrees(a)) for a in (x, y, z)]


def _clean(v, eps=1e-9):
    return 0.0 if abs(v) < eps else v


def single(v):
    """Rounds to the 7 significant digits a float32 holds (Blender and 3ds Max store single precision), so a
    value set as 2 cm reads back as 2, not 1.9999999553."""
    return float("%.7g" % v)


def to_seed(translate, rotate_deg, scale, unit_cm=1.0, z_up=False, float32=False):
    """A host transform (its units, its up axis) → the seed's (cm, Y-up). Scale is along the object's own axes;
    with a Z-up host the object's frame is re-expressed too, so an unrotated object stays unrotated."""
    t = [v * unit_cm for v in translate]
    if not z_up:
        out = {"translate": [_clean(v) for v in t], "rotate": [_clean(v) for v in rotate_deg], "scale": list(scale)}
    else:
        r = mat_mul(ZUP_TO_YUP, mat_mul(euler_xyz_to_matrix(rotate_deg), transpose(ZUP_TO_YUP)))
        out = {"translate": [_clean(v) for v in apply(ZUP_TO_YUP, t)], "rotate": matrix_to_euler_xyz(r), "scale": [scale[0], scale[2], scale[1]]}
    if float32:
        out = {k: [single(v) for v in vs] for k, vs in out.items()}
    return out


def from_seed(translate=None, rotate_deg=None, scale=None, unit_cm=1.0, z_up=False):
    """The inverse of `to_seed` for the parts given (None stays None)."""
    t = r = s = None
    if translate is not None:
        t = [v / unit_cm for v in (apply(transpose(ZUP_TO_YUP), translate) if z_up else translate)]
    if rotate_deg is not None:
        r = matrix_to_euler_xyz(mat_mul(transpose(ZUP_TO_YUP), mat_mul(euler_xyz_to_matrix(rotate_deg), ZUP_TO_YUP))) if z_up else list(rotate_deg)
    if scale is not None:
        s = [scale[0], scale[2], scale[1]] if z_up else list(scale)
    return t, r, s


def bbox_to_seed(points, unit_cm=1.0, z_up=False, float32=False):
    """World-space AABB {min, max} in cm, Y-up, of world-space points in host units / axes."""
    pts = [[v * unit_cm for v in p] for p in points]
    if z_up:
        pts = [apply(ZUP_TO_YUP, p) for p in pts]
    r = single if float32 else _clean
    return {"min": [r(_clean(min(p[i] for p in pts))) for i in range(3)], "max": [r(_clean(max(p[i] for p in pts))) for i in range(3)]}


def box_corners(mn, mx):
    """The 8 corners of an axis-aligned box."""
    return [[x, y, z] for x in (mn[0], mx[0]) for y in (mn[1], mx[1]) for z in (mn[2], mx[2])]
