"""A tiled poster (issue 20, item 20): the poster is drawn once, as a form every sheet places clipped, so the
file grows with the poster and its sheets, not with the poster times its sheets (72,000 cards on 345 A4 sheets
were 145 MB when every sheet carried the whole drawing). Sizes and counts are asserted, never times."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.pdf import MARGIN, PdfOptions, export_pdf, paper_size, plan_poster
from app.export.tiles import TILE_OVERLAP, row_letters
from tests.conftest import shared_unless_mutation
from tests.test_poster import dense_map

#: what a sheet may add to the file besides the poster it shows: its page, its placement of the poster, its
#: crop marks and its label (about 600 bytes now; a sheet that drew the poster again added the whole poster)
SHEET_BUDGET = 1000


def forms_placed(page) -> dict[str, object]:
    xobjects = page["/Resources"].get("/XObject") or {}
    return {name: ref.idnum for name, ref in xobjects.items()}


@pytest.fixture(scope=shared_unless_mutation)
def two_posters(tmp_path_factory: pytest.TempPathFactory):
    """Two dense personas on A0, once on A0 sheets and once tiled on A4 sheets."""
    folder = tmp_path_factory.mktemp("tiling")
    journey_map = dense_map({"lena": 3, "max": 2}, phases=10, lanes=6)
    whole, tiled = folder / "whole.pdf", folder / "tiled.pdf"
    export_pdf(journey_map, whole, PdfOptions(paper="A0"))
    result = export_pdf(journey_map, tiled, PdfOptions(paper="A0", tile="A4"))
    return journey_map, whole, tiled, result


def assembly_pages(reader: PdfReader) -> list[int]:
    """The page numbers (from 0) of the assembly sheets: the first page of each poster page's sheets."""
    return [n for n, page in enumerate(reader.pages) if b"(Assembly: " in page.get_contents().get_data()]


def test_each_poster_page_is_drawn_once_and_every_sheet_places_it(two_posters):
    journey_map, whole, tiled, result = two_posters
    plan = plan_poster(journey_map, PdfOptions(paper="A0", tile="A4"))
    printed = [len(tiling.printed) for tiling in plan.tilings]
    reader = PdfReader(tiled)
    # an assembly sheet, then the sheets that hold something of the poster, per persona
    assert result.pages == len(reader.pages) == sum(printed) + 2 == plan.sheets()
    assert assembly_pages(reader) == [0, printed[0] + 1]
    assert all(count <= 25 for count in printed)
    poster_forms = {}
    assembly = set(assembly_pages(reader))
    for number, page in enumerate(reader.pages):
        placed = forms_placed(page)
        posters = {name: ref for name, ref in placed.items() if "poster" in name}
        assert len(posters) == 1, placed
        poster_forms |= posters
        # The sheet's own drawing is its placement, marks and label: the poster is not in it.
        own = page.get_contents().get_data()
        assert len(own) < (300 * 25 + 2000 if number in assembly else 600), (number, len(own))  # 25: its cells
        assert own.count(b" Do") == len(placed)
    assert len(set(poster_forms.values())) == len(poster_forms) == len(journey_map.personas)
    # Each persona's drawing is stored once: the poster streams of the file are the forms.
    forms = [reader.get_object(poster_forms[name]) for name in sorted(poster_forms)]
    whole_pages = PdfReader(whole).pages
    for form, page in zip(forms, whole_pages, strict=True):
        drawn = len(page.get_contents().get_data())
        assert len(form.get_data()) == pytest.approx(drawn, rel=0.02)


def test_the_tiled_file_is_the_poster_plus_a_little_a_sheet(two_posters):
    _map, whole, tiled, result = two_posters
    extra = tiled.stat().st_size - whole.stat().st_size
    assert extra <= result.pages * SHEET_BUDGET, f"{extra / result.pages:.0f} bytes a sheet"
    assert tiled.stat().st_size <= 1.5 * whole.stat().st_size


def test_more_sheets_add_only_sheets(tmp_path: Path):
    """The same poster on A4 sheets and on about four times as many A6 sheets: the file grows by the sheets
    only."""
    journey_map = dense_map({"lena": 3}, phases=8, lanes=5)
    sizes = {}
    sheets = {}
    for tile in ("A4", "148x105mm"):
        out = tmp_path / f"{tile}.pdf"
        sheets[tile] = export_pdf(journey_map, out, PdfOptions(paper="A1", tile=tile)).pages
        sizes[tile] = out.stat().st_size
    assert sheets["148x105mm"] > 3 * sheets["A4"]
    added = sizes["148x105mm"] - sizes["A4"]
    assert added <= (sheets["148x105mm"] - sheets["A4"]) * SHEET_BUDGET


