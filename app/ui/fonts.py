"""The shipped DejaVu Sans loaded into Qt, measured and drawn at exact point sizes.

Text is measured and painted with a 100-unit font scaled down, so widths
follow the font's design metrics (as reportlab's do) rather than hinted
pixel sizes: the canvas and the poster wrap every line identically.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter

from app.resource_files import resource

FAMILY_FALLBACK = "DejaVu Sans"
_REFERENCE_SIZE = 100


@lru_cache(maxsize=1)
def family() -> str:
    """Register the shipped fonts once and return their family name."""
    name = FAMILY_FALLBACK
    for file_name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        data = resource("fonts", file_name).read_bytes()
        font_id = QFontDatabase.addApplicationFontFromData(data)
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            name = families[0]
    return name


@lru_cache(maxsize=4)
def reference_font(bold: bool = False) -> QFont:
    font = QFont(family())
    font.setPixelSize(_REFERENCE_SIZE)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(False)
    return font


def ui_font(size: float, bold: bool = False) -> QFont:
    """The same family for widgets (point size)."""
    font = QFont(family())
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


class QtTextMetrics:
    """:class:`app.layout.TextMetrics` measured by Qt with the shipped font."""

    def __init__(self) -> None:
        self._metrics = {bold: QFontMetricsF(reference_font(bold)) for bold in (False, True)}
        self._cache: dict[tuple[str, bool], float] = {}

    def width(self, text: str, size: float, bold: bool = False) -> float:
        key = (text, bold)
        advance = self._cache.get(key)
        if advance is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            advance = self._cache[key] = self._metrics[bold].horizontalAdvance(text)
        return advance * size / _REFERENCE_SIZE


def draw_lines(
    painter: QPainter,
    x: float,
    top: float,
    lines: list[str],
    size: float,
    color: QColor,
    *,
    bold: bool = False,
    line_spacing: float = 1.25,
) -> float:
    """Draw wrapped lines from ``top``; returns the y below the last line."""
    if not lines:
        return top
    font = reference_font(bold)
    scale = size / _REFERENCE_SIZE
    line_height = size * line_spacing
    # Centre the glyphs in the line box: half the extra leading above.
    baseline = top + (line_height - size * 1.164) / 2 + _ascent(bold) * scale
    painter.save()
    painter.setFont(font)
    painter.setPen(color)
    painter.translate(QPointF(x, baseline))
    painter.scale(scale, scale)
    step = line_height / scale
    for index, line in enumerate(lines):
        painter.drawText(QPointF(0, index * step), line)
    painter.restore()
    return top + line_height * len(lines)


@lru_cache(maxsize=2)
def _ascent(bold: bool) -> float:
    return QFontMetricsF(reference_font(bold)).ascent()


def draw_line_bars(
    painter: QPainter, x: float, top: float, lines: list[str], size: float, color: QColor,
    line_spacing: float = 1.25,
) -> float:
    """Far zoomed out, where no one can read them, lines are drawn as bars (level of detail)."""
    line_height = size * line_spacing
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    bar = QColor(color)
    bar.setAlpha(110)
    painter.setBrush(bar)
    for index, line in enumerate(lines):
        width = len(line) * size * 0.55
        painter.drawRect(QRectF(x, top + index * line_height + line_height * 0.3, width, line_height * 0.45))
    painter.restore()
    return top + line_height * len(lines)
