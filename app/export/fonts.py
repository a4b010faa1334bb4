"""The shipped DejaVu Sans registered with reportlab, and text measured as the PDF draws it."""

from __future__ import annotations

import importlib.resources
from contextlib import ExitStack
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resource_files import resource

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_files = ExitStack()


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the TrueType fonts once (they are embedded, subset, in every PDF)."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file_name in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        if name in registered:
            continue  # parsing the font file again would cost every export tens of milliseconds
        path = _files.enter_context(importlib.resources.as_file(resource("fonts", file_name)))
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return REGULAR, BOLD


class ReportlabMetrics:
    """:class:`app.layout.TextMetrics` measured as the PDF draws: the shipped font, its fallbacks, shaping."""

    def __init__(self) -> None:
        from app.export import script_text  # it builds on this module's fonts

        register_fonts()
        self._measure = {False: script_text.shaper(False).width, True: script_text.shaper(True).width}

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return self._measure[bold](text, size)
