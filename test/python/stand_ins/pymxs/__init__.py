"""STAND-IN for 3ds Max's `pymxs` (see ../README.md) — not 3ds Max. `runtime` offers the documented subset the
host uses (nodes with a world Matrix3 `transform`, selection, units, callbacks.addScript/removeScripts,
nodeGetBoundingBox); every call must come from the main thread."""
import math

from _scene import SCENE, main_thread_only
from _trs import apply_trs


def _g(name):
    main_thread_only("pymxs.runtime." + name)


class Name(str):
    pass


class Point3(object):
    def __init__(self, x, y, z):
        self.v = [float(x), float(y), float(z)]

    def __iter__(self):
        return iter(self.v)


class Matrix3(object):
    def __init__(self, *rows):
        if len(rows) == 1:
            rows = (Point3(1, 0, 0), Point3(0, 1, 0), Point3(0, 0, 1), Point3(0, 0, 0))
        self.row1, self.row2, self.row3, self.row4 = rows


def _matrix_of(o):
    # Rows are the object's scaled local axes in world space (Max's row-vector convention), then the position.
    axes = [apply_trs(a, [0, 0, 0], o["r"], o["s"]) for a in ([1, 0, 0], [0, 1, 0], [0, 0, 1])]
    return Matrix3(*([Point3(*a) for a in axes] + [Point3(*o["t"])]))


def _trs_of(m):
    rows = [list(m.row1), list(m.row2), list(m.row3)]
    s = [math.sqrt(sum(v * v for v in r)) for r in rows]
    x, y, z = [[v / k for v in r] for r, k in zip(rows, s)]
    # R has the axes as columns: R[i][j] = axes[j][i]; Euler XYZ with R = Rz·Ry·Rx.
    ry = math.asin(max(-1.0, min(1.0, -x[2])))
    rx = math.atan2(y[2], z[2])
    rz = math.atan2(x[1], x[0])
    return list(m.row4), [math.degrees(a) for a in (rx, ry, rz)], s


class Node(object):
    def __init__(self, name):
        self._name = name

    def __eq__(self, other):
        return isinstance(other, Node) and other._name == self._name

    @property
    def name(self):
        _g("node.name")
        return self._name

    @property
    def parent(self):
        return None

    @property
    def children(self):
        return []

    @property
    def isHidden(self):  # noqa: N802
        return not SCENE.objects[self._name]["visible"]

    @property
    def transform(self):
        _g("node.transform")
        return _matrix_of(SCENE.objects[self._name])

    @transform.setter
    def transform(self, m):
        _g("node.transform=")
        o = SCENE.objects[self._name]
        o["t"], o["r"], o["s"] = _trs_of(m)


class _Callbacks(object):
    def __init__(self):
        self.scripts = []

    def addScript(self, event, fn, id=None):  # noqa: N802,A002
        _g("callbacks.addScript")
        self.scripts.append((str(event), fn, str(id)))

    def removeScripts(self, id=None):  # noqa: N802,A002
        _g("callbacks.removeScripts")
        self.scripts = [s for s in self.scripts if s[2] != str(id)]

    def fire(self, event):
        """Test driver: 3ds Max broadcasting a callback event."""
        for e, fn, _ in list(self.scripts):
            if e == event:
                fn()


class _Units(object):
    SystemType = Name("inches")
    SystemScale = 1.0


class _Range(object):
    start, end = 0.0, 100.0


class _Runtime(object):
    Name = Name
    Point3 = Point3
    Matrix3 = Matrix3

    def __init__(self):
        self.callbacks = _Callbacks()
        self.units = _Units()
        self.animationRange = _Range()
        self.sliderTime = 0.0
        self.frameRate = 30.0

    @property
    def maxFilePath(self):  # noqa: N802
        _g("maxFilePath")
        return SCENE.name.rsplit("/", 1)[0] + "/" if "/" in SCENE.name else ""

    @property
    def maxFileName(self):  # noqa: N802
        _g("maxFileName")
        return SCENE.name.rsplit("/", 1)[-1]

    def maxVersion(self):  # noqa: N802
        _g("maxVersion")
        return [27000, 58, 0]

    def getSaveRequired(self):  # noqa: N802
        return SCENE.modified

    @property
    def objects(self):
        _g("objects")
        return [Node(n) for n in SCENE.objects]

    @property
    def selection(self):
        _g("selection")
        return [Node(n) for n in SCENE.selection]

    def classOf(self, n):  # noqa: N802
        return "Box"

    def getNodeByName(self, name):  # noqa: N802
        _g("getNodeByName")
        return Node(name) if name in SCENE.objects else None

    def clearSelection(self):  # noqa: N802
        _g("clearSelection")
        SCENE.selection = []

    def select(self, nodes):
        _g("select")
        SCENE.selection = [n.name for n in nodes]

    def nodeGetBoundingBox(self, node, matrix):  # noqa: N802
        """World-aligned box of a 1-unit cube transformed by the node (identity `matrix`: world space)."""
        _g("nodeGetBoundingBox")
        o = SCENE.objects[node.name]
        pts = [apply_trs([x, y, z], o["t"], o["r"], o["s"]) for x in (-0.5, 0.5) for y in (-0.5, 0.5) for z in (-0.5, 0.5)]
        return Point3(*[min(p[i] for p in pts) for i in range(3)]), Point3(*[max(p[i] for p in pts) for i in range(3)])

    @property
    def rootNode(self):  # noqa: N802
        class _Root(object):
            children = [Node(n) for n in SCENE.objects]

        return _Root()


runtime = _Runtime()
