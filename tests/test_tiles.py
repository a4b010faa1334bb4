"""Tiles that assemble into a poster (issue 19, item 8): no blank sheet, an assembly sheet first naming every sheet,
each sheet's name matching where it prints, the title block and the legend whole on one sheet where they fit,
marks only in the margin, and refusals of what cannot make sense."""

from __future__ import annotations

import itertools
import math
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from app.cli import main
from app.export import ExportError
from app.export.fonts import ReportlabMetrics
from app.export.pdf import (
    MARGIN,
    PdfOptions,
    PosterPlanner,
    _Poster,
    export_pdf,
    paper_label,
    paper_size,
    plan_poster,
)
from app.export.tiles import (
    LABEL_ROOM,
    TILE_OVERLAP,
    Box,
    crop_marks,
    glue_marks,
    kind_words,
    own_words,
    poster_boxes,
    row_letters,
    segment_crosses,
    sheet_label,
    tile_grid,
    union,
    usable,
)
from app.model import JourneyMap, load_map
from tests.conftest import SAMPLE_FILES, SAMPLES, shared_unless_mutation
from tests.test_branding_print import branded
from tests.test_poster import dense_map


def sheet_words(tile, label: str, detail: str, note: str, glue: str, right: float, below: float, measure):
    """Every word of a sheet's margin: its own (its page draws them) and its kind's (its marks' form draws them)."""
    return own_words(tile, label, detail, right, measure), kind_words(tile, note, glue, right, below, measure)

B2B = SAMPLES / "b2b-it-services.json"
A0_ON_A4 = PdfOptions(paper="A0", tile="A4")
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")


@pytest.fixture(scope=shared_unless_mutation)
def b2b(tmp_path_factory: pytest.TempPathFactory):
    """The B2B sample on A0, tiled on A4 sheets and whole, in English; its plan."""
    folder = tmp_path_factory.mktemp("tiles")
    journey_map = load_map(B2B)
    tiled, whole = folder / "tiled.pdf", folder / "whole.pdf"
    result = export_pdf(journey_map, tiled, PdfOptions(paper="A0", tile="A4", language="en"))
    export_pdf(journey_map, whole, PdfOptions(paper="A0", language="en"))
    return journey_map, plan_poster(journey_map, PdfOptions(paper="A0", tile="A4", language="en")), tiled, whole, result


