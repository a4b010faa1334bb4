"""PNG and SVG images of the canvas: one persona, or all personas stacked, drawn by the real scene."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from app.export import ExportCancelledError, ExportError, write_output
from app.i18n import _, catalogue, document_language
from app.model import JourneyMap
from app.ui.application import create_application
from app.ui.document import MapDocument
from app.ui.scene import JourneyScene

MAX_PIXELS = 400_000_000


def image_document(journey_map: JourneyMap, path: Path | None) -> MapDocument:
    """A document to draw a map's images from when no editor is open (the command line).

    Qt draws offscreen when there is no display; the platform is chosen when the
    application is made, so it is set here, before that.
    """
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_application()
    return MapDocument(journey_map, path)


def _scenes(document: MapDocument, persona_ids: list[str], language: str | None = None) -> list[JourneyScene]:
    """One scene per persona to draw; a map without personas (or none chosen) has nothing to draw. The fixed
    words inside cards are in the deliverable's language (``language``, else the map's, else the UI's)."""
    if not persona_ids:
        raise ExportError(_("the map has no persona to draw") if not document.journey_map.personas
                          else _("choose at least one persona to draw"))
    words = catalogue(document_language(document.journey_map, language))
    scenes = [JourneyScene(document, persona_id, words=words) for persona_id in persona_ids]
    for scene in scenes:
        # The canvas caches cards as screen pixmaps; an image draws them anew, as vectors and text.
        for item in scene.card_items.values():
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    return scenes


def _size(scenes: list[JourneyScene]) -> tuple[float, float]:
    width = max(s.layout.width for s in scenes)
    height = sum(s.layout.height for s in scenes) + 24 * (len(scenes) - 1)
    return width, height


#: a large image is drawn in strips of about this many pixels, so its progress shows and Cancel works
STRIP_PIXELS = 1024

Progress = Callable[[int, int], bool] | None


def _strips(scenes: list[JourneyScene], scale: float, in_strips: bool) -> list[tuple[JourneyScene, QRectF, QRectF]]:
    """(scene, source rect, target rect) of every strip the image is drawn in, top to bottom.

    Vector output is drawn a persona at a time: strips would clip and repeat the items they cut.
    """
    strips = []
    y = 0.0
    step = max(8.0, STRIP_PIXELS / scale) if in_strips else float("inf")  # points of map per strip
    for scene in scenes:
        width, height = scene.layout.width, scene.layout.height
        top = 0.0
        while top < height:
            bottom = min(height, top + step)
            source = QRectF(0, top, width, bottom - top)
            strips.append((scene, source, QRectF(0, (y + top) * scale, width * scale, (bottom - top) * scale)))
            top = bottom
        y += height + 24
    return strips


def _paint(painter: QPainter, scenes: list[JourneyScene], scale: float, progress: Progress = None,
           extra_steps: int = 0, in_strips: bool = True) -> None:
    """Draw the scenes stacked; ``progress(done, total)`` after each strip, False cancels."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    strips = _strips(scenes, scale, in_strips)
    total = len(strips) + extra_steps
    for done, (scene, source, target) in enumerate(strips, start=1):
        if in_strips:
            painter.save()
            painter.setClipRect(target)
        scene.render(painter, target, source)
        if in_strips:
            painter.restore()
        if progress is not None and progress(done, total) is False:
            painter.end()
            raise ExportCancelledError(_("export cancelled"))


def export_png(document: MapDocument, persona_ids: list[str], path: str | os.PathLike[str], dpi: int = 150,
               progress: Progress = None, language: str | None = None) -> None:
    if not 30 <= dpi <= 1200:
        raise ExportError(_("--dpi must be between 30 and 1200 (got {dpi})").format(dpi=dpi))
    scenes = _scenes(document, persona_ids, language)
    scale = dpi / 72
    width, height = _size(scenes)
    pixels = int(width * scale) * int(height * scale)
    if pixels > MAX_PIXELS:
        raise ExportError(_("the image would be {megapixels} megapixels; choose a lower --dpi").format(
            megapixels=f"{pixels / 1e6:.0f}"))
    image = QImage(QSize(int(width * scale) + 1, int(height * scale) + 1), QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    _paint(painter, scenes, scale, progress, extra_steps=1)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError(_("the PNG could not be encoded"))
    buffer.close()
    write_output(path, bytes(data))
    if progress is not None:
        progress(1, 1)


def export_svg(document: MapDocument, persona_ids: list[str], path: str | os.PathLike[str],
               progress: Progress = None, language: str | None = None) -> None:
    scenes = _scenes(document, persona_ids, language)
    width, height = _size(scenes)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(int(width), int(height)))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(document.journey_map.title)
    generator.setResolution(72)
    painter = QPainter(generator)
    _paint(painter, scenes, 1.0, progress, extra_steps=1, in_strips=False)
    painter.end()
    buffer.close()
    write_output(path, bytes(data))
    if progress is not None:
        progress(1, 1)
