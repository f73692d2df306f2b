"""DccLink authentication (SPEC §2, v0.2; the README's "DCC link authentication" section is the reference).

Both sides hold the same per-user secret: 32 random bytes, written as 64 hex characters to a 0600 file in the
user's config dir (`paths.secret_file()`), created by whichever side needs it first. A hub proves it knows the
secret, and learns that the DCC does, with a mutual HMAC-SHA256 challenge–response before anything else runs:

    hub → dcc.auth_challenge {hub_nonce}          ← {plugin_nonce, endpoint, mac: MAC("plugin")}
    hub → dcc.auth_prove     {mac: MAC("hub")}    ← {authenticated: true}
    MAC(role) = hex HMAC-SHA256(secret, "dcclink-auth-v1\\n" role "\\n" hub_nonce "\\n" plugin_nonce "\\n" endpoint)

Until then every other Call is answered PERMISSION_DENIED; a failed proof also drops the connection."""
import binascii
import errno
import hashlib
import hmac
import os
import re
import threading

from . import paths
from .frame import CALL, ERR, REPLY

LABEL = "dcclink-auth-v1"
CHALLENGE = "dcc.auth_challenge"
PROVE = "dcc.auth_prove"
SECRET_BYTES = 32
# An unauthenticated connection holds one of the DCC's few connection slots: it gets this long to prove itself.
AUTH_TIMEOUT_SECS = 10.0
_NONCE = re.compile(r"^[0-9a-f]{64}$")


class SecretError(RuntimeError):
    """The secret file is unusable (wrong owner or mode, wrong content)."""


def load_or_create_secret(path=None):
    """The 32-byte DccLink secret from `path` (default `paths.secret_file()`), created 0600 on first use."""
    path = path or paths.secret_file()
    try:
        return _read(path)
    except (IOError, OSError) as e:
        if e.errno != errno.ENOENT:
            raise SecretError("cannot read the DccLink secret %s: %s" % (path, e))
    _create(path)
    return _read(path)