def grey_pages(pdf: Path, resolution: int, first: int = 1, last: int | None = None) -> list:
    """The pages rendered in grey by pdftoppm, as PIL images."""
    from PIL import Image

    folder = pdf.parent / f"{pdf.stem}-{resolution}-{first}"
    folder.mkdir(exist_ok=True)
    command = ["pdftoppm", "-r", str(resolution), "-gray", "-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    subprocess.run([*command, str(pdf), str(folder / "p")], check=True, capture_output=True)
    return [Image.open(path) for path in sorted(folder.glob("p-*.pgm"))]


def sheet_pages(plan) -> list[tuple[int, int, object]]:
    """(page number from 0, poster page from 0, sheet) of every printed sheet, in print order; the poster has no
    insight pages here (PdfOptions asks for none)."""
    pages, number = [], 0
    for index, tiling in enumerate(plan.tilings):
        number += tiling.assembly  # the assembly sheet, when more than one sheet prints
        for sheet in tiling.printed:
            pages.append((number, index, sheet))
            number += 1
    return pages


# --- no blank sheet ---------------------------------------------------------------------------------------


@needs_pdftoppm
def test_no_printed_sheet_is_blank_and_every_sheet_left_out_is_white_on_the_poster(b2b):
    """Rendered, not computed: every printed sheet shows something inside its printable area, and the part of the
    poster each sheet left out would have printed is white on the poster printed whole."""
    _map, plan, tiled, whole, result = b2b
    assert sum(tiling.skipped for tiling in plan.tilings) >= 1  # the sample has sheets with nothing on them
    resolution = 12
    pages = grey_pages(tiled, resolution)
    assert len(pages) == result.pages == plan.sheets()
    inset = round(MARGIN * resolution / 72) + 1
    for number, _index, sheet in sheet_pages(plan):
        image = pages[number]
        inner = image.crop((inset, inset, image.width - inset, image.height - inset))
        assert inner.getextrema()[0] < 235, f"sheet {sheet.label} of page {number + 1} is blank"
    posters = grey_pages(whole, resolution)
    scale = resolution / 72
    for index, tiling in enumerate(plan.tilings):
        for sheet in tiling.sheets:
            if sheet.printed:
                continue
            box, image = tiling.region(sheet), posters[index]
            area = image.crop((max(0, round(box.x * scale) + 1), max(0, round(box.y * scale) + 1),
                               min(image.width, round(box.right * scale) - 1),
                               min(image.height, round(box.bottom * scale) - 1)))
            assert area.getextrema()[0] >= 250, f"sheet {sheet.label} was left out but holds part of the poster"


def test_the_sheets_cover_everything_the_poster_draws(b2b):
    """Every drawn box of every page (grid, title lines, legend, footer) lies inside the printed sheets' regions."""
    _map, plan, _tiled, _whole, _result = b2b
    for page, tiling in zip(plan.pages, plan.tilings, strict=True):
        grid = Box(*page.grid_origin, *page.grid_size)
        legend = Box(MARGIN + page.title.legend_x, MARGIN + page.title.legend_y, page.title.legend_width,
                     page.title.legend_height)
        for box in (grid, legend):
            covered = [tiling.region(s) for s in tiling.printed if min(tiling.region(s).overlap(box)) > 0]
            assert min(r.x for r in covered) <= box.x and max(r.right for r in covered) >= box.right
            assert min(r.y for r in covered) <= box.y and max(r.bottom for r in covered) >= box.bottom


# --- the assembly sheet and the sheets' names -------------------------------------------------------------


def test_the_assembly_sheet_comes_first_and_names_every_sheet(b2b):
    journey_map, plan, tiled, _whole, _result = b2b
    reader = PdfReader(tiled)
    number = 0
    for index, tiling in enumerate(plan.tilings):
        text = reader.pages[number].extract_text()
        persona = journey_map.persona(plan.pages[index].persona_id).name
        assert f"Assembly: {persona} · poster page {index + 1} of 3" in text
        names = re.findall(r"\(([A-Z]+\d+)\) Tj", reader.pages[number].get_contents().get_data().decode("latin-1"))
        assert names == [sheet_label(r, c) for r in range(tiling.rows) for c in range(tiling.columns)]
        assert (f"{len(tiling.printed)} sheets in rows A (top) to {row_letters(tiling.rows - 1)} (bottom) and "
                f"columns 1 (left) to {tiling.columns} (right)") in " ".join(text.split())
        if tiling.skipped:
            assert f"{tiling.skipped} sheet" in text and "not printed" in text
        number += 1 + len(tiling.printed)
    assert number == len(reader.pages)


def test_the_assembly_sheets_miniature_places_each_name_on_its_sheet(b2b):
    """Each name is drawn inside its sheet's cell of the miniature, the cells row by row from the top left."""
    _map, plan, tiled, _whole, _result = b2b
    reader = PdfReader(tiled)
    number = 0
    for tiling in plan.tilings:
        stream = reader.pages[number].get_contents().get_data().decode("latin-1")
        number += tiling.assembly + len(tiling.printed)
        cells = [tuple(float(v) for v in found)
                 for found in re.findall(r"n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re S", stream)]
        placed = re.findall(r"1 0 0 1 ([\d.]+) ([\d.]+) Tm /F\S+ ([\d.]+) Tf [\d.]+ TL \(([A-Z]+\d+)\) Tj", stream)
        assert len(cells) == len(placed) == tiling.rows * tiling.columns
        for sheet, (x, y, w, h), (tx, ty, size, name) in zip(tiling.sheets, cells, placed, strict=True):
            assert name == sheet.label
            width = ReportlabMetrics().width(name, float(size), True)
            centre = (float(tx) + width / 2, float(ty) + float(size) * 0.35)
            assert x < centre[0] < x + w and y < centre[1] < y + h, (name, (x, y, w, h), centre)
        lefts = sorted({round(x, 1) for x, _y, _w, _h in cells})
        assert lefts == sorted(round(cells[c][0], 1) for c in range(tiling.columns))  # first row: left to right
        assert cells[0][1] > cells[-1][1]  # y up: the first row at the top


@pytest.mark.parametrize(("source", "paper", "tile"), [
    ("b2b-it-services", "A0", "90x90mm"), ("fitness-watch", "A2", "90x90mm"), ("fitness-watch", "A0", "148x105mm"),
    ("b2b-it-services", "A0", "A4"), ("fitness-watch", "A1", "A3"), ("onlineshop-retoure", "A0", "A3"),
])
def test_the_sheets_names_leave_the_miniature_seen_in_every_cell(source: str, paper: str, tile: str,
                                                                  tmp_path: Path):
    """A name's white box takes at most LABEL_ROOM of its cell each way; where it would take more (many small
    sheets), the name prints alone, without a box, inside its cell."""
    out = tmp_path / "t.pdf"
    export_pdf(load_map(SAMPLES / f"{source}.json"), out, PdfOptions(paper=paper, tile=tile))
    plan = plan_poster(load_map(SAMPLES / f"{source}.json"), PdfOptions(paper=paper, tile=tile))
    tiling = plan.tilings[0]
    stream = PdfReader(out).pages[0].get_contents().get_data().decode("latin-1")
    start = stream.index(" re S")
    cells = [tuple(float(v) for v in found)
             for found in re.findall(r"n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re S", stream)]
    boxes = [tuple(float(v) for v in found)
             for found in re.findall(r"n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re B", stream[start:])]
    placed = re.findall(r"1 0 0 1 ([\d.]+) ([\d.]+) Tm /F\S+ ([\d.]+) Tf [\d.]+ TL \(([A-Z]+\d+)\) Tj", stream)
    assert len(cells) == len(placed) == tiling.rows * tiling.columns and len(boxes) in (0, len(cells))
    measure = ReportlabMetrics().width
    for (x, y, w, h), (tx, ty, size, name) in zip(cells, placed, strict=True):
        left, base, size = float(tx), float(ty), float(size)
        assert x < left and left + measure(name, size, True) < x + w and y < base - 0.25 * size
        assert base + 0.8 * size < y + h, (name, (x, y, w, h), (left, base, size))
    for (x, y, w, h), (bx, by, bw, bh) in zip(cells, boxes, strict=False):
        assert bw <= LABEL_ROOM * w + 0.01 and bh <= LABEL_ROOM * h + 0.01, ((x, y, w, h), (bx, by, bw, bh))
        assert x < bx and bx + bw < x + w and y < by and by + bh < y + h
    if tile == "90x90mm" and paper == "A0":  # the reviewer's case: 273 sheets, each name alone in its cell
        assert not boxes


def sheets_from_the_corner(journey_map, plan, tile: tuple[float, float]) -> int:
    """The sheets that would print, laid a step apart from the top-left of what each page draws."""
    planner = PosterPlanner(journey_map, "en")
    usable_w, usable_h = usable(tile)
    step_w, step_h = usable_w - TILE_OVERLAP, usable_h - TILE_OVERLAP
    count = 0
    for page in plan.pages:
        boxes, _blocks = poster_boxes(page, planner.wrapper.measure, "x")
        left, top = min(b.x for b in boxes), min(b.y for b in boxes)
        right, bottom = max(b.right for b in boxes), max(b.bottom for b in boxes)
        rows, columns = tile_grid((right - left, bottom - top), tile)
        count += sum(1 for r in range(rows) for c in range(columns)
                     if any(min(Box(left + c * step_w, top + r * step_h, usable_w, usable_h).overlap(b)) > 0.5
                            for b in boxes))
    return count


def even_grids(boxes: list[Box], fitting: list[Box], low, high, length: float) -> list[tuple[list[set], list[bool]]]:
    """Along one axis, sheets a step apart, their first edge tried every 10 pt within one step before the boxes:
    per try, the boxes each sheet holds and whether each fitting block lies whole on one."""
    start, end, step, tried = min(map(low, boxes)), max(map(high, boxes)), length - TILE_OVERLAP, []
    for shift in range(0, int(step) + 1, 10):
        first = start - shift
        edges = [first + j * step for j in range(max(1, math.ceil((end - first - TILE_OVERLAP) / step)))]
        holds = [{i for i, b in enumerate(boxes) if min(e + length, high(b)) - max(e, low(b)) > 0.5} for e in edges]
        whole = [any(e <= low(b) + 1e-6 and high(b) <= e + length + 1e-6 for e in edges) for b in fitting]
        tried.append((holds, whole))
    return tried


def best_even_grid(tiling) -> tuple[int, int]:
    """The fewest (blocks cut, sheets printed) of sheets a step apart over what the page draws: an exhaustive search
    the chosen sheets must match or beat."""
    usable_w, usable_h = usable(tiling.tile)
    boxes = tiling.content
    fitting = [box for box, _label in tiling.blocks.values() if box.w <= usable_w and box.h <= usable_h]
    across = even_grids(boxes, fitting, lambda b: b.x, lambda b: b.right, usable_w)
    down = even_grids(boxes, fitting, lambda b: b.y, lambda b: b.bottom, usable_h)
    return min((sum(not (a and b) for a, b in zip(cw, rw, strict=True)),
                sum(1 for r in rows for c in columns if r & c))
               for columns, cw in across for rows, rw in down)


@pytest.mark.parametrize(("name", "paper", "tile", "landscape"), [
    ("b2b-it-services", "A0", "A4", True), ("b2b-it-services", "A1", "A4", True),
    ("fitness-watch", "A0", "148x105mm", False), ("fitness-watch", "A1", "A3", False),
    ("onlineshop-retoure", "A1", "A4", True),
])
def test_the_sheets_chosen_cut_and_print_no_more_than_the_best_even_grid(name, paper, tile, landscape):
    """Shifting the sheets (centring them, fitting a block, starting a sheet at a block) keeps the blocks that fit
    whole and prints no more sheets than the best grid of sheets a step apart, found by trying every shift."""
    journey_map = load_map(SAMPLES / f"{name}.json")
    plan = plan_poster(journey_map, PdfOptions(paper=paper, tile=tile, landscape=landscape, language="en"))
    for tiling in plan.tilings:
        cut, printed = best_even_grid(tiling)
        usable_w, usable_h = usable(tiling.tile)
        fitting_cut = [name for name in tiling.oversized()
                       if tiling.blocks[name][0].w <= usable_w and tiling.blocks[name][0].h <= usable_h]
        assert len(fitting_cut) <= cut and len(tiling.printed) <= printed, (fitting_cut, printed)


def test_each_sheet_names_its_place_in_the_grid_and_prints_that_part_of_the_poster(b2b):
    """The name in the margin (letter = row, number = column) and the part of the poster the sheet places agree:
    the poster moves by one step of the sheet's printable area less the overlap per row and column."""
    _map, plan, tiled, _whole, _result = b2b
    reader = PdfReader(tiled)
    usable_w, usable_h = usable(paper_size("A4"))
    tile_h = paper_size("A4")[1]
    for number, index, _sheet in sheet_pages(plan):
        tiling = plan.tilings[index]
        stream = reader.pages[number].get_contents().get_data().decode("latin-1")
        letters, column = re.search(r"\(Sheet ([A-Z]+)(\d+)\) Tj", stream).groups()
        place = re.search(r"\(row ([A-Z]+), column (\d+) of (\d+) \S+ (\d+) \S+ poster page (\d+) of 3\) Tj", stream)
        assert place.group(1) == letters and place.group(2) == column and int(place.group(5)) == index + 1
        assert (int(place.group(3)), int(place.group(4))) == (tiling.rows, tiling.columns)
        row = [row_letters(r) for r in range(tiling.rows)].index(letters)
        tx, ty = (float(v) for v in re.search(r"1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm\s+/FormXob\.poster", stream).groups())
        x, y = MARGIN - tx, ty - tile_h + MARGIN + plan.pages[index].size[1]
        assert x == pytest.approx(tiling.xs[int(column) - 1], abs=0.01)
        assert y == pytest.approx(tiling.ys[row], abs=0.01)
    for tiling in plan.tilings:  # left to right and top to bottom, each sheet overlapping the next by the strip
        for edges, length in ((tiling.xs, usable_w), (tiling.ys, usable_h)):
            assert all(0 < b - a <= length - TILE_OVERLAP + 1e-6 for a, b in itertools.pairwise(edges))


# --- blocks kept whole ------------------------------------------------------------------------------------


def block_boxes(page) -> dict[str, Box]:
    """The legend's and the title block's boxes as the page draws them (title: its widest line, every line)."""
    block = page.title
    measure = ReportlabMetrics().width
    spacing = page.style.line_spacing
    k = block.legend_scale
    title_w = max([measure(line, block.title_size, True) for line in block.title]
                  + [measure(line, block.role_size, True) for line in block.role]
                  + [i * (block.column_width + 16 * k) + measure(line, block.fact_size)
                     for i, column in enumerate(block.columns) for line in column])
    lines = (len(block.title) * block.title_size + len(block.role) * block.role_size) * spacing + 6 * k
    title_h = lines + max(len(column) for column in block.columns) * block.fact_size * spacing
    return {"title": Box(MARGIN, MARGIN, title_w, title_h),
            "legend": Box(MARGIN + block.legend_x, MARGIN + block.legend_y, block.legend_width, block.legend_height)}


@pytest.mark.parametrize(("path", "paper", "tile", "portrait"), [
    (B2B, "A0", "A4", False), (B2B, "A1", "A3", False), (B2B, "A0", "A3", True),
    *[(path, "A1", "A4", False) for path in SAMPLE_FILES],
])
def test_the_title_block_and_the_legend_lie_whole_on_one_sheet_where_they_fit(path: Path, paper, tile, portrait):
    journey_map = load_map(path)
    plan = plan_poster(journey_map, PdfOptions(paper=paper, tile=tile, landscape=not portrait, language="en"))
    usable_w, usable_h = usable(paper_size(tile, not portrait))
    for page, tiling in zip(plan.pages, plan.tilings, strict=True):
        for name, box in block_boxes(page).items():
            holding = [s.label for s in tiling.printed if tiling.region(s).holds(box)]
            if box.w <= usable_w - 1 and box.h <= usable_h - 1:
                assert holding, f"{path.name} {paper}/{tile}: the {name} is cut by a sheet's edge"
                assert tiling.blocks[name][1] in holding
            elif not holding:  # larger than a sheet: said, in the summary and on the assembly sheet
                assert name in tiling.oversized()
                said = "title block" if name == "title" else "legend"
                assert f"the {said} is larger than a sheet" in plan.summary()


def multilingual_branded() -> JourneyMap:
    """The fitness sample with personas named in Arabic and Chinese, a mixed-script title, every deliverable
    setting and a PNG logo (the reviewer's map: its title block was tiled narrower and shorter than it prints)."""
    journey_map = branded(load_map(SAMPLES / "fitness-watch.json"))
    journey_map.personas[0].name, journey_map.personas[1].name = "محمد الأحمد", "张伟"
    journey_map.title = "Fitness — 健身 — לקוח"
    deliverable = journey_map.deliverable
    deliverable.client, deliverable.author, deliverable.version = "עמית בע\"מ", "Studio 東京", "v2.3, draft"
    deliverable.confidentiality = "Vertraulich — nur für den Kunden"
    return journey_map


@pytest.fixture
def title_drawn(monkeypatch: pytest.MonkeyPatch) -> list[list[Box]]:
    """Per poster page drawn, the boxes of the title block as the poster draws them, in poster points (y down):
    each line of text as wide as it measures and as tall as its line, and the logo's box."""
    from app.export.branding import LogoArt

    record: list[list[Box]] = []
    metrics = ReportlabMetrics()
    real_title, real_legend, real_text, real_logo = (_Poster.draw_title, _Poster.draw_legend, _Poster.text,
                                                     LogoArt.draw)
    within = [False]

    def poster_box(c, x0: float, top: float, x1: float, bottom: float, page_h: float) -> Box:
        a, b, cc, d, e, f = c._currentMatrix
        xs = [a * x + cc * y + e for x, y in ((x0, top), (x1, bottom))]
        ys = [page_h - (b * x + d * y + f) for x, y in ((x0, top), (x1, bottom))]
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def draw_title(self, c, page):
        record.append([])
        within[0] = page.size[1]
        try:
            return real_title(self, c, page)
        finally:
            within[0] = False

    def draw_legend(self, c, block, width):
        height, within[0] = within[0], False
        try:
            return real_legend(self, c, block, width)
        finally:
            within[0] = height

    def text(self, c, x, top, lines, size, color, bold=False, into=None):
        if within[0]:
            height = size * self.style.line_spacing
            record[-1].extend(poster_box(c, x, top + i * height, x + metrics.width(line, size, bold),
                                         top + (i + 1) * height, within[0])
                              for i, line in enumerate(lines) if line.strip())
        return real_text(self, c, x, top, lines, size, color, bold, into)

    def logo(self, c, x, y, width, height):
        if within[0]:
            record[-1].append(poster_box(c, x, y, x + width, y + height, within[0]))
        return real_logo(self, c, x, y, width, height)

    monkeypatch.setattr(_Poster, "draw_title", draw_title)
    monkeypatch.setattr(_Poster, "draw_legend", draw_legend)
    monkeypatch.setattr(_Poster, "text", text)
    monkeypatch.setattr(LogoArt, "draw", logo)
    return record


@pytest.mark.parametrize(("source", "paper", "tile", "landscape"), [
    ("multi", "A1", "A4", True), ("multi", "A1", "A3", True), ("multi", "A3", "A4", True),
    ("multi", "A2", "A4", False),
    *[(path.stem, paper, "A4", True) for path in SAMPLE_FILES for paper in ("A3", "A2")],
    ("fitness-watch", "A0", "A3", False),
])
def test_tiling_keeps_whole_the_title_block_as_the_poster_draws_it_with_its_branding(
        source: str, paper: str, tile: str, landscape: bool, title_drawn: list[list[Box]], tmp_path: Path):
    """The logo's column, the logo, the client's line and the marking belong to the title block: the box tiling
    keeps whole is the one the poster draws, and it lies whole on the sheet tiling names when it fits on one."""
    journey_map = multilingual_branded() if source == "multi" else branded(load_map(SAMPLES / f"{source}.json"))
    options = PdfOptions(paper=paper, tile=tile, landscape=landscape, language="en")
    export_pdf(journey_map, tmp_path / "t.pdf", options)
    plan = plan_poster(journey_map, options)
    assert len(title_drawn) == len(plan.pages) == len(plan.tilings)
    usable_w, usable_h = usable(paper_size(tile, landscape))
    for drawn, page, tiling in zip(title_drawn, plan.pages, plan.tilings, strict=True):
        assert page.title.logo is not None and page.title.brand and page.title.marking  # branded, with a logo
        printed = union(drawn)
        kept, label = tiling.blocks["title"]
        assert (kept.x, kept.y, kept.w, kept.h) == pytest.approx((printed.x, printed.y, printed.w, printed.h),
                                                                 abs=0.01), (source, paper, tile)
        if printed.w <= usable_w - 1 and printed.h <= usable_h - 1:
            assert label and tiling.region(next(s for s in tiling.printed if s.label == label)).holds(printed)


def test_a_title_block_larger_than_a_sheet_is_said_on_the_assembly_sheet(b2b):
    _map, plan, tiled, _whole, _result = b2b
    assert "title" in plan.tilings[0].oversized()
    text = " ".join(PdfReader(tiled).pages[0].extract_text().split())
    spanned = ", ".join(s.label for s in plan.tilings[0].spanned(plan.tilings[0].blocks["title"][0]))
    assert f"The title block is larger than one sheet's printable area; it spans sheets {spanned}." in text
    assert "the title block is larger than a sheet and spans several" in plan.summary()


# --- marks only in the margin -----------------------------------------------------------------------------


def test_marks_lie_in_the_margin_clear_of_the_poster_and_of_every_word(b2b):
    """Every mark the sheets' forms draw lies outside the printable area (where the poster prints) and crosses no
    word the sheet prints in its margin, whichever neighbours it has."""
    _map, plan, tiled, _whole, _result = b2b
    tile = paper_size("A4")
    usable_w, usable_h = usable(tile)
    poster = (MARGIN, MARGIN, MARGIN + usable_w, MARGIN + usable_h)
    measure = ReportlabMetrics().width
    reader = PdfReader(tiled)
    seen = set()
    for number, index, sheet in sheet_pages(plan):
        right, below = plan.tilings[index].glue(sheet)
        page = reader.pages[number]
        [form] = [ref.get_object() for name, ref in page["/Resources"]["/XObject"].items() if "poster" not in name]
        stream = form.get_data().decode("latin-1")
        drawn = [((float(a), float(b)), (float(c), float(d)))
                 for a, b, c, d in re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", stream)]
        planned = crop_marks(tile) + glue_marks(tile, right, below)
        flat = sorted(v for segment in drawn for end in segment for v in end)
        assert flat == pytest.approx(sorted(v for segment in planned for end in segment for v in end), abs=1e-3)
        assert len(drawn) == 8 + 2 * bool(right) + 2 * bool(below)
        own = re.findall(r"\((Sheet [A-Z]+\d+|row [^)]*)\) Tj", page.get_contents().get_data().decode("latin-1"))
        label, detail = own[0], own[1] if len(own) > 1 else ""
        note = "overlap " + "/".join(str(w) for w in sorted({round(v / mm) for v in (right, below) if v} or {10}))
        words = [w for group in sheet_words(tile, label, detail, note + " mm", "glue", right, below, measure)
                 for w in group]
        assert f"({note} mm) Tj" in stream
        assert [w.text for w in words][:len(own)] == own
        for segment in drawn:
            assert not segment_crosses(segment, poster), segment
            for word in words:
                assert not segment_crosses(segment, word.box(measure(word.text, word.size, word.bold))), (
                    sheet.label, segment, word)
        seen.add((bool(right), bool(below)))
    assert len(seen) >= 3  # sheets with a neighbour to the right, below, both, neither


# --- refusals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("options", "message"), [
    ({"paper": "A1", "tile": "A0"}, "A0 tiles are as large as the A1 poster or larger"),
    ({"paper": "A3", "tile": "A3"}, "A3 tiles are as large as the A3 poster or larger"),
    ({"paper": "A3", "tile": "2000x2000mm"}, "no printer takes tiles of 2000×2000 mm"),
    # a custom tile is named once, as the sheet prints (landscape unless --portrait)
    ({"paper": "A0", "tile": "80x120mm"}, "no printer takes tiles of 120×80 mm: a tile is at least 90 mm"),
    ({"paper": "A0", "tile": "80x120mm", "landscape": False}, "no printer takes tiles of 80×120 mm: a tile"),
    ({"paper": "A0", "tile": "1700x1800mm"}, "no printer takes tiles of 1800×1700 mm: a tile"),
])
def test_what_cannot_make_sense_is_refused_in_words(options: dict, message: str, tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "x.pdf"
    with pytest.raises(ExportError, match=re.escape(message)):
        export_pdf(journey_map, out, PdfOptions(**options))
    assert not out.exists()


def test_a_poster_over_5_m_on_a_side_is_refused_and_one_under_is_not(tmp_path: Path):
    journey_map = dense_map({"lena": 1}, phases=40, lanes=3)
    with pytest.raises(ExportError, match=r"the poster would be \d[\d\u202f]* × \d+ mm, more than 5 m on a side"):
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(tile="A3", scale="30pt"))
    plan = plan_poster(journey_map, PdfOptions(tile="A3", scale="9pt"))
    assert 2000 * mm < plan.pages[0].size[0] < 5000 * mm and plan.sheets() > 1


