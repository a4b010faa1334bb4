"""Find shipped resources (templates, schema, fonts) in a checkout and when installed.

A wheel carries the top-level ``resources/`` folder as the package
``app.resources`` (mapped in pyproject.toml); a source checkout has it next
to ``app/``. Both are read through importlib.resources' Traversable API.
"""

from __future__ import annotations

import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import Path


def resource_root() -> Traversable:
    """The folder of shipped resources."""
    try:
        root = importlib.resources.files("app.resources")
        if root.joinpath("templates").is_dir():
            return root
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Traversable:
    """One shipped file or folder, e.g. ``resource("templates", "b2b.json")``."""
    found = resource_root()
    for part in parts:  # one part at a time: Python 3.11's MultiplexedPath takes one
        found = found.joinpath(part)
    return found
