"""Where a tiled poster's sheets fall (``app.export.tiles``): content that fits within one row (or one column) of
sheets is centred on it, and a block counts as lying whole on a sheet only when it does to the point.

- Content no taller (wider) than a sheet's printable area prints on one row (column) of sheets with equal
  room above and below (left and right): the sheets are centred on it, with or without blocks kept whole.
- A box reaching past any edge of a sheet's printable area, by as little as a hundredth of a point, is not
  held by it (it would be cut there); one inside it, or touching its edges, is.

Posters of several shapes (banners, tall strips) on sheets of a few sizes, both ways up.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A3, A4, A5, landscape, portrait

from app.export.tiles import Box, plan_tiling, union, usable

#: posters (points) with content (title, body, footer) inside a 40-point margin
POSTERS = [(2000.0, 500.0), (3000.0, 700.0), (1500.0, 400.0), (500.0, 2000.0), (700.0, 3000.0), (420.0, 380.0)]
TILES = [portrait(A4), landscape(A4), portrait(A3), landscape(A3), portrait(A5)]


def content(poster: tuple[float, float]) -> list[Box]:
    width, height = poster
    return [Box(40, 40, min(300, width - 80), 60), Box(40, 110, width - 80, height - 170),
            Box(40, height - 50, min(200, width - 80), 10)]


@pytest.mark.parametrize("keep_whole", [False, True], ids=["no-blocks", "title-and-footer-kept-whole"])
@pytest.mark.parametrize("poster", POSTERS)
@pytest.mark.parametrize("tile", TILES)
def test_content_within_one_row_or_column_of_sheets_is_centred_on_it(poster, tile, keep_whole):
    # With blocks to keep whole, the tie-break once measured the offset from the poster's origin as well
    # (2 * xs[0]): a tall strip on A3 landscape sheets got side margins of 247 and 467 pt.
    boxes = content(poster)
    whole = union(boxes)
    tiling = plan_tiling(poster, tile, boxes, {"title": boxes[0], "footer": boxes[2]} if keep_whole else None)
    usable_w, usable_h = usable(tile)
    if whole.w <= usable_w:
        assert tiling.columns == 1
        assert whole.x - tiling.xs[0] == pytest.approx(tiling.xs[0] + usable_w - whole.right, abs=1e-3)
    if whole.h <= usable_h:
        assert tiling.rows == 1
        assert whole.y - tiling.ys[0] == pytest.approx(tiling.ys[0] + usable_h - whole.bottom, abs=1e-3)


def test_the_cases_include_content_one_row_and_one_column_high():
    kinds = set()
    for poster in POSTERS:
        for tile in TILES:
            whole, (usable_w, usable_h) = union(content(poster)), usable(tile)
            kinds.add((whole.w <= usable_w, whole.h <= usable_h))
    assert {(True, False), (False, True), (True, True)} <= kinds


SHEET = Box(100.0, 200.0, 500.0, 700.0)


@pytest.mark.parametrize("sliver", [0.01, 0.3, 0.5, 0.99, 1.0])
def test_a_box_reaching_past_any_edge_is_not_held(sliver):
    inner = Box(150.0, 250.0, 200.0, 300.0)
    assert SHEET.holds(inner) and SHEET.holds(SHEET)  # inside, and touching every edge
    past = [Box(SHEET.x - sliver, 250.0, 200.0, 300.0),                      # left
            Box(SHEET.right - 200.0 + sliver, 250.0, 200.0, 300.0),          # right
            Box(150.0, SHEET.y - sliver, 200.0, 300.0),                      # top
            Box(150.0, SHEET.bottom - 300.0 + sliver, 200.0, 300.0)]         # bottom
    for box in past:
        assert not SHEET.holds(box), box
    touching = [Box(SHEET.x, 250.0, 200.0, 300.0), Box(SHEET.right - 200.0, 250.0, 200.0, 300.0),
                Box(150.0, SHEET.y, 200.0, 300.0), Box(150.0, SHEET.bottom - 300.0, 200.0, 300.0)]
    assert all(SHEET.holds(box) for box in touching)