def test_a_poster_sized_to_its_grid_that_fits_on_one_tile_prints_on_that_sheet_alone(tmp_path: Path):
    """Automatic paper makes the poster as large as the card text asks: when that fits on one tile, the one sheet
    prints, with no assembly sheet (there is nothing to assemble)."""
    journey_map = dense_map({"lena": 1}, phases=2, lanes=2)
    out = tmp_path / "one.pdf"
    result = export_pdf(journey_map, out, PdfOptions(tile="A3"))
    [page] = PdfReader(out).pages
    assert result.pages == 1 and "Assembly" not in page.extract_text() and "(Sheet A1) Tj" in (
        page.get_contents().get_data().decode("latin-1"))
    assert "tiled on 1 A3 landscape sheet, card text 9.0 pt" in result.summary and "assembly" not in result.summary


def test_the_tile_limits_are_those_said():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    for paper, tile in (("A0", "90x90mm"), ("4000x3000mm", "1600x5000mm"), ("A0", "148x105mm")):
        assert plan_poster(journey_map, PdfOptions(paper=paper, tile=tile)).sheets() > 2  # the smallest, widest, A6
    with pytest.raises(ExportError) as refused:
        plan_poster(journey_map, PdfOptions(paper="A0", tile="89x200mm"))
    assert "at least 90 mm on each side and at most 1\u202f600 mm on its shorter side" in str(refused.value)


