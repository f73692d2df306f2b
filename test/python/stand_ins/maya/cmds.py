"""STAND-IN for `maya.cmds` (see ../README.md) — not Maya. The subset the host uses, on a tiny scene; every call
must come from the main thread; an idle scriptJob is refused."""
from _scene import SCENE, main_thread_only

JOBS = {}
_next = [1]


def _guard(name):
    main_thread_only("cmds." + name)


def about(version=False, batch=False):
    _guard("about")
    return "2025" if version else False


def scriptJob(event=None, idleEvent=None, kill=None, force=False, exists=None):  # noqa: N802,N803 - Maya's names
    _guard("scriptJob")
    if idleEvent is not None:
        raise AssertionError("idle scriptJob refused: it keeps a core busy while the plug-in is loaded")
    if exists is not None:
        return exists in JOBS
    if kill is not None:
        JOBS.pop(kill, None)
        return None
    job = _next[0]
    _next[0] += 1
    JOBS[job] = tuple(event)
    return job


def fire(event_name):
    """Test driver: Maya emitting an event to its scriptJobs."""
    for name, fn in list(JOBS.values()):
        if name == event_name:
            fn()


def file(query=False, sceneName=False, modified=False, rename=None):  # noqa: N803
    _guard("file")
    if sceneName:
        return SCENE.name
    if modified:
        return SCENE.modified
    return None


def playbackOptions(query=False, minTime=False, maxTime=False):  # noqa: N802,N803
    _guard("playbackOptions")
    return 1.0 if minTime else 120.0


def currentTime(query=False):  # noqa: N802
    _guard("currentTime")
    return 1.0


def upAxis(query=False, axis=False):  # noqa: N802
    _guard("upAxis")
    return SCENE.up


def currentUnit(query=False, linear=False):  # noqa: N802
    _guard("currentUnit")
    return SCENE.unit


def ls(dag=False, transforms=False, long=False, selection=False, assemblies=False):
    _guard("ls")
    if selection:
        return list(SCENE.selection)
    return [("|" + n if long else n) for n in SCENE.objects]


def _name(n):
    return n.rsplit("|", 1)[-1]


def objExists(name):  # noqa: N802
    _guard("objExists")
    return _name(name) in SCENE.objects


def select(names, replace=False):
    _guard("select")
    SCENE.selection = [_name(n) for n in names]


def listRelatives(name, parent=False, shapes=False, children=False, fullPath=False, type=None):  # noqa: N802,N803,A002
    _guard("listRelatives")
    return []


def nodeType(name):  # noqa: N802
    _guard("nodeType")
    return "transform"


def getAttr(attr):  # noqa: N802
    _guard("getAttr")
    return SCENE.objects[_name(attr.split(".")[0])]["visible"]


def xform(name, query=False, worldSpace=False, translation=None, rotation=None, scale=None):  # noqa: N803
    _guard("xform")
    o = SCENE.objects[_name(name)]
    if query:
        return list(o["t"] if translation else o["r"] if rotation else o["s"])
    for key, value in (("t", translation), ("r", rotation), ("s", scale)):
        if value is not None and value is not True:
            o[key] = list(value)
    return None


def exactWorldBoundingBox(name):  # noqa: N802
    """A unit-size cube (in the scene's unit) centred on the object, scaled."""
    _guard("exactWorldBoundingBox")
    o = SCENE.objects[_name(name)]
    return [o["t"][i] - 0.5 * o["s"][i] for i in range(3)] + [o["t"][i] + 0.5 * o["s"][i] for i in range(3)]
