"""Host adapters: standalone (simulated scene), Blender (bpy), Maya (maya.cmds)."""