def test_the_command_line_refuses_with_the_message_and_suggests_what_works(tmp_path: Path, capsys):
    out = tmp_path / "x.pdf"
    assert main(["export", str(B2B), "--pdf", str(out), "--paper", "A1", "--tile", "A0"]) != 0
    err = capsys.readouterr().err
    assert f"{out}: A0 tiles are as large as the A1 poster or larger: print the poster on A1 without tiling" in err
    assert main(["export", str(B2B), "--pdf", str(out), "--paper", "A3", "--tile", "2000x2000mm"]) != 0
    assert "no printer takes tiles of 2000×2000 mm" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(("source", "options"), [
    ("b2b", ["--paper", "A4", "--tile", "A4"]),  # unreadable on A4: never "print it on A4 without tiling"
    ("b2b", ["--paper", "A4", "--tile", "A4", "--portrait"]),
    ("b2b", ["--paper", "Letter", "--tile", "Letter", "--persona", "Tobias"]),
    ("b2b", ["--paper", "A1", "--tile", "A0"]),  # readable on A1: printed untiled, or tiled on A4
    ("b2b", ["--paper", "A3", "--tile", "A3"]),
    ("fitness", ["--paper", "297x210mm", "--tile", "300x220mm"]),
    ("crowded", ["--paper", "A2", "--tile", "A2"]),  # readable on no paper up to A0
    ("crowded", ["--paper", "A4", "--tile", "A4"]),
])
def test_a_tile_as_large_as_the_paper_suggests_only_commands_that_succeed(source: str, options: list[str],
                                                                          tmp_path: Path, capsys):
    """The paper untiled is suggested only when its card text is readable there; otherwise what works: a larger
    paper tiled on these tiles, tiling at 9 pt, a handout on the tile paper. Every suggested command is run."""
    from tests.test_poster import CROWDED, cli, suggested_commands, written

    paths = {"b2b": str(B2B), "fitness": str(SAMPLES / "fitness-watch.json")}
    path = paths.get(source) or written(dense_map(CROWDED), tmp_path, "crowded.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", path, "--pdf", str(out), "--no-summary", "--no-comparison", "--no-matrix",
                              "--no-kpis", *options], capsys)
    paper, tile = options[1], options[3]
    assert code == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1 and not out.exists()
    assert re.search(rf"{re.escape(paper_label(tile, '--portrait' not in options))} tiles are as large as the "
                     rf"{re.escape(paper_label(paper))} poster or larger", err), err
    commands = suggested_commands(err)
    assert commands, err
    untiled = [command for command in commands if "--tile" not in command and "--handout" not in command]
    readable = "print the poster on" in err
    assert bool(untiled) == readable and ("below 6 pt" in err) != readable
    for command in commands:
        code, stdout, err = cli(command, capsys)
        assert code == 0, f"{shlex.join(command)}: {err}"
        assert "written (" in stdout and out.exists()
        out.unlink()


