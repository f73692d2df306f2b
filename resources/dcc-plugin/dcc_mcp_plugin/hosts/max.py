"""3ds Max host: scene traits through `pymxs.runtime`, run only on Max's main (Qt) thread.

The reader thread wakes the main thread with a Qt signal (delivered through Max's Qt event loop as a queued
call, the thread-safe way in); work left after the budget continues with a single-shot QTimer on the main
thread. Scene changes come from `callbacks.addScript` (#filePostOpen, #filePostSave, #systemPostNew,
#systemPostReset), selection from #selectionSetChanged. Max is Z-up in its system unit (inches by default):
transforms are converted to the seed's world space in cm, Y-up."""
from .. import space
from ..errors import DccError
from ..host import HostAdapter

try:
    from pymxs import runtime as rt
except ImportError:  # pragma: no cover - only importable inside 3ds Max
    rt = None

CALLBACK_ID = "dcc_mcp_hub"
# units.SystemType → cm per unit.
MAX_UNITS_CM = {"inches": 2.54, "feet": 30.48, "miles": 160934.4, "millimeters": 0.1, "centimeters": 1.0, "meters": 100.0, "kilometers": 100000.0}
SCENE_EVENTS = ("filePostOpen", "filePostSave", "systemPostNew", "systemPostReset")


def _qt_core():
    try:
        from PySide6 import QtCore  # 3ds Max 2025+
    except ImportError:
        from PySide2 import QtCore  # 3ds Max 2019–2024
    return QtCore