def _read(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        if os.name != "nt":
            if st.st_uid != os.getuid():
                raise SecretError("the DccLink secret %s belongs to uid %d, not to you (uid %d); remove it to create a new one" % (path, st.st_uid, os.getuid()))
            if st.st_mode & 0o077:
                raise SecretError("the DccLink secret %s is readable or writable by other users (mode %03o); run `chmod 600 %s`" % (path, st.st_mode & 0o777, path))
        text = os.read(fd, 4096).decode("ascii", "replace").strip()
    finally:
        os.close(fd)
    if not _NONCE.match(text.lower()):
        raise SecretError("the DccLink secret %s is not 64 hex characters; delete it and restart the hub and your DCCs to make a new one" % path)
    return binascii.unhexlify(text.lower())


def _create(path):
    """Writes a fresh secret to a private temp file, then links it into place: a reader never sees half a file,
    and when the hub and a DCC race, the first link wins and both read that one."""
    folder = os.path.dirname(path)
    if folder:
        # Racing creators (the hub and several DCCs starting together) may all get here: existing is fine.
        os.makedirs(folder, 0o700, exist_ok=True)
    tmp = "%s.tmp-%s" % (path, binascii.hexlify(os.urandom(8)).decode())
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        os.write(fd, (binascii.hexlify(os.urandom(SECRET_BYTES)).decode() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    except OSError as e:
        if e.errno != errno.EEXIST:
            raise SecretError("cannot create the DccLink secret %s: %s" % (path, e))
    finally:
        os.unlink(tmp)


def mac(secret, role, hub_nonce, plugin_nonce, endpoint):
    """The proof of `role` ("plugin" or "hub") for one connection, as 64 hex characters."""
    msg = "\n".join((LABEL, role, hub_nonce, plugin_nonce, endpoint)).encode("utf-8")
    return hmac.new(secret, msg, hashlib.sha256).hexdigest()


def _same(expected, given):
    # Constant time, and a non-string or non-ASCII answer is simply wrong.
    return isinstance(given, str) and hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8"))


class LinkAuth(object):
    """The plugin side of the handshake for one server: `handle(conn, type, seq, body)` for every frame of a
    connection that is not authenticated yet (runs on its reader thread)."""

    def __init__(self, secret, endpoint, timeout=AUTH_TIMEOUT_SECS):
        self.secret = secret
        self.endpoint = endpoint
        self.timeout = timeout

    def watch(self, conn):
        """Drops `conn` if it has not authenticated within `self.timeout` seconds."""
        timer = threading.Timer(self.timeout, lambda: None if conn.authenticated else conn.close())
        timer.daemon = True
        conn.auth_timer = timer
        timer.start()

    def handle(self, conn, msg_type, seq, body):
        if msg_type != CALL:
            return  # a Cancel or Reply before authentication means nothing
        method = body.get("method") if isinstance(body, dict) else None
        params = body.get("params") if isinstance(body, dict) and isinstance(body.get("params"), dict) else {}
        if method == CHALLENGE:
            self._challenge(conn, seq, params.get("hub_nonce"))
        elif method == PROVE:
            self._prove(conn, seq, params.get("mac"))
        else:
            _deny(conn, seq, "%s needs an authenticated connection: prove the DccLink secret with %s and %s first" % (method, CHALLENGE, PROVE), drop=False)

    def _challenge(self, conn, seq, hub_nonce):
        if getattr(conn, "auth_nonces", None) is not None:
            return _deny(conn, seq, "%s was already answered on this connection" % CHALLENGE)
        if not isinstance(hub_nonce, str) or not _NONCE.match(hub_nonce):
            return _deny(conn, seq, "%s needs a hub_nonce of 64 lowercase hex characters" % CHALLENGE)
        plugin_nonce = binascii.hexlify(os.urandom(32)).decode()
        conn.auth_nonces = (hub_nonce, plugin_nonce)
        conn.send(REPLY, seq, {"result": {"plugin_nonce": plugin_nonce, "endpoint": self.endpoint, "mac": mac(self.secret, "plugin", hub_nonce, plugin_nonce, self.endpoint)}})

    def _prove(self, conn, seq, given):
        nonces = getattr(conn, "auth_nonces", None)
        if nonces is None:
            return _deny(conn, seq, "%s must come after %s" % (PROVE, CHALLENGE))
        if not nonces:
            return _deny(conn, seq, "authentication already failed on this connection")
        if not _same(mac(self.secret, "hub", nonces[0], nonces[1], self.endpoint), given):
            conn.auth_nonces = ()  # one guess per connection: frames already read behind this one get no second try
            return _deny(conn, seq, "authentication failed: the hub's proof does not match this user's DccLink secret")
        conn.authenticated = True
        timer = getattr(conn, "auth_timer", None)
        if timer is not None:
            timer.cancel()
        conn.send(REPLY, seq, {"result": {"authenticated": True}})


def _deny(conn, seq, message, drop=True):
    conn.send(ERR, seq, {"code": "PERMISSION_DENIED", "message": message, "recoverable": False})
    if drop:
        conn.close()


def authenticate_hub(call, secret, endpoint):
    """The hub side, for Python clients (tests, scripts): `call(method, params)` returns a Call's result.
    Checks the DCC's proof for `endpoint` (the address dialled) before proving itself; raises SecretError."""
    hub_nonce = binascii.hexlify(os.urandom(32)).decode()
    answer = call(CHALLENGE, {"hub_nonce": hub_nonce})
    plugin_nonce = answer.get("plugin_nonce") if isinstance(answer, dict) else None
    if not isinstance(plugin_nonce, str) or answer.get("endpoint") != endpoint:
        raise SecretError("authentication failed: the DCC answered for %r, not %r" % (answer.get("endpoint") if isinstance(answer, dict) else answer, endpoint))
    if not _same(mac(secret, "plugin", hub_nonce, plugin_nonce, endpoint), answer.get("mac")):
        raise SecretError("authentication failed: the DCC's proof does not match this user's DccLink secret")
    return call(PROVE, {"mac": mac(secret, "hub", hub_nonce, plugin_nonce, endpoint)})
