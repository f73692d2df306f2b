"""Loads the DCC MCP Hub plug-in when Maya starts (this folder is on Maya's script path through the module file
`dcc_mcp_hub.mod`). Deferred: plug-ins load once Maya's UI and scene are up; batch mode (mayapy) is left alone."""
try:
    import maya.cmds as _cmds
    import maya.utils as _utils

    def _load_dcc_mcp_hub():
        if not _cmds.about(batch=True) and not _cmds.pluginInfo("dcc_mcp_hub_maya", query=True, loaded=True):
            _cmds.loadPlugin("dcc_mcp_hub_maya", quiet=True)

    _utils.executeDeferred(_load_dcc_mcp_hub)
except ImportError:  # not inside Maya
    pass
