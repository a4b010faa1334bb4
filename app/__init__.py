"""Journey-map editor: customer journey maps on the desktop."""

__version__ = "0.1.0"
