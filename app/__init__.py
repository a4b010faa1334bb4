"""Journey-map editor: customer journey maps on the desktop."""

import os

__version__ = "0.1.0"

# The editor uses no pydantic plugins: without this, building the model's first validator scans the
# entry points of every installed package for them, 12 ms of every start (the editor's and the CLI's).
# A user who wants a plugin sets PYDANTIC_DISABLE_PLUGINS to "" before starting.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
