"""Command catalogs for the simulated DCCs of the demo: real command names with short descriptions."""

MAYA_TEXT = """
polyCube - Create a cube polygon mesh
polySphere - Create a sphere polygon mesh
polyCylinder - Create a cylinder polygon mesh
polyCone - Create a cone polygon mesh
polyPlane - Create a plane polygon mesh
polyTorus - Create a torus polygon mesh
polyPipe - Create a pipe polygon mesh
polyPyramid - Create a pyramid polygon mesh
polyPrism - Create a prism polygon mesh
polyHelix - Create a helix polygon mesh
polyExtrudeFacet - Extrude polygon faces
polyExtrudeEdge - Extrude polygon edges
polyBevel - Bevel edges of a polygon mesh
polyMergeVertex - Merge vertices of a polygon mesh within a distance threshold
polySmooth - Smooth a polygon mesh by subdividing it
polyReduce - Reduce the polygon count of a mesh
polyTriangulate - Triangulate polygon faces
polyQuad - Convert triangles to quads
polyUnite - Combine several polygon meshes into one
polySeparate - Separate a polygon mesh into its shells
polyNormal - Reverse or unify polygon normals
polySoftEdge - Soften or harden polygon edges
polyUVSet - Manage UV sets of a polygon mesh
polyAutoProjection - Automatic UV projection of polygon faces
polyPlanarProjection - Planar UV projection of polygon faces
polyLayoutUV - Lay out UVs in the 0-1 range
polyDelFacet - Delete polygon faces
polyDelEdge - Delete polygon edges
polyDelVertex - Delete polygon vertices
polyCloseBorder - Close the border holes of a polygon mesh
polyBridgeEdge - Bridge two edge loops
polySplitRing - Insert an edge loop
polyEvaluate - Query polygon counts of a mesh
polyInfo - Query topology information of a mesh
polyMirrorFace - Mirror polygon geometry
polyChipOff - Extract faces from a mesh
polyBoolOp - Boolean union, difference or intersection of meshes
polyColorPerVertex - Set vertex colors
select - Select nodes in the scene
delete - Delete nodes from the scene
duplicate - Duplicate nodes
instance - Create an instance of a node
move - Move (translate) objects
rotate - Rotate objects
scale - Scale objects
xform - Query or set the transform of an object
parent - Parent objects under another node
group - Group nodes under a new transform
ungroup - Ungroup nodes
rename - Rename a node
ls - List objects in the scene
listRelatives - List the parents, children or shapes of a node
listConnections - List the connections of a node
objExists - Check whether an object exists
objectType - Query the type of a node
nodeType - Query the node type
createNode - Create a dependency node of a given type
setAttr - Set the value of an attribute
getAttr - Get the value of an attribute
addAttr - Add a custom attribute to a node
deleteAttr - Delete a custom attribute
connectAttr - Connect two attributes
disconnectAttr - Disconnect two attributes
listAttr - List the attributes of a node
setKeyframe - Set a keyframe on attributes at the current time
cutKey - Cut (remove) keyframes
copyKey - Copy keyframes
pasteKey - Paste keyframes
keyframe - Query or edit keyframes
bakeResults - Bake animation onto attributes
currentTime - Query or set the current time
playbackOptions - Query or set the playback range
play - Start or stop playback
playblast - Capture a playblast movie of the viewport
render - Render the current frame
batchRender - Render a sequence in the background
file - Open, save, import or export scene files
saveFile - Save the current scene
newScene - Create a new empty scene
referenceQuery - Query file references
namespace - Create or edit namespaces
camera - Create a camera
lookThru - Look through a camera in the viewport
viewFit - Frame the selection in the viewport
spaceLocator - Create a locator
pointLight - Create a point light
directionalLight - Create a directional light
spotLight - Create a spot light
ambientLight - Create an ambient light
areaLight - Create an area light
shadingNode - Create a shading node (material, texture, utility)
hyperShade - Assign materials to objects
sets - Create or edit object sets
makeIdentity - Freeze transformations of objects
delete_history - Delete construction history of objects
joint - Create a skeleton joint
skinCluster - Bind a mesh to a skeleton
ikHandle - Create an IK handle
parentConstraint - Constrain an object to follow a parent
pointConstraint - Constrain an object's position
orientConstraint - Constrain an object's rotation
aimConstraint - Aim an object at a target
blendShape - Create a blend shape deformer
lattice - Create a lattice deformer
cluster - Create a cluster deformer
nurbsCube - Create a NURBS cube
nurbsPlane - Create a NURBS plane
sphere - Create a NURBS sphere
circle - Create a NURBS circle
curve - Create a NURBS curve
loft - Loft a surface through curves
extrude - Extrude a curve into a surface
revolve - Revolve a curve into a surface
FBXExport - Export the scene or selection to an FBX file
FBXImport - Import an FBX file
AbcExport - Export an Alembic cache
AbcImport - Import an Alembic cache
undo - Undo the last command
redo - Redo the last undone command
undoInfo - Open or close undo chunks
refresh - Redraw the viewports
warning - Print a warning in the script editor
confirmDialog - Show a confirmation dialog
"""

