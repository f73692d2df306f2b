"""Maya host: scene traits through maya.cmds; work pumped on Maya's main thread from an idle scriptJob, with
`maya.utils.executeDeferred` to wake it when a request arrives."""
from ..errors import DccError
from ..host import HostAdapter

try:
    from maya import cmds
except ImportError:  # pragma: no cover - only importable inside Maya
    cmds = None


class MayaHost(HostAdapter):
    """Host adapter for Maya."""

    dcc_type = "maya"
    scene_info_supported = True
    selection_supported = True
    transform_supported = True
    hierarchy_supported = True

    def __init__(self):
        self.version = str(cmds.about(version=True)) if cmds else "0"
        self._jobs = []

    def install_handlers(self):
        """Edits made in Maya itself: scriptJobs on SceneOpened / SelectionChanged push (throttled by the plugin).
        Event jobs only fire on those events — never an idle job, which would burn a core."""
        if cmds is None or self._jobs:
            return
        opened = lambda: self.notify("scene.changed", {"scene": self.current_scene()})  # noqa: E731
        selected = lambda: self.notify("selection.changed", {"selection": cmds.ls(selection=True) or []})  # noqa: E731
        self._jobs = [cmds.scriptJob(event=["SceneOpened", opened], protected=True), cmds.scriptJob(event=["SelectionChanged", selected], protected=True)]

    def close(self):
        for job in self._jobs:
            try:
                cmds.scriptJob(kill=job, force=True)
            except Exception:
                pass
        self._jobs = []

    def catalog(self):
        out = []
        for name in sorted(n for n in dir(cmds) if not n.startswith("_")):
            out.append({"name": name, "signature": "maya.cmds.%s(...)" % name, "description": ""})
        return out

    def current_scene(self):
        return cmds.file(query=True, sceneName=True) or "untitled"

    def scene_info(self):
        path = cmds.file(query=True, sceneName=True) or ""
        return {"file_path": path, "name": path.rsplit("/", 1)[-1] or "untitled", "modified": bool(cmds.file(query=True, modified=True)), "format": ".ma" if path.endswith(".ma") else ".mb" if path.endswith(".mb") else "", "frame_range": [cmds.playbackOptions(query=True, minTime=True), cmds.playbackOptions(query=True, maxTime=True)], "current_frame": cmds.currentTime(query=True), "up_axis": cmds.upAxis(query=True, axis=True).upper(), "units": cmds.currentUnit(query=True, linear=True), "statistics": {"object_count": len(cmds.ls(dag=True, transforms=True) or [])}, "metadata": {}}

    def _obj(self, long_name):
        parent = (cmds.listRelatives(long_name, parent=True, fullPath=True) or [None])[0]
        shapes = cmds.listRelatives(long_name, shapes=True, fullPath=True) or []
        return {"name": long_name.rsplit("|", 1)[-1], "long_name": long_name, "object_type": cmds.nodeType(shapes[0]) if shapes else cmds.nodeType(long_name), "parent": parent, "visible": bool(cmds.getAttr(long_name + ".visibility")), "metadata": {}}

    def list_objects(self, object_type=None):
        objs = [self._obj(n) for n in cmds.ls(dag=True, transforms=True, long=True) or []]
        return [o for o in objs if object_type in (None, o["object_type"])]

    def get_selection(self):
        return cmds.ls(selection=True) or []

    def set_selection(self, names):
        missing = [n for n in names if not cmds.objExists(n)]
        if missing:
            raise DccError("SCENE_ERROR", "no such objects: %s" % ", ".join(missing))
        cmds.select(names, replace=True)
        return self.get_selection()

    def get_transform(self, name):
        if not cmds.objExists(name):
            raise DccError("SCENE_ERROR", "no object named %r" % name)
        return {"translate": cmds.xform(name, query=True, worldSpace=True, translation=True), "rotate": cmds.xform(name, query=True, worldSpace=True, rotation=True), "scale": cmds.xform(name, query=True, relative=True, scale=True)}

    def set_transform(self, name, translate=None, rotate=None, scale=None):
        if translate is not None:
            cmds.xform(name, worldSpace=True, translation=translate)
        if rotate is not None:
            cmds.xform(name, worldSpace=True, rotation=rotate)
        if scale is not None:
            cmds.xform(name, scale=scale)
        return self.get_transform(name)

    def get_hierarchy(self):
        def node(n):
            return {"object": self._obj(n), "children": [node(c) for c in cmds.listRelatives(n, children=True, type="transform", fullPath=True) or []]}

        return [node(n) for n in cmds.ls(assemblies=True, long=True) or []]


class MayaPump(object):
    """Runs the plugin's queued work on Maya's main thread: an idle scriptJob pumps, and each new request
    schedules an executeDeferred so work starts even when Maya is not idling."""

    def __init__(self, plugin, utils, cmds_module, budget_ms=50):
        self.plugin = plugin
        self.utils = utils
        self.cmds = cmds_module
        self.budget_ms = budget_ms
        self.job = None
        self.pending_wake = False

    def start(self):
        self.job = self.cmds.scriptJob(idleEvent=self.pump)
        original = self.plugin.work.put

        def put(item, *a, **kw):
            original(item, *a, **kw)
            if not self.pending_wake:
                self.pending_wake = True
                self.utils.executeDeferred(self.pump)

        self.plugin.work.put = put

    def pump(self):
        self.pending_wake = False
        return self.plugin.pump(self.budget_ms)

    def stop(self):
        if self.job is not None:
            self.cmds.scriptJob(kill=self.job, force=True)
            self.job = None
