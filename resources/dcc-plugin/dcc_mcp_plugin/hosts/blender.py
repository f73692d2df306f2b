"""Blender host: real scene traits through bpy, and a catalog generated from the real bpy.ops operators."""
import os
import tempfile

from ..errors import DccError
from ..host import HostAdapter

try:
    import bpy
except ImportError:  # pragma: no cover - only importable inside Blender
    bpy = None


def _op_signature(mod, name, rna):
    parts = []
    for p in rna.properties:
        if p.identifier == "rna_type":
            continue
        if getattr(p, "is_array", False):
            default = list(getattr(p, "default_array", []))
        elif p.type == "ENUM":
            default = "set()" if p.is_enum_flag else repr(p.default)
        else:
            default = repr(getattr(p, "default", None))
        parts.append("%s=%s" % (p.identifier, default))
    return "bpy.ops.%s.%s(%s)" % (mod, name, ", ".join(parts))


class BlenderHost(HostAdapter):
    """Host adapter for Blender (background `-b` mode or the GUI add-on)."""

    dcc_type = "blender"
    scene_info_supported = True
    selection_supported = True
    transform_supported = True
    hierarchy_supported = True
    render_capture_supported = True

    def __init__(self):
        self.version = bpy.app.version_string if bpy else "0"
        self._hooks = []

    def install_handlers(self):
        """Edits made in Blender itself (the GUI, other add-ons): depsgraph_update_post / load_post / save_post mark
        the scene dirty; the plugin's pump compares and pushes at most every PUSH_THROTTLE_SECS."""
        if bpy is None or self._hooks:
            return
        from bpy.app.handlers import persistent

        @persistent
        def mark(*_args):
            self.dirty = True

        for name in ("depsgraph_update_post", "load_post", "save_post"):
            getattr(bpy.app.handlers, name).append(mark)
            self._hooks.append((name, mark))

    def close(self):
        for name, fn in self._hooks:
            try:
                getattr(bpy.app.handlers, name).remove(fn)
            except ValueError:
                pass
        self._hooks = []

    def info(self):
        info = HostAdapter.info(self)
        info["metadata"] = {"background": str(bool(bpy and bpy.app.background)).lower(), "build": getattr(bpy.app, "build_hash", b"").decode() if bpy else ""}
        return info

    def catalog(self):
        out = []
        for mod in dir(bpy.ops):
            if mod.startswith("_"):
                continue
            for name in dir(getattr(bpy.ops, mod)):
                if name.startswith("_"):
                    continue
                try:
                    rna = getattr(getattr(bpy.ops, mod), name).get_rna_type()
                except Exception:
                    continue
                label, desc = (rna.name or "").strip(), (rna.description or "").strip()
                text = "%s: %s" % (label, desc) if label and desc and label.lower() != desc.lower() else (desc or label)
                out.append({"name": "%s.%s" % (mod, name), "signature": _op_signature(mod, name, rna), "description": text})
        return out

    def current_scene(self):
        return bpy.data.filepath or "untitled.blend"

    def _obj(self, name):
        obj = bpy.data.objects.get(name)
        if obj is None:
            raise DccError("SCENE_ERROR", "no object named %r in the scene" % name)
        return obj

    def _scene_object(self, o):
        return {"name": o.name, "long_name": o.name, "object_type": o.type.lower(), "parent": o.parent.name if o.parent else None, "visible": bool(o.visible_get()) if hasattr(o, "visible_get") else True, "metadata": {}}

    def scene_info(self):
        s = bpy.context.scene
        objs = list(s.objects)
        meshes = [o for o in objs if o.type == "MESH" and o.data]
        return {
            "file_path": bpy.data.filepath, "name": os.path.basename(bpy.data.filepath) or "untitled", "modified": bool(bpy.data.is_dirty),
            "format": ".blend", "frame_range": [float(s.frame_start), float(s.frame_end)], "current_frame": float(s.frame_current),
            "fps": s.render.fps / s.render.fps_base, "up_axis": "Z", "units": s.unit_settings.system.lower(),
            "statistics": {"object_count": len(objs), "vertex_count": sum(len(o.data.vertices) for o in meshes), "polygon_count": sum(len(o.data.polygons) for o in meshes), "material_count": len(bpy.data.materials), "texture_count": len(bpy.data.images), "light_count": sum(1 for o in objs if o.type == "LIGHT"), "camera_count": sum(1 for o in objs if o.type == "CAMERA")},
            "metadata": {"scene": s.name},
        }

    def list_objects(self, object_type=None):
        return [self._scene_object(o) for o in bpy.context.scene.objects if object_type in (None, o.type.lower())]

    def get_selection(self):
        return [o.name for o in bpy.context.scene.objects if o.select_get()]

    def set_selection(self, names):
        objs = [self._obj(n) for n in names]
        for o in bpy.context.scene.objects:
            o.select_set(False)
        for o in objs:
            o.select_set(True)
        return [o.name for o in objs]

    def get_transform(self, name):
        import math

        o = self._obj(name)
        return {"translate": list(o.location), "rotate": [math.degrees(a) for a in o.rotation_euler], "scale": list(o.scale)}

    def set_transform(self, name, translate=None, rotate=None, scale=None):
        import math

        o = self._obj(name)
        if translate is not None:
            o.location = translate
        if rotate is not None:
            o.rotation_euler = [math.radians(a) for a in rotate]
        if scale is not None:
            o.scale = scale
        return self.get_transform(name)

    def get_hierarchy(self):
        def node(o):
            return {"object": self._scene_object(o), "children": [node(c) for c in o.children]}

        return [node(o) for o in bpy.context.scene.objects if o.parent is None]

    def capture_viewport(self, width=320, height=180, format="png"):
        """A quick Workbench render of the scene's camera (works in background mode too)."""
        s = bpy.context.scene
        if s.camera is None:
            raise DccError("SCENE_ERROR", "the scene has no camera to capture from")
        old = (s.render.engine, s.render.resolution_x, s.render.resolution_y, s.render.resolution_percentage, s.render.filepath, s.render.image_settings.file_format)
        path = os.path.join(tempfile.gettempdir(), "dcc-mcp-capture-%d.png" % os.getpid())
        try:
            s.render.engine = "BLENDER_WORKBENCH"
            s.render.resolution_x, s.render.resolution_y, s.render.resolution_percentage = int(width), int(height), 100
            s.render.image_settings.file_format = "PNG"
            s.render.filepath = path
            bpy.ops.render.render(write_still=True)
            with open(path, "rb") as f:
                data = f.read()
        finally:
            s.render.engine, s.render.resolution_x, s.render.resolution_y, s.render.resolution_percentage, s.render.filepath, s.render.image_settings.file_format = old
            try:
                os.unlink(path)
            except OSError:
                pass
        return {"data": data, "width": int(width), "height": int(height), "format": "png", "mime_type": "image/png"}

    def register_tools(self, tools):
        def add_primitive(kind="uv_sphere", location=None):
            ops = {"uv_sphere": bpy.ops.mesh.primitive_uv_sphere_add, "cube": bpy.ops.mesh.primitive_cube_add, "cylinder": bpy.ops.mesh.primitive_cylinder_add, "plane": bpy.ops.mesh.primitive_plane_add}
            if kind not in ops:
                raise DccError("INVALID_INPUT", "kind must be one of %s" % ", ".join(ops))
            ops[kind](location=location or (0, 0, 0))
            return bpy.context.active_object.name

        def delete_object(name):
            obj = self._obj(name)
            bpy.data.objects.remove(obj, do_unlink=True)
            return [name]

        tools.add("add_primitive", add_primitive, description="Add a mesh primitive (uv_sphere, cube, cylinder, plane); returns the new object's name", input_schema={"type": "object", "properties": {"kind": {"type": "string", "enum": ["uv_sphere", "cube", "cylinder", "plane"]}, "location": {"type": "array", "items": {"type": "number"}}}})
        tools.add("delete_object", delete_object, description="Delete an object", input_schema={"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}, destructive=True)
        tools.add("get_scene_summary", lambda: {"file": bpy.data.filepath, "objects": [o.name for o in bpy.context.scene.objects]}, description="List the objects of the current scene", read_only=True, idempotent=True)
