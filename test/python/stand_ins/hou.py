"""STAND-IN for Houdini's `hou` module (see README.md) — not Houdini. The documented subset the host uses, on a
tiny /obj network; every call must come from the main thread."""
from _scene import SCENE, main_thread_only
from _trs import apply_trs

UI = {"available": True}
HIP_CALLBACKS = []
SELECTION_CALLBACKS = []


def _g(name):
    main_thread_only("hou." + name)


def applicationVersionString():  # noqa: N802
    _g("applicationVersionString")
    return "20.5.370"


def isUIAvailable():  # noqa: N802
    _g("isUIAvailable")
    return UI["available"]


class hipFileEventType(object):  # noqa: N801
    BeforeLoad, AfterLoad, BeforeSave, AfterSave, AfterClear = range(5)


class _HipFile(object):
    def path(self):
        _g("hipFile.path")
        return SCENE.name or "untitled.hip"

    def basename(self):
        _g("hipFile.basename")
        return (SCENE.name or "untitled.hip").rsplit("/", 1)[-1]

    def hasUnsavedChanges(self):  # noqa: N802
        _g("hipFile.hasUnsavedChanges")
        return SCENE.modified

    def addEventCallback(self, fn):  # noqa: N802
        _g("hipFile.addEventCallback")
        HIP_CALLBACKS.append(fn)

    def removeEventCallback(self, fn):  # noqa: N802
        _g("hipFile.removeEventCallback")
        HIP_CALLBACKS.remove(fn)


hipFile = _HipFile()  # noqa: N816


class _UI(object):
    def addSelectionCallback(self, fn):  # noqa: N802
        _g("ui.addSelectionCallback")
        SELECTION_CALLBACKS.append(fn)

    def removeSelectionCallback(self, fn):  # noqa: N802
        _g("ui.removeSelectionCallback")
        SELECTION_CALLBACKS.remove(fn)


ui = _UI()


class _Playbar(object):
    def frameRange(self):  # noqa: N802
        _g("playbar.frameRange")
        return (1.0, 240.0)


playbar = _Playbar()


def frame():
    _g("frame")
    return 1.0


def fps():
    _g("fps")
    return 24.0


class Vector3(list):
    def __mul__(self, m):
        return Vector3(apply_trs(self, m.values["translate"], m.values["rotate"], m.values["scale"]))


class Matrix4(object):
    def __init__(self, values):
        self.values = {k: list(v) for k, v in values.items()}

    def explode(self, transform_order="srt", rotate_order="xyz"):
        _g("Matrix4.explode")
        assert (transform_order, rotate_order) == ("srt", "xyz")
        return {k: Vector3(v) for k, v in self.values.items()}


class hmath(object):  # noqa: N801
    @staticmethod
    def buildTransform(values, transform_order="srt", rotate_order="xyz"):  # noqa: N802
        _g("hmath.buildTransform")
        return Matrix4(values)


class _Box(object):
    def minvec(self):
        return Vector3([-0.5, -0.5, -0.5])

    def maxvec(self):
        return Vector3([0.5, 0.5, 0.5])


class _Geo(object):
    def boundingBox(self):  # noqa: N802
        _g("Geometry.boundingBox")
        return _Box()


class _Type(object):
    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name


class ObjNode(object):
    def __init__(self, name):
        self._name = name

    def name(self):
        _g("Node.name")
        return self._name

    def path(self):
        _g("Node.path")
        return "/obj/" + self._name

    def type(self):  # noqa: A003
        _g("Node.type")
        return _Type("geo")

    def inputs(self):
        _g("Node.inputs")
        return ()

    def isDisplayFlagSet(self):  # noqa: N802
        _g("Node.isDisplayFlagSet")
        return True

    def setSelected(self, on):  # noqa: N802
        _g("Node.setSelected")
        if on and self._name not in SCENE.selection:
            SCENE.selection.append(self._name)

    def worldTransform(self):  # noqa: N802
        _g("Node.worldTransform")
        o = SCENE.objects[self._name]
        return Matrix4({"translate": o["t"], "rotate": o["r"], "scale": o["s"], "shear": [0.0, 0.0, 0.0]})

    def setWorldTransform(self, m):  # noqa: N802
        _g("Node.setWorldTransform")
        o = SCENE.objects[self._name]
        o["t"], o["r"], o["s"] = list(m.values["translate"]), list(m.values["rotate"]), list(m.values["scale"])

    def displayNode(self):  # noqa: N802
        _g("Node.displayNode")
        return self

    def geometry(self):
        return _Geo()


class _ObjNetwork(object):
    def children(self):
        return tuple(ObjNode(n) for n in SCENE.objects)


def node(path):
    _g("node")
    if path == "/obj":
        return _ObjNetwork()
    name = path.rsplit("/", 1)[-1]
    return ObjNode(name) if path.startswith("/obj/") and name in SCENE.objects else None


def selectedNodes():  # noqa: N802
    _g("selectedNodes")
    return tuple(ObjNode(n) for n in SCENE.selection)


def clearAllSelected():  # noqa: N802
    _g("clearAllSelected")
    SCENE.selection = []


def fire_hip(event):
    """Test driver: Houdini raising a hip file event."""
    for fn in list(HIP_CALLBACKS):
        fn(event)


def fire_selection():
    """Test driver: the user changed the selection in a network editor / viewport."""
    for fn in list(SELECTION_CALLBACKS):
        fn(list(selectedNodes()))
