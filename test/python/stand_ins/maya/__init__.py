"""STAND-IN for Maya's `maya` package (see test/python/stand_ins/README.md) — not Maya."""
