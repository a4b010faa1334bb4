"""Tile sheets' margin words, the assembly miniature's name style, tile refusals, the summary's note and a
poster page's boxes: each checked against its rule at and beside its limits (Qt-free, no PDF)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from reportlab.lib.units import mm

from app import i18n
from app.export import ExportError
from app.export.tiles import (
    GLUE_SIZE,
    LABEL_INSET,
    LABEL_SIZE,
    MARK_GAP,
    MAX_TILE_SHORT_SIDE,
    MIN_TILE_SIDE,
    NOTE_SIZE,
    SHEET_MARGIN,
    check_tile,
    label_style,
    poster_boxes,
    summary_note,
    usable,
)
from tests.test_tiles import sheet_words


def measure(text, size, bold):
    """A strict measure (every argument required): an eighth of the size per character, bold twice as wide."""
    return len(text) * size / 8 * (2 if bold else 1)


TILE = (400.0, 300.0)


def end_of(right: float) -> float:
    return SHEET_MARGIN + usable(TILE)[0] - right - LABEL_INSET


# --- sheet_words ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("chars", [10, 40, 200])
def test_the_detail_prints_exactly_when_it_ends_before_the_right_strip(chars):
    after = SHEET_MARGIN + LABEL_INSET + measure("AB", LABEL_SIZE, True) + LABEL_INSET
    detail = "d" * chars
    right = SHEET_MARGIN + usable(TILE)[0] - LABEL_INSET - after - measure(detail, NOTE_SIZE, False)
    assert after + measure(detail, NOTE_SIZE, False) == end_of(right)  # ends exactly at the limit: printed
    own, _fixed = sheet_words(TILE, "AB", detail, "n", "g", right, 0.0, measure)
    assert [w.text for w in own] == ["AB", detail]
    assert own[1].x == after and own[1].size == NOTE_SIZE and not own[1].bold
    own, _fixed = sheet_words(TILE, "AB", detail + "d", "n", "g", right, 0.0, measure)  # 0.875 pt too long
    assert [w.text for w in own] == ["AB"]


@pytest.mark.parametrize("chars", [10, 40, 200])
def test_the_overlap_note_prints_exactly_when_it_ends_before_the_right_strip(chars):
    note = "n" * chars
    right = SHEET_MARGIN + usable(TILE)[0] - LABEL_INSET - SHEET_MARGIN - LABEL_INSET - measure(note, NOTE_SIZE, False)
    _own, fixed = sheet_words(TILE, "", "", note, "g", right, 0.0, measure)
    assert [w.text for w in fixed if w.text != "g"] == [note]
    assert fixed[0].x == SHEET_MARGIN + LABEL_INSET and fixed[0].size == NOTE_SIZE
    _own, fixed = sheet_words(TILE, "", "", note + "n", "g", right, 0.0, measure)
    assert [w.text for w in fixed if w.text != "g"] == []


@pytest.mark.parametrize("glue, strip, size", [
    ("glueglueglue", 10.0, 4.0),   # 9 pt wide at 6 pt: shrunk to fit 6 pt between the marks
    ("glue", 40.0, GLUE_SIZE),     # room to spare: full size
    ("g", 4.5, 4.0),               # a word under a point wide still fits between the marks
])
def test_the_glue_word_fits_between_the_marks_of_either_strip(glue, strip, size):
    _own, fixed = sheet_words(TILE, "", "", "n", glue, strip, strip, measure)
    words = [w for w in fixed if w.text == glue]
    assert len(words) == 2
    flat, turned = sorted(words, key=lambda w: w.rotated)
    width = measure(glue, size, False)
    for word in words:
        assert word.size == pytest.approx(size)
        assert measure(glue, word.size, False) <= strip - 2 * MARK_GAP + 1e-9
    assert flat.x == pytest.approx(SHEET_MARGIN + usable(TILE)[0] - strip / 2 - width / 2)
    assert turned.y == pytest.approx(SHEET_MARGIN + strip / 2 - width / 2)


# --- label_style ------------------------------------------------------------------------------------------


def test_names_print_at_13_pt_boxed_in_large_cells_by_default():
    assert label_style(measure, ["A1"], 1000.0, 1000.0) == (13.0, True)


def test_without_names_a_name_counts_a_point_wide_per_point():
    # 13 pt, one point per point: 13 + 2 * 3.25 = 19.5 <= 30 (boxed); two per point would be 32.5 > 30
    assert label_style(measure, [], 50.0, 50.0) == (13.0, True)


def test_small_cells_make_names_three_tenths_of_a_cell():
    assert label_style(measure, ["A1"], 20.0, 20.0) == (6.0, True)


def test_a_name_of_exactly_the_smallest_size_is_boxed():
    k = 4 / 13
    assert 13.0 * k == 4.0
    assert label_style(measure, ["A1"], 1000.0, 1000.0, k) == (4.0, True)


def test_a_boxed_name_filling_exactly_its_room_across_is_boxed():
    label = "A" * 16  # 4 pt per point of type: 4 * 13 + 2 * 3.25 = 58.5 = 0.6 * 97.5
    assert measure(label, 1.0, True) * 13 + 2 * 13 * 0.25 == 0.6 * 97.5
    assert label_style(measure, [label], 97.5, 97.5) == (13.0, True)


def test_a_name_too_wide_for_a_box_shrinks_to_eight_tenths_of_the_cell():
    label = "A" * 16  # 4 pt per point: 24 + 3 > 12
    assert label_style(measure, [label], 20.0, 20.0) == (4.0, False)
    label = "A" * 64  # 16 pt per point: 0.8 * 20 / 16 = 1
    assert label_style(measure, [label], 20.0, 20.0) == (1.0, False)


# --- check_tile -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("short", [MIN_TILE_SIDE - 0.01, MIN_TILE_SIDE, MAX_TILE_SHORT_SIDE,
                                   MAX_TILE_SHORT_SIDE + 0.01])
def test_tiles_at_the_limits_are_taken(short):
    check_tile("custom", (short, short + 100))
    check_tile("custom", (short + 100, short))


@pytest.mark.parametrize("short", [MIN_TILE_SIDE - 0.5, MAX_TILE_SHORT_SIDE + 0.5])
def test_tiles_half_a_point_past_the_limits_are_refused(short):
    with pytest.raises(ExportError):
        check_tile("custom", (short, short + 100))


@pytest.fixture
def english():
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def test_a_refused_named_tile_is_given_both_sides(english):
    with pytest.raises(ExportError) as refused:
        check_tile("Tiny", (50 * mm, 80 * mm))
    assert "Tiny (50×80 mm)" in str(refused.value)
    with pytest.raises(ExportError) as refused:
        check_tile("80×50 mm", (80 * mm, 50 * mm))
    assert "80×50 mm:" in str(refused.value) and "(80×50 mm)" not in str(refused.value)


# --- summary_note -----------------------------------------------------------------------------------------


def tiling(skipped: int = 0, oversized: tuple[str, ...] = ()):
    return SimpleNamespace(assembly=False, skipped=skipped, oversized=lambda: list(oversized))


def test_the_summary_counts_blank_sheets_and_names_cut_blocks(english):
    assert summary_note([tiling(1)]) == "1 blank sheet left out"
    assert summary_note([tiling(1), tiling(2)]) == "3 blank sheets left out"
    assert summary_note([tiling(0, ("title",)), tiling(0, ("legend",))]) == (
        "the title block is larger than a sheet and spans several, "
        "the legend is larger than a sheet and spans several")


# --- poster_boxes -----------------------------------------------------------------------------------------


def page(logo):
    block = SimpleNamespace(logo=logo, legend_scale=1.0, text_x=0.0, title=[], title_size=20.0, role=[],
                            role_size=12.0, brand=[], marking=[], columns=[], column_width=50.0,
                            legend_x=300.0, legend_y=40.0, legend_width=120.0, legend_height=60.0, footer_size=8.0)
    return SimpleNamespace(title=block, style=SimpleNamespace(line_spacing=1.25), grid_origin=(30.0, 200.0),
                           grid_size=(500.0, 300.0), size=(800.0, 600.0))


@pytest.mark.parametrize("logo, kept", [
    ((10.0, 20.0, 0.5, 0.5), True),     # a logo under a point each way still counts
    ((10.0, 20.0, 0.0, 30.0), False),   # no width: no logo
    ((10.0, 20.0, 30.0, 0.0), False),   # no height: no logo
    ((10.0, 20.0, 40.0, 30.0), True),
])
def test_a_poster_page_keeps_its_logo_legend_and_footer_where_they_print(logo, kept):
    from app.export.pdf import MARGIN
    boxes, blocks = poster_boxes(page(logo), measure, "footer line")
    legend = blocks["legend"]
    assert (legend.x, legend.y, legend.w, legend.h) == (MARGIN + 300.0, MARGIN + 40.0, 120.0, 60.0)
    if kept:
        title = blocks["title"]
        assert (title.x, title.y, title.w, title.h) == (MARGIN + 10.0, MARGIN + 20.0, logo[2], logo[3])
    else:
        assert "title" not in blocks
    foot = boxes[-1]
    assert foot.w == measure("footer line", 8.0, False)
    assert (foot.x, foot.y, foot.h) == (MARGIN, 600.0 - MARGIN - 10.0, 10.0)
