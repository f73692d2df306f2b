"""Per-user locations shared with the hub (SPEC §1, §2): the default registry dir and the DccLink secret file.
Computes exactly what the hub's `registry-dir.ts` / `link-secret.ts` compute, so both sides meet without setup."""
import os
import stat

REGISTRY_DIR_NAME = "dcc-mcp-registry"
SECRET_ENV = "DCC_MCP_SECRET_FILE"


class UnsafePathError(RuntimeError):
    """A default path exists but another user could control it."""


def node_tmpdir(env=None):
    """The temp dir as Node's `os.tmpdir()` sees it (TMPDIR, TMP, TEMP, else /tmp), so both sides agree."""
    env = os.environ if env is None else env
    for name in ("TMPDIR", "TMP", "TEMP"):
        value = env.get(name)
        if value:
            return value[:-1] if len(value) > 1 and value.endswith("/") else value
    return "/tmp"


def default_registry_dir(env=None, uid=None, nt=None):
    """The default registry dir (without creating or checking it): `$XDG_RUNTIME_DIR/dcc-mcp-registry`, else
    `<tmp>/dcc-mcp-registry-<uid>`; `%LOCALAPPDATA%\\dcc-mcp-registry` on Windows."""
    env = os.environ if env is None else env
    nt = os.name == "nt" if nt is None else nt
    if nt:  # pragma: no cover - Windows
        base = env.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
        return os.path.join(base, REGISTRY_DIR_NAME)
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and runtime.startswith("/"):
        return runtime.rstrip("/") + "/" + REGISTRY_DIR_NAME
    return "%s/%s-%d" % (node_tmpdir(env), REGISTRY_DIR_NAME, os.getuid() if uid is None else uid)


def ensure_private_dir(path):
    """Creates `path` 0700 if missing; refuses a dir that is a symlink, not ours, or writable by group/others."""
    try:
        os.mkdir(path, 0o700)
    except OSError:
        if not os.path.lexists(path):
            raise
    if os.name == "nt":  # pragma: no cover - per-user ACLs of the profile dir
        return path
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafePathError("registry dir %s is not a directory (a symlink or file is there); remove it, or choose a dir with --registry-dir / DCC_MCP_REGISTRY_DIR" % path)
    if st.st_uid != os.getuid():
        raise UnsafePathError("registry dir %s belongs to uid %d, not to you (uid %d): another user may have planted it; remove it, or choose a dir with --registry-dir / DCC_MCP_REGISTRY_DIR" % (path, st.st_uid, os.getuid()))
    if st.st_mode & 0o022:
        raise UnsafePathError("registry dir %s is writable by other users (mode %03o); run `chmod 700 %s`, or choose a dir with --registry-dir / DCC_MCP_REGISTRY_DIR" % (path, stat.S_IMODE(st.st_mode), path))
    return path


def registry_dir():
    """`$DCC_MCP_REGISTRY_DIR` as given (the user chose it), else the private default, created and checked."""
    explicit = os.environ.get("DCC_MCP_REGISTRY_DIR")
    return explicit if explicit else ensure_private_dir(default_registry_dir())


def secret_file(env=None, nt=None):
    """`$DCC_MCP_SECRET_FILE`, else `<config>/dcc-mcp/link.secret` with <config> = `$XDG_CONFIG_HOME`, else
    `~/.config`; `%APPDATA%` on Windows."""
    env = os.environ if env is None else env
    nt = os.name == "nt" if nt is None else nt
    if env.get(SECRET_ENV):
        return env[SECRET_ENV]
    if nt:  # pragma: no cover - Windows
        base = env.get("APPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Roaming")
        return os.path.join(base, "dcc-mcp", "link.secret")
    xdg = env.get("XDG_CONFIG_HOME")
    base = xdg if xdg and xdg.startswith("/") else os.path.join(env.get("HOME") or os.path.expanduser("~"), ".config")
    return os.path.join(base, "dcc-mcp", "link.secret")
