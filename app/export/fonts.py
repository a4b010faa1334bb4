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
        shapers = {bold: script_text.shaper(bold) for bold in (False, True)}
        # The fonts' own (C-accelerated) measuring for lines the primary font draws alone, looked up once
        self._fast = {bold: (shaper.simple, pdfmetrics.getFont(shaper.primary).stringWidth, shaper.width)
                      for bold, shaper in shapers.items()}

    def width(self, text: str, size: float, bold: bool = False) -> float:
        simple, measure, shaped = self._fast[bold]
        return measure(text, size) if simple(text) is not None else shaped(text, size)
