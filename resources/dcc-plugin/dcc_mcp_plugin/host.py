"""What a DCC host provides to the plugin: info, capabilities, a catalog, scene traits, and its event-loop
integration. Hosts subclass this and override what they support; everything else answers UNSUPPORTED.

The host interface (a new DCC is one file in `hosts/`):
- `attach(plugin)`: called on the DCC's main thread after `plugin.start()`. Set `plugin.wake` to a function that
  schedules `plugin.pump()` on the main thread (it is called from the socket reader thread, so it must only use
  the DCC's thread-safe scheduling call), and register scene / selection callbacks that call
  `self.scene_changed()` / `self.selection_changed()`. `detach()` undoes all of it.
- Blocking hosts (standalone, Blender `-b`, hython) need no attach: `plugin.serve_forever()` runs the work.
- Transforms follow the seed's DccTransform: world space, centimetres, Y-up, Euler XYZ degrees (see space.py)."""
import platform
import sys

from .errors import unsupported

SCENE_TRAITS = {
    "scene.info": ("scene_info", "scene_info"),
    "scene.list_objects": ("scene_info", "list_objects"),
    "scene.get_selection": ("selection", "get_selection"),
    "scene.set_selection": ("selection", "set_selection"),
    "transform.get": ("transform", "get_transform"),
    "transform.set": ("transform", "set_transform"),
    "transform.get_bounding_box": ("transform", "get_bounding_box"),
    "hierarchy.get": ("hierarchy", "get_hierarchy"),
    "render.capture_viewport": ("render_capture", "capture_viewport"),
}


class HostAdapter(object):
    """Base host: override `dcc_type`, `version`, the capability flags and the trait methods you support."""

    dcc_type = "dcc"
    version = "0"
    scene_info_supported = False
    selection_supported = False
    transform_supported = False
    hierarchy_supported = False
    render_capture_supported = False

    plugin = None

    # ---- event-loop integration (see the module docstring) ----
    def attach(self, plugin):
        """Hooks the plugin into the DCC's main thread and scene events. Default: nothing to hook."""
        self.plugin = plugin

    def detach(self):
        """Removes every callback `attach` registered."""
        if self.plugin is not None and getattr(self.plugin, "wake", None) is not None:
            self.plugin.wake = None
        self.plugin = None

    def scene_changed(self):
        """Main thread: the scene was opened, created or saved under a new name; tells the plugin."""
        if self.plugin is not None:
            self.plugin.scene_changed(self.current_scene())

    def selection_changed(self):
        """Main thread: pushes `selection.changed` with the new selection."""
        if self.plugin is not None and self.selection_supported:
            self.plugin.push("selection.changed", {"selection": self.get_selection()})

    def info(self):
        return {"dcc_type": self.dcc_type, "version": self.version, "platform": _platform(), "pid": _pid(), "python_version": platform.python_version(), "metadata": {}}

    def capabilities(self):
        return {
            "script_languages": ["python"], "scene_info": self.scene_info_supported, "snapshot": self.render_capture_supported,
            "undo_redo": False, "progress_reporting": True, "file_operations": False, "selection": self.selection_supported,
            "scene_manager": self.scene_info_supported, "transform": self.transform_supported, "render_capture": self.render_capture_supported,
            "hierarchy": self.hierarchy_supported, "has_embedded_python": True, "bridge_kind": None, "bridge_endpoint": None, "extensions": {},
        }

    def catalog(self):
        """[{name, signature, description}] of the host's scripting API."""
        return []

    def current_scene(self):
        return None

    def register_tools(self, tools):
        """Adds host tools to the plugin's ToolRegistry."""

    def register_content(self, content):
        """Adds resources and prompts to the plugin's ContentRegistry; by default those built on the scene traits."""
        from .content import register_scene_content

        register_scene_content(content, self)

    def notify(self, topic, data=None):
        """Replaced by the plugin: hosts call it on scene/selection changes (throttled pushes to the hub)."""

    def check_changes(self):
        """After a call that may have edited the scene: pushes scene.changed / selection.changed when the scene's
        objects or the selection differ from last time. Hosts with their own change events call it from there too."""
        caps = self.capabilities()
        if caps.get("scene_info"):
            fp = (self.current_scene(), tuple(sorted((o.get("name"), o.get("object_type"), o.get("parent")) for o in self.list_objects())))
            if fp != getattr(self, "_scene_fp", None):
                first = not hasattr(self, "_scene_fp")
                self._scene_fp = fp
                if not first:
                    self.notify("scene.changed", {"scene": fp[0], "object_count": len(fp[1])})
        if caps.get("selection"):
            sel = list(self.get_selection())
            if sel != getattr(self, "_selection", None):
                first = not hasattr(self, "_selection")
                self._selection = sel
                if not first:
                    self.notify("selection.changed", {"selection": sel})

    def install_handlers(self):
        """Called when the plugin starts: hook the DCC's own change events (set `self.dirty = True` from them)."""

    def close(self):
        """Called when the plugin stops: undo anything the host hooked into the DCC."""

    def trait(self, method, params):
        """Runs a scene-trait method if the capabilities allow it."""
        flag, attr = SCENE_TRAITS[method]
        if not self.capabilities().get(flag):
            raise unsupported(method)
        return getattr(self, attr)(**(params or {}))

    def scene_info(self):
        raise unsupported("scene.info")

    def list_objects(self, object_type=None):
        raise unsupported("scene.list_objects")

    def get_selection(self):
        raise unsupported("scene.get_selection")

    def set_selection(self, names):
        raise unsupported("scene.set_selection")

    def get_transform(self, name):
        raise unsupported("transform.get")

    def set_transform(self, name, translate=None, rotate=None, scale=None):
        raise unsupported("transform.set")

    def get_bounding_box(self, name):
        raise unsupported("transform.get_bounding_box")

    def get_hierarchy(self):
        raise unsupported("hierarchy.get")

    def capture_viewport(self, width=640, height=360, format="png"):
        raise unsupported("render.capture_viewport")


def _platform():
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux" if sys.platform.startswith("linux") else sys.platform)


def _pid():
    import os

    return os.getpid()