class MaxHost(HostAdapter):
    """Host adapter for 3ds Max. `runtime` / `qt_core` default to pymxs.runtime and Max's PySide."""

    dcc_type = "3dsmax"
    scene_info_supported = True
    selection_supported = True
    transform_supported = True
    hierarchy_supported = True

    def __init__(self, runtime=None, qt_core=None, budget_ms=50):
        self.rt = runtime or rt
        self.qt = qt_core
        self.budget_ms = budget_ms
        self.version = str(self.rt.maxVersion()[0] // 1000 + 1998) if self.rt else "0"
        self._waker = None

    # ---- event loop ----
    def attach(self, plugin):
        HostAdapter.attach(self, plugin)
        qt = self.qt or _qt_core()
        self.qt = qt
        host = self

        class Waker(qt.QObject):
            wake = qt.Signal()

        # Created on the main thread: its slot runs there, whichever thread emits.
        self._waker = Waker()
        self._waker.wake.connect(self.pump, qt.Qt.QueuedConnection)
        self._wake_pending = False
        plugin.wake = self._wake
        r = self.rt
        for event in SCENE_EVENTS:
            r.callbacks.addScript(r.Name(event), lambda *_: host.scene_changed(), id=r.Name(CALLBACK_ID))
        r.callbacks.addScript(r.Name("selectionSetChanged"), lambda *_: host.selection_changed(), id=r.Name(CALLBACK_ID))
        # Max does not unload Python at exit: remove our row and socket when it shuts down.
        r.callbacks.addScript(r.Name("preSystemShutdown"), lambda *_: plugin.stop(), id=r.Name(CALLBACK_ID))

    def _wake(self):
        # Reader thread: only the signal, never pymxs.
        if not self._wake_pending:
            self._wake_pending = True
            self._waker.wake.emit()

    def pump(self):
        """Main thread: runs queued work within the budget; what is left continues on a single-shot timer."""
        self._wake_pending = False
        if self.plugin is None:
            return 0
        done = self.plugin.pump(self.budget_ms)
        if self.plugin.has_work():
            self._wake_pending = True
            self.qt.QTimer.singleShot(0, self.pump)
        return done

    def detach(self):
        r = self.rt
        r.callbacks.removeScripts(id=r.Name(CALLBACK_ID))
        if self._waker is not None:
            self._waker.wake.disconnect()
            self._waker = None
        HostAdapter.detach(self)

    # ---- units ----
    def _unit_cm(self):
        u = self.rt.units
        return float(u.SystemScale) * MAX_UNITS_CM.get(str(u.SystemType).lower().lstrip("#"), 2.54)

    # ---- traits ----
    def catalog(self):
        return [{"name": n, "signature": "pymxs.runtime.%s" % n, "description": ""} for n in ("select", "clearSelection", "getNodeByName", "resetMaxFile", "loadMaxFile", "saveMaxFile", "Box", "Sphere", "Teapot", "move", "rotate", "scale", "delete", "render")]

    def current_scene(self):
        r = self.rt
        return (r.maxFilePath + r.maxFileName) or "untitled.max"

    def _node(self, name):
        n = self.rt.getNodeByName(name)
        if n is None:
            raise DccError("SCENE_ERROR", "no object named %r" % name)
        return n

    def _describe(self, n):
        return {"name": n.name, "long_name": n.name, "object_type": str(self.rt.classOf(n)), "parent": n.parent.name if n.parent else None, "visible": not n.isHidden, "metadata": {}}

    def scene_info(self):
        r = self.rt
        return {"file_path": r.maxFilePath + r.maxFileName, "name": r.maxFileName or "untitled", "modified": bool(r.getSaveRequired()), "format": ".max", "frame_range": [float(r.animationRange.start), float(r.animationRange.end)], "current_frame": float(r.sliderTime), "fps": float(r.frameRate), "up_axis": "Z", "units": str(r.units.SystemType), "statistics": {"object_count": len(list(r.objects))}, "metadata": {}}

    def list_objects(self, object_type=None):
        return [o for o in (self._describe(n) for n in self.rt.objects) if object_type in (None, o["object_type"])]

    def get_selection(self):
        return [n.name for n in self.rt.selection]

    def set_selection(self, names):
        nodes = [self._node(n) for n in names]
        self.rt.clearSelection()
        self.rt.select(nodes)
        return self.get_selection()

    def _world(self, n):
        """Decomposes the node's world Matrix3 (row vectors: rows 1–3 are the scaled axes, row 4 the position)."""
        m = n.transform
        rows = [list(m.row1), list(m.row2), list(m.row3)]
        scale = [sum(v * v for v in row) ** 0.5 for row in rows]
        axes = [[v / s for v in row] if s else row for row, s in zip(rows, scale)]
        rot = space.transpose(axes)  # column convention: the axes are the columns
        return list(m.row4), space.matrix_to_euler_xyz(rot), scale

    def get_transform(self, name):
        """World-space TRS (cm, Y-up, Euler XYZ degrees)."""
        t, r, s = self._world(self._node(name))
        return space.to_seed(t, r, s, self._unit_cm(), z_up=True, float32=True)

    def set_transform(self, name, translate=None, rotate=None, scale=None):
        n = self._node(name)
        t0, r0, s0 = self._world(n)
        t, r, s = space.from_seed(translate, rotate, scale, self._unit_cm(), z_up=True)
        t, r, s = t or t0, r or r0, s or s0
        axes = space.transpose(space.euler_xyz_to_matrix(r))
        p3 = self.rt.Point3
        n.transform = self.rt.Matrix3(*([p3(*[v * s[i] for v in axes[i]]) for i in range(3)] + [p3(*t)]))
        return self.get_transform(name)

    def get_bounding_box(self, name):
        """World-space AABB (cm, Y-up) from nodeGetBoundingBox in world coordinates."""
        lo, hi = self.rt.nodeGetBoundingBox(self._node(name), self.rt.Matrix3(1))
        return space.bbox_to_seed(space.box_corners(list(lo), list(hi)), self._unit_cm(), z_up=True, float32=True)

    def get_hierarchy(self):
        def node(n):
            return {"object": self._describe(n), "children": [node(c) for c in n.children]}

        return [node(n) for n in self.rt.rootNode.children]
