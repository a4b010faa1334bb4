"""How a tiled poster is spread over sheets, and where a sheet's words and the title block's lines sit.

The grid of sheets covers the poster with neighbouring printable areas overlapping by TILE_OVERLAP, and uses no
sheet more than that needs; a sheet's words keep clear of its crop and glue marks, which needs each word's box
to be where the word prints, upright or turned; the title block's runs of lines stack without overlapping.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from app.export.pdf import paper_size
from app.export.tiles import TILE_OVERLAP, Word, segment_crosses, tile_grid, usable
from app.export.title_lines import FACT_GAP, TitleRun, title_runs

TILES = [paper_size("A4"), paper_size("A4", landscape=False), paper_size("A3"), paper_size("Letter", False),
         paper_size("200x120mm")]


def covered(count: int, usable_side: float) -> float:
    """The length ``count`` sheets a step apart cover along one side."""
    return usable_side + (count - 1) * (usable_side - TILE_OVERLAP)


@pytest.mark.parametrize("tile", TILES, ids=lambda t: f"{t[0]:.0f}x{t[1]:.0f}")
def test_the_sheets_cover_a_poster_of_any_shape_with_no_sheet_to_spare(tile):
    """Rows follow the poster's height and columns its width (a wide poster gets more columns than rows);
    the sheets reach the poster's far edges, and one row or column fewer would not."""
    usable_w, usable_h = usable(tile)
    for poster in [(usable_w * 4.3, usable_h * 1.2), (usable_w * 0.7, usable_h * 3.6), (3000.0, 400.0),
                   (500.0, 2900.0), (usable_w * 2, usable_h * 2), (usable_w * 9.1, usable_h * 5.5)]:
        rows, columns = tile_grid(poster, tile)
        assert covered(columns, usable_w) >= poster[0] - 1e-6 and covered(rows, usable_h) >= poster[1] - 1e-6
        assert columns == 1 or covered(columns - 1, usable_w) < poster[0], (poster, columns)
        assert rows == 1 or covered(rows - 1, usable_h) < poster[1], (poster, rows)


@pytest.mark.parametrize("tile", TILES, ids=lambda t: f"{t[0]:.0f}x{t[1]:.0f}")
def test_a_poster_exactly_k_sheets_long_needs_k_sheets(tile):
    """A poster as long as k sheets cover (overlaps included) needs k of them, not k + 1; a point more needs
    one more; a poster no larger than one printable area is one sheet."""
    usable_w, usable_h = usable(tile)
    for k in (1, 2, 3, 5):
        hair = 0.01  # below the rounding of k steps' sum
        assert tile_grid((covered(k, usable_w) - hair, covered(1, usable_h)), tile) == (1, k)
        assert tile_grid((covered(1, usable_w), covered(k, usable_h) - hair), tile) == (k, 1)
        assert tile_grid((covered(k, usable_w) + 1.0, covered(k, usable_h) + 1.0), tile) == (k + 1, k + 1)
    for poster in ((1.0, 1.0), (usable_w * 0.5, usable_h * 0.9), (usable_w, usable_h)):
        assert tile_grid(poster, tile) == (1, 1)


def test_a_poster_that_is_not_tiled_is_one_sheet_whatever_its_size():
    for poster in ((100.0, 100.0), (14000.0, 3000.0), (800.0, 9000.0)):
        assert tile_grid(poster, None) == (1, 1)


# --- a sheet's words and its marks ------------------------------------------------------------------------------


def turned(box: tuple[float, float, float, float], x: float, y: float) -> tuple[float, float, float, float]:
    """The box turned a quarter anticlockwise about (x, y), as ``draw_words`` turns a word."""
    left, bottom, right, top = box
    corners = [(x - (cy - y), y + (cx - x)) for cx in (left, right) for cy in (bottom, top)]
    return (min(c[0] for c in corners), min(c[1] for c in corners), max(c[0] for c in corners),
            max(c[1] for c in corners))


@pytest.mark.parametrize(("x", "y", "size", "width"), [(30.0, 40.0, 7.0, 55.0), (0.0, 0.0, 9.0, 12.5),
                                                      (400.0, 12.0, 5.5, 130.0)])
def test_a_turned_words_box_is_its_level_box_turned_with_it(x, y, size, width):
    """The glue word reading upwards must keep clear of the marks as the level words do: its box is the level
    word's box turned a quarter anticlockwise about where the word starts."""
    level = Word("glue", x, y, size).box(width)
    upright = Word("glue", x, y, size, rotated=True).box(width)
    assert upright == pytest.approx(turned(level, x, y))


