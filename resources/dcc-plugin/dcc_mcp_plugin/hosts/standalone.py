"""A simulated DCC with a small in-memory scene (objects, selection, transforms, hierarchy), for the demo and
tests. It behaves like a real host: scene traits, tools, a catalog of a few hundred commands."""
import threading

from .. import catalog as catalog_mod
from ..errors import DccError
from ..host import HostAdapter
from . import sim_catalogs


class SimScene(object):
    """Objects with types, transforms and parents; the selection."""

    def __init__(self):
        self.lock = threading.RLock()
        self.objects = {}
        self.selection = []
        self.name = "untitled"
        for name, kind, parent in (("persp", "camera", None), ("key_light", "light", None), ("props", "group", None), ("crate", "mesh", "props"), ("barrel", "mesh", "props")):
            self.add(name, kind, parent)

    def add(self, name, kind="mesh", parent=None, translate=None):
        with self.lock:
            base, n = name, 1
            while name in self.objects:
                n += 1
                name = "%s%d" % (base, n)
            self.objects[name] = {"type": kind, "parent": parent, "visible": True, "translate": list(translate or [0.0, 0.0, 0.0]), "rotate": [0.0, 0.0, 0.0], "scale": [1.0, 1.0, 1.0]}
            return name

    def get(self, name):
        obj = self.objects.get(name)
        if obj is None:
            raise DccError("SCENE_ERROR", "no object named %r in the scene" % name)
        return obj

    def long_name(self, name):
        parts = [name]
        parent = self.objects[name]["parent"]
        while parent:
            parts.insert(0, parent)
            parent = self.objects[parent]["parent"]
        return "|" + "|".join(parts)


class StandaloneHost(HostAdapter):
    """Host adapter for `run_standalone.py --dcc NAME`."""

    simulated = True
    scene_info_supported = True
    selection_supported = True
    transform_supported = True
    hierarchy_supported = True

    def __init__(self, dcc_type="maya", version="2025.1"):
        self.dcc_type = dcc_type
        self.version = version
        self.scene = SimScene()

    def catalog(self):
        if self.dcc_type == "maya":
            return catalog_mod.from_text(sim_catalogs.MAYA_TEXT) + sim_catalogs.generic("cmds")
        if self.dcc_type == "blender":
            return sim_catalogs.blender_like()
        return sim_catalogs.generic(self.dcc_type)

    def current_scene(self):
        return self.scene.name

    def register_tools(self, tools):
        scene = self.scene
        tools.add("create_object", lambda name="object", type="mesh", translate=None: scene.add(name, type, None, translate), description="Create an object in the scene; returns its name", input_schema={"type": "object", "properties": {"name": {"type": "string"}, "type": {"type": "string", "enum": ["mesh", "light", "camera", "group", "locator"]}, "translate": {"type": "array", "items": {"type": "number"}}}})
        tools.add("delete_object", self._delete, description="Delete an object and its children", input_schema={"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}, destructive=True)
        tools.add("get_scene_summary", lambda: {"scene": scene.name, "objects": len(scene.objects), "selected": list(scene.selection)}, description="Count objects and list the selection", read_only=True, idempotent=True)

    def _delete(self, name):
        with self.scene.lock:
            self.scene.get(name)
            doomed = [n for n in self.scene.objects if n == name or self.scene.long_name(n).startswith(self.scene.long_name(name) + "|")]
            for n in doomed:
                del self.scene.objects[n]
            self.scene.selection = [n for n in self.scene.selection if n not in doomed]
            return doomed

    def scene_info(self):
        objs = self.scene.objects
        return {"file_path": "", "name": self.scene.name, "modified": False, "format": "", "frame_range": [1.0, 120.0], "current_frame": 1.0, "fps": 24.0, "up_axis": "Y", "units": "cm", "statistics": {"object_count": len(objs), "vertex_count": 8 * sum(1 for o in objs.values() if o["type"] == "mesh"), "polygon_count": 6 * sum(1 for o in objs.values() if o["type"] == "mesh"), "material_count": 0, "texture_count": 0, "light_count": sum(1 for o in objs.values() if o["type"] == "light"), "camera_count": sum(1 for o in objs.values() if o["type"] == "camera")}, "metadata": {}}

    def _object(self, name):
        o = self.scene.objects[name]
        return {"name": name, "long_name": self.scene.long_name(name), "object_type": o["type"], "parent": self.scene.long_name(o["parent"]) if o["parent"] else None, "visible": o["visible"], "metadata": {}}

    def list_objects(self, object_type=None):
        with self.scene.lock:
            return [self._object(n) for n, o in self.scene.objects.items() if object_type in (None, o["type"])]

    def get_selection(self):
        return list(self.scene.selection)

    def set_selection(self, names):
        with self.scene.lock:
            for n in names:
                self.scene.get(n)
            self.scene.selection = list(names)
        self.selection_changed()
        return list(names)

    def open_scene(self, name):
        """The simulated application opens a scene (for demos and the host suite)."""
        self.scene.name = name
        self.scene_changed()

    def get_transform(self, name):
        o = self.scene.get(name)
        return {"translate": o["translate"], "rotate": o["rotate"], "scale": o["scale"]}

    def set_transform(self, name, translate=None, rotate=None, scale=None):
        o = self.scene.get(name)
        for key, value in (("translate", translate), ("rotate", rotate), ("scale", scale)):
            if value is not None:
                if len(value) != 3:
                    raise DccError("INVALID_INPUT", "%s must have 3 numbers" % key)
                o[key] = [float(v) for v in value]
        return self.get_transform(name)

    def get_bounding_box(self, name):
        """Every simulated object is a 1 cm cube scaled about its (world-space, Y-up) position."""
        o = self.scene.get(name)
        t, sc = o["translate"], o["scale"]
        return {"min": [t[i] - 0.5 * abs(sc[i]) for i in range(3)], "max": [t[i] + 0.5 * abs(sc[i]) for i in range(3)]}

    def get_hierarchy(self):
        with self.scene.lock:
            def node(n):
                return {"object": self._object(n), "children": [node(c) for c, o in self.scene.objects.items() if o["parent"] == n]}
            return [node(n) for n, o in self.scene.objects.items() if not o["parent"]]
