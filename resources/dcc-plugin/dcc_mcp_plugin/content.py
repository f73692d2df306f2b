"""Resources and prompts a DCC plugin declares to the hub (`dcc.hello` → resources, resource_templates, prompts;
read with `dcc.read_resource {uri}` and `dcc.get_prompt {name, arguments}`). A studio adds one in a few lines:

    plugin.content.resource("shots", lambda: list_shots(), description="Shots of this project")
    plugin.content.template("shots/{shot}", lambda shot: describe(shot), description="One shot")
    plugin.content.prompt("review_shot", lambda shot: "Review shot %s ..." % shot, arguments=[{"name": "shot", "required": True}])

URIs are `dcc://{instance_id}/{path}`: two instances of one DCC never collide, and the hub's own
`dcc://{instance}/scene` follows the same rule. A reader returns text, or any JSON value (sent as JSON).
"""
import json
import re

from urllib.parse import unquote

from .errors import DccError

_VAR = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ContentRegistry(object):
    """Name/path → (declaration, function) for resources, resource templates and prompts."""

    def __init__(self):
        self._resources = {}
        self._templates = {}
        self._prompts = {}

    def resource(self, path, reader, name=None, description="", mime_type="application/json"):
        """Declares `dcc://{instance}/{path}`, read by calling `reader()`."""
        self._resources[path.strip("/")] = ({"name": name or path.strip("/").replace("/", "_"), "description": description, "mime_type": mime_type}, reader)
        return reader

    def template(self, path_template, reader, name=None, description="", mime_type="application/json"):
        """Declares `dcc://{instance}/{path_template}` (`{var}` parts), read by calling `reader(**vars)`."""
        path = path_template.strip("/")
        regex = re.compile("^" + _VAR.sub(lambda m: "(?P<%s>[^/]+)" % m.group(1), re.escape(path).replace(r"\{", "{").replace(r"\}", "}")) + "$")
        self._templates[path] = ({"name": name or _VAR.sub(r"\1", path).replace("/", "_"), "description": description, "mime_type": mime_type}, reader, regex)
        return reader

    def prompt(self, name, render, description="", arguments=None):
        """Declares a prompt; `render(**arguments)` returns its text, or {description?, messages}."""
        args = [{"name": a["name"], "description": a.get("description", ""), "required": bool(a.get("required", False))} for a in (arguments or [])]
        self._prompts[name] = ({"name": name, "description": description, "arguments": args}, render)
        return render

    def declarations(self, instance_id):
        """The `dcc.hello` fields for this instance."""
        base = "dcc://%s/" % instance_id
        return {
            "resources": [dict(decl, uri=base + path) for path, (decl, _) in self._resources.items()],
            "resource_templates": [dict(decl, uri_template=base + path) for path, (decl, _, _) in self._templates.items()],
            "prompts": [decl for decl, _ in self._prompts.values()],
        }

    def read(self, uri, instance_id):
        """`dcc.read_resource`: {text, mime_type} of a declared resource or a template match."""
        base = "dcc://%s/" % instance_id
        if not isinstance(uri, str) or not uri.startswith(base):
            raise DccError("INVALID_INPUT", "resource %r is not one of this instance's (they start with %s)" % (uri, base))
        path = uri[len(base):]
        if path in self._resources:
            decl, reader = self._resources[path]
            return _content(reader(), decl["mime_type"])
        for decl, reader, regex in self._templates.values():
            m = regex.match(path)
            if m:
                # Variables arrive percent-encoded (an object named "my cube" is objects/my%20cube).
                return _content(reader(**dict((k, unquote(v)) for k, v in m.groupdict().items())), decl["mime_type"])
        raise DccError("INVALID_INPUT", "unknown resource %r" % uri)

    def get(self, name, arguments):
        """`dcc.get_prompt`: {description, messages} of a declared prompt."""
        if name not in self._prompts:
            raise DccError("INVALID_INPUT", "unknown prompt %r; declared prompts: %s" % (name, ", ".join(sorted(self._prompts)) or "none"))
        decl, render = self._prompts[name]
        args = arguments or {}
        missing = [a["name"] for a in decl["arguments"] if a["required"] and a["name"] not in args]
        if missing:
            raise DccError("INVALID_INPUT", "prompt %s needs %s" % (name, ", ".join(missing)))
        try:
            out = render(**args)
        except TypeError as e:
            raise DccError("INVALID_INPUT", "bad arguments for prompt %s: %s" % (name, e))
        if isinstance(out, dict):
            return {"description": out.get("description", decl["description"]), "messages": out.get("messages", [])}
        return {"description": decl["description"], "messages": [{"role": "user", "content": {"type": "text", "text": str(out)}}]}


def _content(value, mime_type):
    if isinstance(value, str):
        return {"text": value, "mime_type": mime_type}
    return {"text": json.dumps(value, indent=2, default=str), "mime_type": mime_type}


def register_scene_content(content, host):
    """What every host with scene traits offers: objects, selection, one object by name, a scene review prompt."""
    caps = host.capabilities()
    if caps.get("scene_info"):
        content.resource("objects", lambda: host.list_objects(), description="Objects in the scene (name, type, parent, visibility)")

        def one(name):
            objs = [o for o in host.list_objects() if o.get("name") == name]
            if not objs:
                raise DccError("SCENE_ERROR", "no object named %r in the scene" % name)
            out = dict(objs[0])
            if caps.get("transform"):
                out["transform"] = host.get_transform(name)
            return out

        content.template("objects/{name}", one, name="object", description="One scene object by name, with its transform")
        content.prompt("review_scene", lambda focus="": _review(host, focus), description="Review this scene: structure, naming and obvious problems", arguments=[{"name": "focus", "description": "what to look at especially (optional)"}])
    if caps.get("selection"):
        content.resource("selection", lambda: host.get_selection(), description="Names of the selected objects")


def _review(host, focus):
    info = host.scene_info()
    objs = host.list_objects()
    lines = ["Review the %s scene %r (%d objects). Point out naming problems, empty groups, hidden or stray objects and anything odd." % (host.dcc_type, info.get("name"), len(objs))]
    if focus:
        lines.append("Focus especially on: %s." % focus)
    lines.append("Objects:")
    lines.extend("- %s (%s)%s" % (o.get("long_name") or o.get("name"), o.get("object_type"), "" if o.get("visible", True) else " hidden") for o in objs[:200])
    return "\n".join(lines)