@pytest.mark.parametrize("rotated", [False, True])
@pytest.mark.parametrize(("size", "width"), [(7.0, 55.0), (9.0, 12.5), (5.5, 130.0)])
def test_a_words_box_runs_its_width_along_the_line_and_holds_ascenders_and_descenders(rotated, size, width):
    """Along the line the box is the word's width from where it starts; across it, it reaches above the
    baseline by more than a capital (0.72 of the size) and below it by more than a descender (0.2), and stays
    within a line's height (1.25 of the size)."""
    x, y = 100.0, 200.0
    left, bottom, right, top = Word("Sheet", x, y, size, rotated=rotated).box(width)
    if rotated:  # reading upwards: the letters stand to the left of the baseline
        along, above, below = (bottom, top), x - left, right - x
        assert (bottom, top) == pytest.approx((y, y + width))
    else:
        along, above, below = (left, right), top - y, y - bottom
        assert (left, right) == pytest.approx((x, x + width))
    assert along[1] - along[0] == pytest.approx(width)
    assert above > 0.72 * size and below > 0.2 * size and above + below <= 1.25 * size


BOX = (10.0, 20.0, 50.0, 40.0)  # left, bottom, right, top


SEGMENTS = [
    (((0.0, 30.0), (10.0, 30.0)), True),  # a level mark ending on the box's left edge
    (((50.0, 30.0), (70.0, 30.0)), True),  # starting on its right edge
    (((30.0, 5.0), (30.0, 20.0)), True),  # an upright mark ending on its bottom edge
    (((30.0, 40.0), (30.0, 60.0)), True),  # starting on its top edge
    (((10.0, 0.0), (10.0, 20.0)), True),  # meeting a corner
    (((0.0, 30.0), (9.99, 30.0)), False),
    (((50.01, 30.0), (70.0, 30.0)), False),
    (((30.0, 5.0), (30.0, 19.99)), False),
    (((30.0, 40.01), (30.0, 60.0)), False),
    (((0.0, 30.0), (70.0, 30.0)), True),  # right through
    (((30.0, 60.0), (30.0, 0.0)), True),  # drawn downwards
]


def test_a_mark_that_touches_a_words_box_counts_as_crossing_it():
    """A mark that ends on a word's box touches the word on paper: it is refused as a crossing would be."""
    for segment, crosses in SEGMENTS:
        (x1, y1), (x2, y2) = segment
        assert segment_crosses(segment, BOX) is crosses, segment
        assert segment_crosses(((x2, y2), (x1, y1)), BOX) is crosses, segment


# --- the title block's runs --------------------------------------------------------------------------------------


def block(title: int, role: int, brand: int, marking: int, columns: list[int], scale: float = 1.0):
    return SimpleNamespace(legend_scale=scale, text_x=50.0, title=[f"t{i}" for i in range(title)], title_size=20.0,
                           role=[f"r{i}" for i in range(role)], role_size=12.0,
                           brand=[f"b{i}" for i in range(brand)], marking=[f"m{i}" for i in range(marking)],
                           fact_size=8.0, columns=[[f"f{c}{i}" for i in range(n)] for c, n in enumerate(columns)],
                           column_width=90.0)


@pytest.mark.parametrize("shape", [(1, 1, 1, 1, [2, 3]), (3, 2, 2, 1, [4]), (2, 1, 0, 0, [1, 1, 2]),
                                   (1, 3, 1, 2, [])])
def test_the_title_blocks_runs_stack_without_overlapping(shape):
    """Each run's height is its lines at the style's spacing, and the next run starts at or below its foot:
    the marking directly under the client's line, the facts' columns below everything, side by side."""
    for spacing in (1.15, 1.25, 1.4):
        runs = title_runs(block(*shape), spacing)
        stacked = [run for run in runs if not run.muted]
        for above, below in itertools.pairwise(stacked):
            assert below.top >= above.top + above.height(spacing) - 1e-9, (above, below)
        if shape[2] and shape[3]:  # the client's line and the marking: one under the other, no gap
            brand, marking = stacked[2], stacked[3]
            assert marking.top == pytest.approx(brand.top + brand.height(spacing))
        facts = [run for run in runs if run.muted]
        foot = max(run.top + run.height(spacing) for run in stacked)
        assert all(run.top >= foot - 2.0 for run in facts)
        assert [run.x for run in facts] == pytest.approx([50.0 + i * (90.0 + FACT_GAP) for i in range(len(facts))])


def test_a_runs_height_grows_with_its_lines_size_and_spacing():
    run = TitleRun(0.0, 0.0, ["a", "b", "c"], 10.0, False)
    assert run.height(1.2) == pytest.approx(36.0)
    assert TitleRun(0.0, 0.0, ["a"], 10.0, False).height(1.2) == pytest.approx(12.0)
    assert TitleRun(0.0, 0.0, ["a", "b"], 16.0, True).height(1.5) == pytest.approx(48.0)
