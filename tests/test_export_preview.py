"""The export dialog's preview draws the first page as the poster prints it: its type scale, its logo.

The preview is bars, not text, so these tests measure the bars against the plan the PDF is drawn from.
"""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from app.export.pdf import MARGIN, PdfOptions, PosterPlanner
from app.layout import palette
from app.model import JourneyMap, load_map
from app.ui.export_dialog import render_preview
from tests.conftest import SAMPLES

SIZE = QSize(1520, 1120)
ROOM = 10  # the preview's grey border around the page (render_preview)


def _scale(page) -> tuple[float, float, float]:
    """The preview's factor and the page's top-left in pixels, as render_preview places an untiled page."""
    width, height = page.size
    factor = min((SIZE.width() - 2 * ROOM) / width, (SIZE.height() - 2 * ROOM) / height)
    return factor, (SIZE.width() - width * factor) / 2, (SIZE.height() - height * factor) / 2


def _run(image: QImage, x: int, y_from: int, color: str) -> tuple[int, int]:
    """The first run of pixels of ``color`` (nearly) going down column x from y_from: (start, length)."""
    wanted = QColor(color)

    def near(y: int) -> bool:
        c = image.pixelColor(x, y)
        return abs(c.red() - wanted.red()) + abs(c.green() - wanted.green()) + abs(c.blue() - wanted.blue()) < 60

    y = y_from
    while y < image.height() and not near(y):
        y += 1
    start = y
    while y < image.height() and near(y):
        y += 1
    return start, y - start


@pytest.mark.parametrize("paper", ["A3", "A1", "A0"])
def test_the_title_bar_is_as_tall_as_the_title_prints_on_each_paper(qtbot, paper):
    """The title grows with the sheet (its type scale): the preview's bar for it grows with it."""
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    planner = PosterPlanner(journey_map)
    plan = planner.plan(PdfOptions(paper=paper, personas=["beginner"]))
    page = plan.pages[0]
    image = render_preview(plan, journey_map, planner, SIZE).toImage()
    factor, left, top = _scale(page)
    x = round(left + (MARGIN + page.title.text_x + 3) * factor)
    start, height = _run(image, x, round(top + MARGIN * factor) - 2, palette.TEXT)
    expected = page.title.title_size * 0.7 * factor
    assert height == pytest.approx(expected, abs=1.5), (paper, page.title.title_size)
    line = page.title.title_size * page.style.line_spacing
    assert start == pytest.approx(top + (MARGIN + line * 0.25) * factor, abs=1.5)


def _branded(journey_map: JourneyMap, color: tuple[int, int, int]) -> JourneyMap:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), color).save(buffer, "PNG")
    data = journey_map.model_dump()
    data["deliverable"] = {"client": "Northwind", "confidentiality": "Confidential",
                           "logo": {"media_type": "image/png", "data": base64.b64encode(buffer.getvalue()).decode()}}
    return JourneyMap.model_validate(data)


def test_the_logo_shows_in_its_place_of_the_title_block_and_the_text_moves_right_of_it(qtbot):
    journey_map = _branded(load_map(SAMPLES / "fitness-watch.json"), (200, 30, 120))
    planner = PosterPlanner(journey_map)
    plan = planner.plan(PdfOptions(paper="A3", personas=["beginner"]))
    page = plan.pages[0]
    assert page.title.logo is not None and page.title.text_x > 0
    image = render_preview(plan, journey_map, planner, SIZE).toImage()
    factor, left, top = _scale(page)
    x, y, w, h = page.title.logo
    centre = image.pixelColor(round(left + (MARGIN + x + w / 2) * factor), round(top + (MARGIN + y + h / 2) * factor))
    assert (centre.red(), centre.green(), centre.blue()) == pytest.approx((200, 30, 120), abs=6)
    # the title's bar starts right of the logo, where the poster prints the title
    row = round(top + (MARGIN + page.title.title_size * page.style.line_spacing * 0.6) * factor)
    text_left = round(left + (MARGIN + page.title.text_x) * factor)
    assert QColor(image.pixelColor(text_left + 3, row)).name() != "#ffffff"
    assert image.pixelColor(text_left - 3, row).name() == "#ffffff"
