"""Host adapters, one file per DCC, all behind the interface in ../host.py (attach/detach, scene traits):
standalone (simulated scene), Blender (bpy), Maya (maya.cmds), Houdini (hou), 3ds Max (pymxs).
A new DCC is one more file here plus a line in HOSTS."""
import importlib

# dcc_type → (module, class)
HOSTS = {
    "blender": ("blender", "BlenderHost"),
    "maya": ("maya", "MayaHost"),
    "houdini": ("houdini", "HoudiniHost"),
    "3dsmax": ("max", "MaxHost"),
}


def load_host(dcc_type, *args, **kwargs):
    """Builds the host adapter for `dcc_type` (inside that DCC)."""
    module, cls = HOSTS[dcc_type]
    return getattr(importlib.import_module("%s.%s" % (__name__, module)), cls)(*args, **kwargs)
