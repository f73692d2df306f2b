"""Listening for the hub: a Unix socket at default_local(dcc, pid) (or TCP), several clients at once, each read
on its own thread. Pings are answered on the reader thread so the hub sees the DCC alive during long scripts."""
import os
import socket
import tempfile
import threading
import time

from . import codec
from .auth import LinkAuth, load_or_create_secret
from .frame import CALL, CANCEL, DEFAULT_MAX_FRAME, ERR, PING, PONG, PROGRESS, REPLY, FrameDecoder, FramingError, IpckitDecoder, encode_frame, wrap_ipckit

# A Reply body larger than this becomes a RESULT_TOO_LARGE Err: the hub would drop the whole connection on a frame
# over its limit (16 MiB by default), cutting every other call on it.
DEFAULT_MAX_RESULT = DEFAULT_MAX_FRAME - 9
# Largest frame before authentication: a challenge or a proof is ~100 bytes.
PRE_AUTH_MAX_FRAME = 4096


def default_local(dcc, pid=None):
    """`<tmp>/dcc-mcp-{dcc}-{pid}.sock` (Unix) or the pipe name `dcc-mcp-{dcc}-{pid}` (Windows)."""
    name = "dcc-mcp-%s-%d" % (dcc, pid or os.getpid())
    return name if os.name == "nt" else os.path.join(tempfile.gettempdir(), name + ".sock")


def remove_stale_socket(path):
    """Removes a socket file nobody listens on; refuses to touch a live one."""
    if not os.path.exists(path):
        return False
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(0.5)
    try:
        probe.connect(path)
    except (ConnectionRefusedError, FileNotFoundError):
        os.unlink(path)
        return True
    except OSError:
        return False
    else:
        raise RuntimeError("socket %s is in use by a live server" % path)
    finally:
        probe.close()