_SHAPES = ["cube", "cylinder", "cone", "plane", "torus", "monkey", "circle", "grid", "ico_sphere", "uv_sphere"]


def blender_like():
    """A Blender-like catalog of bpy.ops names (a few hundred) for the simulated blender demo."""
    out = []
    for shape in _SHAPES:
        out.append(("mesh.primitive_%s_add" % shape, "Add %s: Construct a %s mesh" % (shape.replace("_", " ").title(), shape.replace("_", " "))))
    verbs = {
        "mesh": ["subdivide", "bevel", "extrude_region", "remove_doubles", "merge", "delete", "dissolve_edges", "loopcut_slide", "inset", "bridge_edge_loops", "fill", "triangulate", "quads_convert_to_tris", "flip_normals", "normals_make_consistent", "separate", "duplicate", "select_all", "select_random", "shade_smooth", "mark_seam", "knife_project", "spin", "screw"],
        "object": ["delete", "duplicate", "join", "select_all", "shade_smooth", "shade_flat", "modifier_add", "modifier_apply", "modifier_remove", "camera_add", "light_add", "empty_add", "text_add", "parent_set", "parent_clear", "origin_set", "transform_apply", "convert", "mode_set", "material_slot_add", "hide_view_set", "location_clear", "rotation_clear", "scale_clear"],
        "transform": ["translate", "rotate", "resize", "mirror", "shear", "tosphere", "push_pull", "edge_slide", "vert_slide"],
        "anim": ["keyframe_insert", "keyframe_delete", "keyframe_clear_v3d", "change_frame", "keying_set_add"],
        "render": ["render", "opengl", "view_show"],
        "wm": ["save_mainfile", "save_as_mainfile", "open_mainfile", "read_homefile", "append", "link", "quit_blender"],
        "export_scene": ["fbx", "gltf", "obj", "x3d"],
        "import_scene": ["fbx", "gltf", "obj", "x3d"],
        "material": ["new", "copy", "paste"],
        "uv": ["smart_project", "unwrap", "cube_project", "cylinder_project", "sphere_project", "pack_islands", "average_islands_scale", "seams_from_islands"],
        "sculpt": ["sculptmode_toggle", "dynamic_topology_toggle", "symmetrize", "mask_flood_fill"],
        "node": ["add_node", "link", "delete", "group_make", "group_ungroup"],
        "collection": ["create", "objects_add_active", "objects_remove"],
        "scene": ["new", "delete", "render_view_add"],
        "view3d": ["view_all", "view_selected", "snap_cursor_to_center", "camera_to_view"],
        "curve": ["primitive_bezier_curve_add", "primitive_nurbs_circle_add", "subdivide", "extrude"],
        "armature": ["bone_primitive_add", "extrude", "subdivide", "parent_set"],
    }
    for module, ops in verbs.items():
        for op in ops:
            words = op.replace("_", " ")
            out.append(("%s.%s" % (module, op), "%s: %s (%s)" % (words.title(), words.capitalize(), module.replace("_", " "))))
    for module in ("image", "clip", "sequencer", "graph", "action", "gpencil", "text", "outliner", "file", "paint"):
        for op in ("select_all", "delete", "duplicate", "view_all", "properties", "reload", "new", "open", "save"):
            out.append(("%s.%s" % (module, op), "%s in the %s editor" % (op.replace("_", " ").capitalize(), module)))
    return [{"name": n, "signature": "bpy.ops.%s()" % n, "description": d} for n, d in out]


def generic(dcc):
    """A plausible catalog for any other simulated DCC name."""
    nouns = ["object", "mesh", "light", "camera", "material", "texture", "scene", "layer", "curve", "node", "group", "keyframe", "render", "selection", "attribute"]
    verbs = ["create", "delete", "duplicate", "rename", "list", "select", "move", "rotate", "scale", "export", "import", "query", "set", "hide", "show"]
    return [{"name": "%s.%s_%s" % (dcc, v, n), "signature": "%s.%s_%s(name=None)" % (dcc, v, n), "description": "%s a %s" % (v.capitalize(), n)} for n in nouns for v in verbs]
