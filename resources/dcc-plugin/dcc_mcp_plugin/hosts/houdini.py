"""Houdini host: scene traits through `hou` on Houdini's main thread.

GUI Houdini: each burst of requests schedules one `hdefereval.executeDeferred(pump)` (thread-safe; runs on the
main thread when the UI is idle) — no permanent `hou.ui.addEventLoopCallback`, which would run on every event
loop iteration. Scene changes come from `hou.hipFile.addEventCallback` (AfterLoad / AfterSave / AfterClear),
selection from `hou.ui.addSelectionCallback`. `hython` has no UI event loop: it serves from a blocking loop
(`run_houdini.py`). Objects are the nodes under /obj; Houdini is Y-up, one unit = one metre (its default)."""
from .. import space
from ..errors import DccError
from ..host import HostAdapter

try:
    import hou
except ImportError:  # pragma: no cover - only importable inside Houdini
    hou = None

# Houdini's default "Unit Length" is 1 m.
UNIT_CM = 100.0


class HoudiniHost(HostAdapter):
    """Host adapter for Houdini (GUI or hython). `hou_module` / `deferred_module` default to Houdini's own."""

    dcc_type = "houdini"
    scene_info_supported = True
    selection_supported = True
    transform_supported = True
    hierarchy_supported = True

    def __init__(self, hou_module=None, deferred_module=None, budget_ms=50):
        self.hou = hou_module or hou
        self.deferred = deferred_module
        self.budget_ms = budget_ms
        self.version = self.hou.applicationVersionString() if self.hou else "0"
        self._wake_pending = False
        self._hooks = []

    # ---- event loop ----
    def attach(self, plugin):
        HostAdapter.attach(self, plugin)
        h = self.hou
        if self.deferred is None and h.isUIAvailable():
            import hdefereval  # only importable with Houdini's UI

            self.deferred = hdefereval
        if self.deferred is not None:
            plugin.wake = self._wake

        def on_hip(event_type):
            if event_type in (h.hipFileEventType.AfterLoad, h.hipFileEventType.AfterSave, h.hipFileEventType.AfterClear):
                self.scene_changed()

        def on_selection(_items):
            self.selection_changed()

        h.hipFile.addEventCallback(on_hip)
        self._hooks = [(h.hipFile.removeEventCallback, on_hip)]
        if h.isUIAvailable():
            h.ui.addSelectionCallback(on_selection)
            self._hooks.append((h.ui.removeSelectionCallback, on_selection))

    def _wake(self):
        # Reader thread: only the deferred call, never `hou`.
        if not self._wake_pending:
            self._wake_pending = True
            self.deferred.executeDeferred(self.pump)

    def pump(self):
        """Main thread: runs queued work within the budget; what is left schedules another deferred pump."""
        self._wake_pending = False
        if self.plugin is None:
            return 0
        done = self.plugin.pump(self.budget_ms)
        if self.plugin.has_work():
            self._wake()
        return done

    def detach(self):
        for remove, fn in self._hooks:
            try:
                remove(fn)
            except Exception:
                pass
        self._hooks = []
        HostAdapter.detach(self)

    # ---- traits ----
    def catalog(self):
        return [{"name": "hou.%s" % n, "signature": "hou.%s(...)" % n, "description": ""} for n in sorted(dir(self.hou)) if not n.startswith("_")]

    def current_scene(self):
        return self.hou.hipFile.path()

    def _obj_nodes(self):
        return list(self.hou.node("/obj").children())

    def _node(self, name):
        n = self.hou.node(name if name.startswith("/") else "/obj/" + name)
        if n is None:
            raise DccError("SCENE_ERROR", "no object named %r under /obj" % name)
        return n

    def _describe(self, n):
        parent = n.inputs()[0] if n.inputs() else None
        return {"name": n.name(), "long_name": n.path(), "object_type": n.type().name(), "parent": parent.path() if parent else None, "visible": bool(n.isDisplayFlagSet()), "metadata": {}}

    def scene_info(self):
        h = self.hou
        start, end = h.playbar.frameRange()
        return {"file_path": h.hipFile.path(), "name": h.hipFile.basename(), "modified": bool(h.hipFile.hasUnsavedChanges()), "format": ".hip", "frame_range": [float(start), float(end)], "current_frame": float(h.frame()), "fps": float(h.fps()), "up_axis": "Y", "units": "m", "statistics": {"object_count": len(self._obj_nodes())}, "metadata": {}}

    def list_objects(self, object_type=None):
        return [o for o in (self._describe(n) for n in self._obj_nodes()) if object_type in (None, o["object_type"])]

    def get_selection(self):
        return [n.name() for n in self.hou.selectedNodes()]

    def set_selection(self, names):
        nodes = [self._node(n) for n in names]
        self.hou.clearAllSelected()
        for n in nodes:
            n.setSelected(True)
        return self.get_selection()

    def get_transform(self, name):
        """World-space TRS (cm, Y-up, Euler XYZ degrees) from the object's world transform."""
        parts = self._node(name).worldTransform().explode(transform_order="srt", rotate_order="xyz")
        return space.to_seed(list(parts["translate"]), list(parts["rotate"]), list(parts["scale"]), UNIT_CM)

    def set_transform(self, name, translate=None, rotate=None, scale=None):
        n = self._node(name)
        current = n.worldTransform().explode(transform_order="srt", rotate_order="xyz")
        t, r, s = space.from_seed(translate, rotate, scale, UNIT_CM)
        values = {"translate": t or list(current["translate"]), "rotate": r or list(current["rotate"]), "scale": s or list(current["scale"])}
        n.setWorldTransform(self.hou.hmath.buildTransform(values, transform_order="srt", rotate_order="xyz"))
        return self.get_transform(name)

    def get_bounding_box(self, name):
        """World-space AABB (cm) of the object's displayed geometry."""
        n = self._node(name)
        sop = n.displayNode()
        if sop is None:
            raise DccError("SCENE_ERROR", "%r has no displayed geometry" % name)
        box = sop.geometry().boundingBox()
        m = n.worldTransform()
        corners = [list(self.hou.Vector3(c) * m) for c in space.box_corners(list(box.minvec()), list(box.maxvec()))]
        return space.bbox_to_seed(corners, UNIT_CM)

    def get_hierarchy(self):
        nodes = self._obj_nodes()

        def children(p):
            return [c for c in nodes if c.inputs() and c.inputs()[0].path() == p.path()]

        def node(n):
            return {"object": self._describe(n), "children": [node(c) for c in children(n)]}

        return [node(n) for n in nodes if not n.inputs()]
