"""PNG and SVG images of the canvas: one persona, or all personas stacked, drawn by the real scene."""

from __future__ import annotations

import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from app.export import ExportError, write_output
from app.ui.document import MapDocument
from app.ui.scene import JourneyScene

MAX_PIXELS = 400_000_000


def _scenes(document: MapDocument, persona_ids: list[str]) -> list[JourneyScene]:
    scenes = [JourneyScene(document, persona_id) for persona_id in persona_ids]
    for scene in scenes:
        # The canvas caches cards as screen pixmaps; an image draws them anew, as vectors and text.
        for item in scene.card_items.values():
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    return scenes


def _size(scenes: list[JourneyScene]) -> tuple[float, float]:
    width = max(s.layout.width for s in scenes)
    height = sum(s.layout.height for s in scenes) + 24 * (len(scenes) - 1)
    return width, height


def _paint(painter: QPainter, scenes: list[JourneyScene], scale: float) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    y = 0.0
    for scene in scenes:
        source = QRectF(0, 0, scene.layout.width, scene.layout.height)
        target = QRectF(0, y * scale, source.width() * scale, source.height() * scale)
        scene.render(painter, target, source)
        y += scene.layout.height + 24


def export_png(document: MapDocument, persona_ids: list[str], path: str | os.PathLike[str], dpi: int = 150) -> None:
    if not 30 <= dpi <= 1200:
        raise ExportError(f"--dpi must be between 30 and 1200 (got {dpi})")
    scenes = _scenes(document, persona_ids)
    scale = dpi / 72
    width, height = _size(scenes)
    pixels = int(width * scale) * int(height * scale)
    if pixels > MAX_PIXELS:
        raise ExportError(f"the image would be {pixels / 1e6:.0f} megapixels; choose a lower --dpi")
    image = QImage(QSize(int(width * scale) + 1, int(height * scale) + 1), QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    _paint(painter, scenes, scale)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError("the PNG could not be encoded")
    buffer.close()
    write_output(path, bytes(data))


def export_svg(document: MapDocument, persona_ids: list[str], path: str | os.PathLike[str]) -> None:
    scenes = _scenes(document, persona_ids)
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
    _paint(painter, scenes, 1.0)
    painter.end()
    buffer.close()
    write_output(path, bytes(data))
