"""The shipped DejaVu Sans registered with reportlab, and text measured with it."""

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
    """:class:`app.layout.TextMetrics` measured with reportlab and the shipped font."""

    def __init__(self) -> None:
        register_fonts()
        # The fonts' own (C-accelerated) measuring, looked up once instead of on every call.
        self._measure = {False: pdfmetrics.getFont(REGULAR).stringWidth, True: pdfmetrics.getFont(BOLD).stringWidth}

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return self._measure[bold](text, size)


def missing_characters(texts: list[str]) -> set[str]:
    """Characters the shipped font has no glyph for (reported, never silently dropped)."""
    register_fonts()
    covered = pdfmetrics.getFont(REGULAR).face.charToGlyph
    used = set("".join(texts)) - {"\n", "\t"}  # each character once, at C speed
    return {char for char in used if ord(char) not in covered}
