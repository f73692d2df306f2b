"""Resources, prompts and change pushes of the plugin (issue 13): the ContentRegistry API, and a real standalone
plugin declaring scene resources/prompts under dcc://{instance_id}/ and pushing scene/selection changes."""
import tempfile
import threading
import unittest

import helpers
from dcc_mcp_plugin.content import ContentRegistry
from dcc_mcp_plugin.errors import DccError
from dcc_mcp_plugin.frame import ERR, PUSH, REPLY


class ContentRegistryTest(unittest.TestCase):
    def setUp(self):
        self.c = ContentRegistry()
        self.c.resource("shots", lambda: ["sh010", "sh020"], description="Shots")
        self.c.resource("notes", lambda: "plain text", mime_type="text/plain")
        self.c.template("shots/{shot}/frames/{frame}", lambda shot, frame: {"shot": shot, "frame": int(frame)})
        self.c.prompt("review_shot", lambda shot: "Review %s" % shot, description="Review one shot", arguments=[{"name": "shot", "required": True}])

    def test_declarations_are_namespaced_by_instance(self):
        d = self.c.declarations("abc")
        self.assertEqual([r["uri"] for r in d["resources"]], ["dcc://abc/shots", "dcc://abc/notes"])
        self.assertEqual(d["resource_templates"][0]["uri_template"], "dcc://abc/shots/{shot}/frames/{frame}")
        self.assertEqual(d["prompts"], [{"name": "review_shot", "description": "Review one shot", "arguments": [{"name": "shot", "description": "", "required": True}]}])

    def test_reads_resources_templates_and_prompts(self):
        self.assertEqual(self.c.read("dcc://abc/notes", "abc"), {"text": "plain text", "mime_type": "text/plain"})
        self.assertIn('"sh010"', self.c.read("dcc://abc/shots", "abc")["text"])
        self.assertIn('"frame": 12', self.c.read("dcc://abc/shots/sh010/frames/12", "abc")["text"])
        self.assertIn('"shot": "sh 010"', self.c.read("dcc://abc/shots/sh%20010/frames/1", "abc")["text"])
        self.assertEqual(self.c.get("review_shot", {"shot": "sh010"})["messages"], [{"role": "user", "content": {"type": "text", "text": "Review sh010"}}])

    def test_errors_name_what_is_wrong(self):
        for call, msg in ((lambda: self.c.read("dcc://other/shots", "abc"), "start with dcc://abc/"), (lambda: self.c.read("dcc://abc/nope", "abc"), "unknown resource"), (lambda: self.c.get("review_shot", {}), "needs shot"), (lambda: self.c.get("nope", {}), "declared prompts: review_shot")):
            with self.assertRaises(DccError) as cm:
                call()
            self.assertIn(msg, str(cm.exception.message if hasattr(cm.exception, "message") else cm.exception))


class ToolsChangedTest(unittest.TestCase):
    def test_adding_or_removing_a_tool_after_start_pushes_tools_changed_throttled(self):
        from dcc_mcp_plugin import DccPlugin
        from dcc_mcp_plugin.host import HostAdapter

        plugin = DccPlugin(HostAdapter(), registry_dir=tempfile.mkdtemp())
        sent = []
        done = threading.Event()

        def record(topic, data=None):
            sent.append(topic)
            if len(sent) == 2:
                done.set()

        plugin.push = record
        plugin.tools.add("bake", lambda: "baked")
        plugin.tools.remove("bake")  # inside the throttle window: one trailing push follows
        self.assertTrue(done.wait(5), sent)
        self.assertEqual(sent, ["tools.changed", "tools.changed"])


class StandaloneContentTest(helpers.StandaloneCase):

    def test_hello_declares_scene_resources_and_a_review_prompt(self):
        iid = self.ready["instance_id"]
        _, body = self.c.call("dcc.hello", {"hub_version": "t", "protocol": 1})
        hello = body["result"]
        self.assertEqual(sorted(r["uri"] for r in hello["resources"]), ["dcc://%s/objects" % iid, "dcc://%s/selection" % iid])
        self.assertEqual([t["uri_template"] for t in hello["resource_templates"]], ["dcc://%s/objects/{name}" % iid])
        self.assertEqual([p["name"] for p in hello["prompts"]], ["review_scene"])
        t, obj = self.c.call("dcc.read_resource", {"uri": "dcc://%s/objects/crate" % iid})
        self.assertEqual(t, REPLY)
        self.assertIn('"long_name": "|props|crate"', obj["result"]["text"])
        self.assertIn('"translate"', obj["result"]["text"])
        _, prompt = self.c.call("dcc.get_prompt", {"name": "review_scene", "arguments": {"focus": "naming"}})
        text = prompt["result"]["messages"][0]["content"]["text"]
        self.assertIn("Focus especially on: naming.", text)
        self.assertIn("|props|barrel (mesh)", text)
        t, err = self.c.call("dcc.read_resource", {"uri": "dcc://%s/objects/nope" % iid})
        self.assertEqual((t, err["code"]), (ERR, "SCENE_ERROR"))

    def test_edits_push_scene_and_selection_changes(self):
        self.c.call("dcc.call_tool", {"name": "create_object", "arguments": {"name": "pushed"}})
        _, _, push = self.c.next_frame(0, types=(PUSH,))
        self.assertEqual(push["topic"], "scene.changed")
        self.assertEqual(push["data"]["scene"], "untitled")
        self.c.call("scene.set_selection", {"names": ["pushed"]})
        _, _, push = self.c.next_frame(0, types=(PUSH,))
        self.assertEqual(push, {"topic": "selection.changed", "data": {"selection": ["pushed"]}})
        # A read-only call changes nothing: no push follows it (the next push is the one of the next edit).
        self.c.call("scene.get_selection")
        self.c.call("dcc.call_tool", {"name": "delete_object", "arguments": {"name": "pushed"}})
        # Both within the throttle window of the previous pushes: they arrive as trailing pushes, in either order.
        pushes = dict((p["topic"], p["data"]) for p in (self.c.next_frame(0, types=(PUSH,))[2] for _ in range(2)))
        self.assertEqual(sorted(pushes), ["scene.changed", "selection.changed"])
        self.assertEqual(pushes["selection.changed"], {"selection": []})


if __name__ == "__main__":
    unittest.main()
