"""The command catalog `dcc.catalog` pages through: from a list of dicts or the seed's `name - description` text."""


def from_text(text):
    """One command per line as `name - description`; blank lines and `#` comments ignored."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, desc = line.partition(" - ")
        out.append({"name": name.strip(), "signature": "", "description": desc.strip() if sep else ""})
    return out


def from_list(commands):
    """Normalises dicts (name required) to {name, signature, description}."""
    out = []
    for c in commands:
        if isinstance(c, str):
            out.append({"name": c, "signature": "", "description": ""})
        elif c.get("name"):
            out.append({"name": c["name"], "signature": c.get("signature", ""), "description": c.get("description", "")})
    return out


def page(commands, offset=0, limit=500):
    offset = max(0, int(offset or 0))
    limit = max(1, min(5000, int(limit or 500)))
    return {"commands": commands[offset:offset + limit], "total": len(commands)}