# --- a custom paper turns with --portrait -----------------------------------------------------------------


@pytest.mark.parametrize("given", ["594x420mm", "420x594mm"])
def test_a_custom_paper_turns_with_portrait_like_a_named_one(given: str, tmp_path: Path, capsys):
    wide, tall = (594 * mm, 420 * mm), (420 * mm, 594 * mm)
    assert paper_size(given) == pytest.approx(wide) and paper_size(given, landscape=False) == pytest.approx(tall)
    assert paper_size("A2", landscape=False) == pytest.approx(tall, abs=1)
    out = tmp_path / "p.pdf"
    assert main(["export", str(SAMPLES / "fitness-watch.json"), "--pdf", str(out), "--paper", given, "--portrait",
                 "--persona", "athlete", "--no-summary", "--no-comparison", "--no-matrix", "--no-kpis"]) == 0, (
        capsys.readouterr().err)
    box = PdfReader(out).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(tall, abs=0.5)
    assert "written (420×594 mm, card text" in capsys.readouterr().out  # its sides as it prints
    tiles = plan_poster(load_map(B2B), PdfOptions(paper="A0", tile="297x210mm", landscape=False))
    assert tiles.tile_size() == pytest.approx((210 * mm, 297 * mm))


@pytest.mark.parametrize("landscape", [True, False])
@pytest.mark.parametrize("tile", ["A4", "Letter", "200x150mm", "150x200mm", "90x90mm"])
def test_the_summary_names_the_sheets_as_they_print(tile: str, landscape: bool):
    """A custom tile by its sides as the sheet prints (--portrait turns it), which say its orientation, so no word
    for it (a square has none); a named paper with its orientation."""
    plan = plan_poster(load_map(SAMPLES / "fitness-watch.json"), PdfOptions(paper="A1", tile=tile,
                                                                           landscape=landscape, language="en"))
    width, height = plan.tile_size()
    text = plan.tiling_text()
    assert text in plan.summary() and text.startswith(f"{plan.sheets()} ")
    if tile.endswith("mm"):
        assert text.endswith(f" {width / mm:.0f}×{height / mm:.0f} mm sheets"), text
    else:
        orientation = "landscape" if landscape else "portrait"
        assert text.endswith(f" {paper_label(tile)} {orientation} sheets") and (width > height) == landscape


