"""STAND-IN for PySide2 (see ../README.md) — not Qt. Only QtCore's QObject / Signal / QTimer as the 3ds Max
host uses them."""
