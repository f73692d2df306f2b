"""DccErrorCode errors: raised by methods and tools, sent back to the hub as Err frames."""

CODES = ("CONNECTION_FAILED", "TIMEOUT", "SCRIPT_ERROR", "NOT_RESPONDING", "UNSUPPORTED", "PERMISSION_DENIED", "INVALID_INPUT", "SCENE_ERROR", "INTERNAL")


class DccError(Exception):
    """An error with a DccErrorCode name, a readable message, optional details and a recoverable flag."""

    def __init__(self, code, message, details=None, recoverable=False):
        Exception.__init__(self, message)
        self.code = code if code in CODES else "INTERNAL"
        self.message = message
        self.details = details
        self.recoverable = recoverable

    def body(self):
        return {"code": self.code, "message": self.message, "details": self.details, "recoverable": self.recoverable}


def unsupported(what):
    return DccError("UNSUPPORTED", "%s is not supported by this DCC" % what)


def invalid(message):
    return DccError("INVALID_INPUT", message)