# --- every sample, both languages -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_sample_map_tiles_into_named_sheets(path: Path, language: str, tmp_path: Path):
    journey_map = load_map(path)
    out = tmp_path / "t.pdf"
    options = PdfOptions(paper="A1", tile="A4", language=language)
    result = export_pdf(journey_map, out, options)
    plan = plan_poster(journey_map, options)
    reader = PdfReader(out)
    assert result.pages == len(reader.pages) == plan.sheets()
    assembly = "Assembly" if language == "en" else "Zusammenbau"
    sheet = "Sheet" if language == "en" else "Blatt"
    number = 0
    for tiling in plan.tilings:
        assert all(min(tiling.region(s).overlap(Box(0, 0, 1e6, 1e6))) > 0 for s in tiling.printed)
        first = reader.pages[number].get_contents().get_data().decode("latin-1")
        if language == "en" or assembly in first:  # German once the lead has filled in the catalogue
            assert f"({assembly}: " in first
        for offset, printed in enumerate(tiling.printed, start=1):
            own = reader.pages[number + offset].get_contents().get_data().decode("latin-1")
            assert re.search(rf"\((Sheet|{sheet}) {printed.label}\) Tj", own), (printed.label, own[-300:])
        number += 1 + len(tiling.printed)


# --- the export dialog says what the command line says ----------------------------------------------------


