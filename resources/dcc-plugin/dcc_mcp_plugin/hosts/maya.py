"""Maya host: scene traits through maya.cmds, run only on Maya's main thread.

No idle scriptJob (it fires continuously and keeps a core busy while the plug-in is loaded): each burst of
requests schedules one `maya.utils.executeDeferred(pump)` — the documented thread-safe way to run code on the
main thread — from the socket reader thread. Scene and selection changes come from event scriptJobs
(`SceneOpened`, `NewSceneOpened`, `SceneSaved`, `SelectionChanged`) and are pushed to the hub."""
from .. import space
from ..errors import DccError
from ..host import HostAdapter

try:
    from maya import cmds
    import maya.utils as maya_utils
except ImportError:  # pragma: no cover - only importable inside Maya
    cmds = None
    maya_utils = None

SCENE_EVENTS = ("SceneOpened", "NewSceneOpened", "SceneSaved")


class MayaHost(HostAdapter):
    """Host adapter for Maya (GUI). `cmds_module` / `utils_module` default to Maya's own."""

    dcc_type = "maya"
    scene_info_supported = True
    selection_supported = True
    transform_supported = True
    hierarchy_supported = True

    def __init__(self, cmds_module=None, utils_module=None, budget_ms=50):
        self.cmds = cmds_module or cmds
        self.utils = utils_module or maya_utils
        self.budget_ms = budget_ms
        self.version = str(self.cmds.about(version=True)) if self.cmds else "0"
        self.jobs = []
        self._wake_pending = False

    # ---- event loop ----
    def attach(self, plugin):
        HostAdapter.attach(self, plugin)
        plugin.wake = self._wake
        c = self.cmds
        self.jobs = [c.scriptJob(event=[e, self.scene_changed]) for e in SCENE_EVENTS]
        self.jobs.append(c.scriptJob(event=["SelectionChanged", self.selection_changed]))
        # Maya does not unload plug-ins at quit: remove our row and socket ourselves.
        self.jobs.append(c.scriptJob(event=["quitApplication", plugin.stop]))

    def _wake(self):
        # Reader thread: only executeDeferred, never cmds. One deferred call per burst of requests.
        if not self._wake_pending:
            self._wake_pending = True
            self.utils.executeDeferred(self.pump)

    def pump(self):
        """Main thread: runs queued work within the budget; what is left schedules another deferred pump."""
        self._wake_pending = False
        plugin = self.plugin
        if plugin is None:
            return 0
        done = plugin.pump(self.budget_ms)
        if plugin.has_work():
            self._wake()
        return done

    def detach(self):
        for job in self.jobs:
            if self.cmds.scriptJob(exists=job):
                self.cmds.scriptJob(kill=job, force=True)
        self.jobs = []
        HostAdapter.detach(self)

    # ---- units ----
    def _unit_cm(self):
        return space.UNIT_CM.get(self.cmds.currentUnit(query=True, linear=True), 1.0)

    def _z_up(self):
        return self.cmds.upAxis(query=True, axis=True).lower() == "z"

    # ---- traits ----
    def catalog(self):
        out = []
        for name in sorted(n for n in dir(self.cmds) if not n.startswith("_")):
            out.append({"name": name, "signature": "maya.cmds.%s(...)" % name, "description": ""})
        return out

    def current_scene(self):
        return self.cmds.file(query=True, sceneName=True) or "untitled"

    def scene_info(self):
        c = self.cmds
        path = c.file(query=True, sceneName=True) or ""
        return {"file_path": path, "name": path.rsplit("/", 1)[-1] or "untitled", "modified": bool(c.file(query=True, modified=True)), "format": ".ma" if path.endswith(".ma") else ".mb" if path.endswith(".mb") else "", "frame_range": [c.playbackOptions(query=True, minTime=True), c.playbackOptions(query=True, maxTime=True)], "current_frame": c.currentTime(query=True), "up_axis": c.upAxis(query=True, axis=True).upper(), "units": c.currentUnit(query=True, linear=True), "statistics": {"object_count": len(c.ls(dag=True, transforms=True) or [])}, "metadata": {}}

    def _obj(self, long_name):
        c = self.cmds
        parent = (c.listRelatives(long_name, parent=True, fullPath=True) or [None])[0]
        shapes = c.listRelatives(long_name, shapes=True, fullPath=True) or []
        return {"name": long_name.rsplit("|", 1)[-1], "long_name": long_name, "object_type": c.nodeType(shapes[0]) if shapes else c.nodeType(long_name), "parent": parent, "visible": bool(c.getAttr(long_name + ".visibility")), "metadata": {}}

    def list_objects(self, object_type=None):
        objs = [self._obj(n) for n in self.cmds.ls(dag=True, transforms=True, long=True) or []]
        return [o for o in objs if object_type in (None, o["object_type"])]

    def get_selection(self):
        return self.cmds.ls(selection=True) or []

    def set_selection(self, names):
        missing = [n for n in names if not self.cmds.objExists(n)]
        if missing:
            raise DccError("SCENE_ERROR", "no such objects: %s" % ", ".join(missing))
        self.cmds.select(names, replace=True)
        return self.get_selection()

    def _need(self, name):
        if not self.cmds.objExists(name):
            raise DccError("SCENE_ERROR", "no object named %r" % name)

    def get_transform(self, name):
        """World-space TRS in the seed's convention (cm, Y-up, Euler XYZ degrees)."""
        self._need(name)
        c = self.cmds
        t = c.xform(name, query=True, worldSpace=True, translation=True)
        r = c.xform(name, query=True, worldSpace=True, rotation=True)
        s = c.xform(name, query=True, worldSpace=True, scale=True)
        return space.to_seed(t, r, s, self._unit_cm(), self._z_up())

    def set_transform(self, name, translate=None, rotate=None, scale=None):
        self._need(name)
        t, r, s = space.from_seed(translate, rotate, scale, self._unit_cm(), self._z_up())
        c = self.cmds
        if t is not None:
            c.xform(name, worldSpace=True, translation=t)
        if r is not None:
            c.xform(name, worldSpace=True, rotation=r)
        if s is not None:
            c.xform(name, worldSpace=True, scale=s)
        return self.get_transform(name)

    def get_bounding_box(self, name):
        """World-space AABB in cm, Y-up."""
        self._need(name)
        b = self.cmds.exactWorldBoundingBox(name)
        return space.bbox_to_seed(space.box_corners(b[0:3], b[3:6]), self._unit_cm(), self._z_up())

    def get_hierarchy(self):
        def node(n):
            return {"object": self._obj(n), "children": [node(ch) for ch in self.cmds.listRelatives(n, children=True, type="transform", fullPath=True) or []]}

        return [node(n) for n in self.cmds.ls(assemblies=True, long=True) or []]