def test_every_sheet_keeps_its_crop_marks_label_and_overlap_note(two_posters):
    """The marks are drawn once, in a form each sheet places; the label and the overlap note are the sheet's."""
    journey_map, _whole, tiled, _result = two_posters
    plan = plan_poster(journey_map, PdfOptions(paper="A0", tile="A4"))
    reader = PdfReader(tiled)
    tile = paper_size("A4")
    assembly = set(assembly_pages(reader))
    labels = []
    for number, page in enumerate(reader.pages):
        if number in assembly:
            continue
        own = page.get_contents().get_data().decode("latin-1")
        label = re.search(r"\(Sheet ([A-Z]+)(\d+)\) Tj", own)
        place = re.search(r"\(row ([A-Z]+), column (\d+) of (\d+) .{1,4} (\d+) .{1,4} poster page (\d+) of (\d+)\) Tj",
                          own)
        labels.append((label.group(1), int(label.group(2)), place.group(1), *(int(n) for n in place.groups()[1:])))
        assert [round(float(v), 2) for v in page.mediabox] == [0, 0, round(tile[0], 2), round(tile[1], 2)]
        # The poster is clipped to the printable area inside the margins.
        clip = re.search(r"n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re W\*? n", own)
        assert [float(v) for v in clip.groups()] == pytest.approx([MARGIN, MARGIN, tile[0] - 2 * MARGIN,
                                                                   tile[1] - 2 * MARGIN], abs=1e-3)
        marks = [reader.get_object(ref) for name, ref in forms_placed(page).items() if "poster" not in name]
        assert len(marks) == 1
        stream = marks[0].get_data().decode("latin-1")
        assert stream.count(" l S") in (8, 10, 12)  # the crop marks, and the glue marks of a neighbour or two
        assert f"(overlap {TILE_OVERLAP / 72 * 25.4:.0f} mm) Tj" in stream
    expected = [(row_letters(s.row), s.column + 1, row_letters(s.row), s.column + 1, t.rows, t.columns, p + 1, 2)
                for p, t in enumerate(plan.tilings) for s in t.printed]
    assert labels == expected


@pytest.fixture
def small_tiled(tmp_path: Path) -> Path:
    """A small A3 poster tiled on four A4 sheets, written by the test that uses it (so a mutation test run counts
    the drawing of the sheets as that test's, which a poster shared by a module is not)."""
    out = tmp_path / "tiled.pdf"
    result = export_pdf(dense_map({"lena": 1}, phases=4, lanes=3), out, PdfOptions(paper="A3", tile="A4"))
    assert result.pages == 5  # the assembly sheet and four sheets
    return out


def test_every_sheets_marks_lie_inside_the_box_of_their_form(small_tiled: Path):
    """A form shows only what lies in its box: the box of the marks' form is the sheet, so the marks at the
    sheet's edges and the note under them print on every sheet."""
    tile = paper_size("A4")
    for page in PdfReader(small_tiled).pages[1:]:
        [marks] = [ref.get_object() for name, ref in (page["/Resources"].get("/XObject") or {}).items()
                   if "poster" not in name]
        assert [float(v) for v in marks["/BBox"]] == pytest.approx([0, 0, *tile])
        stream = marks.get_data().decode("latin-1")
        points = [(float(x), float(y)) for x, y in re.findall(r"([\d.]+) ([\d.]+) [ml]\b", stream)]
        assert len(points) in (16, 20, 24)  # eight crop marks of two ends each, and two glue marks a neighbour
        points += [(float(x), float(y)) for x, y in re.findall(r"1 0 0 1 ([\d.]+) ([\d.]+) Tm", stream)]
        assert min(y for _x, y in points) < MARGIN / 2  # the overlap note, under the bottom marks
        assert all(0 <= x <= tile[0] and 0 <= y <= tile[1] for x, y in points), (marks["/BBox"], points)


def test_each_sheets_own_few_hundred_bytes_are_stored_uncompressed(small_tiled: Path):
    """Compressing so short a stream makes it longer: a sheet's page stream is stored as it is."""
    for page in PdfReader(small_tiled).pages[1:]:
        contents = page["/Contents"].get_object()
        assert "/Filter" not in contents and len(contents.get_data()) < 400