def test_the_export_dialog_says_the_sheets_and_the_refusals_as_the_command_line(qtbot, tmp_path: Path, capsys):
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog

    dialog = ExportDialog(MapDocument(load_map(B2B), B2B))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    dialog.paper.setCurrentText("A0")
    dialog.tile.setCurrentIndex(dialog.tile.findData("A4"))
    shown = dialog.preview_text.text()
    out = tmp_path / "t.pdf"
    assert main(["export", str(B2B), "--pdf", str(out), "--paper", "A0", "--tile", "A4"]) == 0
    written = capsys.readouterr().out
    plan = plan_poster(load_map(B2B), A0_ON_A4)
    count = f"tiled on {plan.sheets()} A4 landscape sheets"
    note = "an assembly sheet before each poster page's sheets, 2 blank sheets left out"
    assert plan.tiling_note().startswith(note) and len(PdfReader(out).pages) == plan.sheets() + 2  # + insight pages
    assert count in shown and f"Sheets: {plan.tiling_note()}." in shown
    assert "color" not in dialog.preview_text.styleSheet()
    assert count in written and plan.tiling_note() in written
    # A refusal: the same words, in red, in place of the sheets.
    dialog.paper.setCurrentText("A3")
    dialog.tile.setCurrentIndex(dialog.tile.findData("A3"))
    refused = dialog.preview_text.text()
    assert refused.startswith("A3 tiles are as large as the A3 poster or larger")
    assert "#B3261E" in dialog.preview_text.styleSheet() and dialog.preview.pixmap().isNull()
    assert main(["export", str(B2B), "--pdf", str(out), "--paper", "A3", "--tile", "A3"]) == 1
    assert f"{out}: {refused} Run instead: " in capsys.readouterr().err
    dialog.paper.setCurrentText("A0")
    dialog.tile.setCurrentIndex(dialog.tile.findData(None))  # no tiling: the refusal goes, and its colour
    assert "tiled" not in dialog.preview_text.text() and "#B3261E" not in dialog.preview_text.styleSheet()