class Connection(object):
    """One hub connection: framing, thread-safe sends. Frame versions (ADR 028): answers go out in the version of
    their Call, our own frames in the version the hub last used (0 until it has sent anything)."""

    def __init__(self, sock, framing="dcclink", max_result_bytes=DEFAULT_MAX_RESULT):
        self.sock = sock
        self.framing = framing
        self.max_result_bytes = max_result_bytes
        self.lock = threading.Lock()
        self.open = True
        self.authenticated = False  # set by LinkAuth once the hub proved the DccLink secret
        self.version = 0
        self.call_versions = {}

    def saw(self, frame):
        """Notes the version of a frame the hub sent (called on the reader thread)."""
        self.version = getattr(frame, "version", 0)
        if frame[0] == CALL:
            self.call_versions[frame[1]] = self.version

    def send(self, msg_type, seq, body=None):
        version = self.version
        if msg_type in (REPLY, ERR, PROGRESS) and seq in self.call_versions:
            version = self.call_versions[seq] if msg_type == PROGRESS else self.call_versions.pop(seq, version)
        data = b"" if body is None else codec.packb(body)
        if msg_type == REPLY and len(data) > self.max_result_bytes:
            msg_type, data = ERR, codec.packb({"code": "RESULT_TOO_LARGE", "message": "the result is %d bytes, over the %d-byte limit (DCC_MCP_MAX_RESULT_BYTES); return less, e.g. write big data to a file and return its path" % (len(data), self.max_result_bytes), "details": {"size": len(data), "limit": self.max_result_bytes}, "recoverable": True})
        frame = encode_frame(msg_type, seq, data, version)
        if self.framing == "ipckit":
            frame = wrap_ipckit(frame)
        with self.lock:
            if not self.open:
                return False
            try:
                self.sock.sendall(frame)
                return True
            except OSError:
                self.open = False
                return False

    def close(self):
        self.open = False
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class Server(object):
    """Accepts hub connections; `on_frame(conn, type, seq, body)` runs on the connection's reader thread."""

    def __init__(self, on_frame, on_cancel, transport="auto", dcc="dcc", framing="dcclink", host="127.0.0.1", port=0, max_connections=10, secret=None, max_result_bytes=None):
        # Every entry point (standalone, Blender, Maya) serves through here, so none can skip authentication.
        secret = load_or_create_secret() if secret is None else secret
        self.max_result_bytes = min(max_result_bytes or DEFAULT_MAX_RESULT, DEFAULT_MAX_RESULT)
        self.on_frame = on_frame
        self.on_cancel = on_cancel
        self.framing = framing
        self.max_connections = max_connections
        self.conns = set()
        self.closed = threading.Event()
        self.path = None
        if transport != "tcp" and hasattr(socket, "AF_UNIX"):
            self.path = default_local(dcc)
            remove_stale_socket(self.path)
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            old_umask = os.umask(0o177)  # the socket file is born 0600: other users cannot even connect
            try:
                self.sock.bind(self.path)
            finally:
                os.umask(old_umask)
            os.chmod(self.path, 0o600)
            self.address = "unix://" + self.path
            self.transport_address = {"type": "unix_socket", "path": self.path}
            self.port = 0
        else:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.sock.bind((host, port))
            self.port = self.sock.getsockname()[1]
            self.address = "tcp://%s:%d" % (host, self.port)
            self.transport_address = {"type": "tcp", "host": host, "port": self.port}
        self.auth = LinkAuth(secret, self.address)
        self.sock.listen(16)
        self.thread = threading.Thread(target=self._accept, name="dcc-mcp-accept", daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.closed.is_set():
            try:
                sock, _ = self.sock.accept()
            except OSError:
                return
            if sock.family != getattr(socket, "AF_UNIX", None):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn = Connection(sock, self.framing, self.max_result_bytes)
            conn.accepted_at = time.monotonic()
            if len(self.conns) >= self.max_connections:
                # Peers that have not proved the secret must not keep the hub out: the oldest of them makes room.
                waiting = [c for c in self.conns if not c.authenticated]
                if waiting:
                    oldest = min(waiting, key=lambda c: c.accepted_at)
                    self.conns.discard(oldest)
                    oldest.close()
                else:
                    conn.send(ERR, 0, {"code": "CONNECTION_FAILED", "message": "the DCC is at its limit of %d connections" % self.max_connections, "recoverable": True})
                    conn.close()
                    continue
            self.auth.watch(conn)
            self.conns.add(conn)
            threading.Thread(target=self._read, args=(conn,), name="dcc-mcp-conn", daemon=True).start()

    def _read(self, conn):
        # Until the peer has proved the secret its frames stay small (a challenge and a proof): an unauthenticated
        # peer cannot make the DCC buffer and decode 16 MiB.
        decoder = IpckitDecoder(max_frame=PRE_AUTH_MAX_FRAME) if self.framing == "ipckit" else FrameDecoder(max_frame=PRE_AUTH_MAX_FRAME)
        try:
            while conn.open:
                try:
                    chunk = conn.sock.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                try:
                    frames = decoder.feed(chunk)
                except FramingError as e:
                    conn.send(ERR, 0, {"code": "INVALID_INPUT", "message": "framing error: %s" % e, "recoverable": False})
                    break
                for f in frames:
                    if not conn.open:  # dropped (e.g. a failed proof): nothing after it is handled
                        break
                    conn.saw(f)
                    self._frame(conn, f[0], f[1], f[2])
                if conn.authenticated:
                    decoder.max_frame = DEFAULT_MAX_FRAME
        finally:
            self.conns.discard(conn)
            conn.close()
            self.on_cancel(conn, None, "connection closed")

    def _frame(self, conn, msg_type, seq, body):
        try:
            value = codec.unpackb(body) if body else None
        except codec.MsgpackError as e:
            if msg_type == 1:
                conn.send(ERR, seq, {"code": "INVALID_INPUT", "message": "invalid msgpack body: %s" % e, "recoverable": False})
            return
        if msg_type == PING:
            conn.send(PONG, seq, value)
        elif not conn.authenticated:
            self.auth.handle(conn, msg_type, seq, value)
        elif msg_type == CANCEL:
            reason = value.get("reason") if isinstance(value, dict) else value if isinstance(value, str) else None
            self.on_cancel(conn, seq, reason or "cancelled by the hub")
        else:
            self.on_frame(conn, msg_type, seq, value)

    def close(self):
        """Stops accepting, closes every connection, removes the socket file."""
        self.closed.set()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accept() thread on Linux
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass
        for conn in list(self.conns):
            conn.close()
        if self.path:
            try:
                os.unlink(self.path)
            except OSError:
                pass