@pytest.mark.parametrize(("paper", "tile"), [("A2", "90x90mm"), ("A0", "A4"), ("A1", "A3")])
def test_the_assembly_sheets_words_stay_above_its_miniature_on_any_tile(paper: str, tile: str, tmp_path: Path):
    """On a small tile the words print smaller rather than run into the miniature below them."""
    out = tmp_path / "t.pdf"
    export_pdf(load_map(SAMPLES / "fitness-watch.json"), out, PdfOptions(paper=paper, tile=tile, personas=["athlete"]))
    stream = PdfReader(out).pages[0].get_contents().get_data().decode("latin-1")
    cells = [tuple(float(v) for v in found)
             for found in re.findall(r"n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re S", stream)]
    lines = [(float(y), float(size)) for y, size, text in
             re.findall(r"1 0 0 1 [\d.]+ ([\d.]+) Tm /F\S+ ([\d.]+) Tf [\d.]+ TL \((.*?)\) Tj", stream)
             if not re.fullmatch(r"[A-Z]+\d+", text)]
    assert len(lines) >= 3 and cells
    top = max(y + h for _x, y, _w, h in cells)
    assert min(y - size * 0.25 for y, size in lines) > top  # descenders included
    assert min(size for _y, size in lines) >= 4.0
    # and the miniature keeps the most of the sheet: the width of the printable area, or half its height
    usable_w, usable_h = usable(paper_size(tile))
    wide = max(x + w for x, _y, w, _h in cells) - min(x for x, _y, _w, _h in cells)
    high = top - min(y for _x, y, _w, _h in cells)
    assert wide >= usable_w - 1 or high >= usable_h / 2, (wide, high, usable_w, usable_h)
