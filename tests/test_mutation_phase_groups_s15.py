"""The tables of the insight pages with a column per phase, and the poster sizes the refusals name.

The persona comparison and each KPI metric print a table: a persona column, 16 % of the page's width for up to
six phases and 12 % from seven on, and the phases sharing the rest equally (``insight_pages.phase_shares``).
Its type is 7.5 pt, a point smaller when any column is under 70 points (``table_size``). A map with more phases
than keep each phase column as wide as its text is wrapped (four times the type size) and its padding is split
into as few, even tables as do (``phase_groups``); a column exactly that wide holds its text and needs no split.
Pages so narrow that not even two phases a table hold their text (a long strip of paper, whose design is scaled
to its area) print one phase a table. The custom papers below are chosen so that a column comes out exactly at a
limit (70 points, or 32 points: 4 × 6.5 + 2 × 3), which their test asserts before relying on it.

A refusal names sizes in whole millimetres, thousands set apart by a narrow no-break space (1 600 mm), in
English and German alike (``tiles.millimetres``).

The pages are drawn on the recording canvas of ``tests.test_mutation_kpi_page``, in design points.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A3, A4, landscape, portrait

from app import i18n
from app.export.fonts import ReportlabMetrics
from app.export.page_flow import CELL_PAD, MARGIN, page_scale
from app.export.pdf import ExportError, PdfOptions, paper_size, plan_poster
from app.model import JourneyMap, Lane, Persona, Phase
from tests.test_comparison_many_phases import expected_tables, many_phases, phase_name, squeezed
from tests.test_kpi_many_phases import kpi_map
from tests.test_mutation_kpi_page import Box, Page, inside, lay_out

PAPERS = {"A4": portrait(A4), "A4-landscape": landscape(A4), "A3": portrait(A3), "A3-landscape": landscape(A3)}
EPS = 1e-6
METRICS = ReportlabMetrics()


def flow_width(size: tuple[float, float]) -> float:
    """The width a table spans on a page of ``size``: the design's page width inside its margins."""
    return size[0] / page_scale(size) - 2 * MARGIN


def custom(name: str) -> tuple[float, float]:
    """A custom paper upright, as the export takes it (``--paper 50x5000mm --portrait``)."""
    return paper_size(name, landscape=False)


def all_tables(pages: list[Page]) -> list[tuple[Page, list[list[Box]]]]:
    """Every table drawn (a continued table's part on the next page counted on its own), with its page."""
    return [(page, table) for page in pages for table in page.tables()]


def joined_tables(pages: list[Page]) -> list[list[list[Box]]]:
    """The tables, a table continued on the next page (its header repeated) joined to its start."""
    joined: list[list[list[Box]]] = []
    for page in pages:
        for table in page.tables():
            if joined and [box.lines for box in joined[-1][0]] == [box.lines for box in table[0]]:
                joined[-1] += table[1:]
            else:
                joined.append(table)
    return joined


def cell_sizes(page: Page, table: list[list[Box]]) -> set[float]:
    return {text.size for row in table for box in row for text in page.texts if inside(text, box)}


def assert_phase_lines_inside(pages: list[Page]) -> int:
    """Each line in a phase column's cell (all but the first column) lies within the cell's padding; returns
    how many lines were seen."""
    seen = 0
    for page, table in all_tables(pages):
        for row in table:
            for box in row[1:]:
                for text in (text for text in page.texts if inside(text, box)):
                    right = text.x + METRICS.width(text.text, text.size, text.bold)
                    assert box.x + CELL_PAD - 1e-3 <= text.x and right <= box.x + box.width - CELL_PAD + 1e-3, (
                        text.text, right - (box.x + box.width - CELL_PAD))
                    seen += 1
    return seen


def comparison_pages(count: int, size: tuple[float, float], language: str = "en") -> list[Page]:
    return lay_out(many_phases(count), language=language, size=size, page="comparison")


def kpi_pages(count: int, size: tuple[float, float], language: str = "en") -> list[Page]:
    return lay_out(kpi_map(count, metrics=1), language=language, size=size)


PAGES = {"comparison": comparison_pages, "kpis": kpi_pages}


# --- the columns' widths ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("count", [1, 2, 5, 6, 7, 8, 12, 13, 20])
def test_the_persona_column_is_16_percent_up_to_six_phases_and_12_from_seven_the_phases_share_the_rest(
        count: int, paper: str, kind: str):
    """Every table spans the page's width: the persona column 16 % of it when the table has up to six phases,
    12 % with seven or more; its phase columns equally wide, sharing the rest (one phase: all of it)."""
    size = PAPERS[paper]
    width = flow_width(size)
    tables = all_tables(PAGES[kind](count, size))
    assert tables
    for _page, table in tables:
        header = table[0]
        phases = len(header) - 1
        share = 0.16 if phases <= 6 else 0.12
        assert header[0].width == pytest.approx(width * share), (phases, header[0].width / width)
        for box in header[1:]:
            assert box.width == pytest.approx(width * (1 - share) / phases), (phases, box.width / width)
        assert header[-1].x + header[-1].width - header[0].x == pytest.approx(width)
    assert sum(len(table[0]) - 1 for table in joined_tables(PAGES[kind](count, size))) == count


@pytest.mark.parametrize("paper", list(PAPERS))
def test_six_phases_leave_the_persona_column_16_percent_and_seven_12(paper: str):
    """The step between the two shares lies between six and seven phases in one table."""
    size = PAPERS[paper]
    width = flow_width(size)
    for count, share in ((6, 0.16), (7, 0.12)):
        tables = joined_tables(comparison_pages(count, size))
        assert [len(table[0]) - 1 for table in tables] == [count]
        assert tables[0][0][0].width == pytest.approx(width * share)


# --- the type size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("count", [1, 3, 5, 7, 9, 12, 20])
def test_a_table_prints_at_7_5_pt_unless_a_column_is_under_70_points_then_at_6_5(count: int, paper: str,
                                                                                 kind: str):
    """Every line of a table is of one size: 7.5 pt when all its columns are at least 70 points wide, 6.5 pt
    when one is narrower (the persona column or the phases')."""
    sizes_seen = set()
    for page, table in all_tables(PAGES[kind](count, PAPERS[paper])):
        narrowest = min(box.width for box in table[0])
        expected = 6.5 if narrowest < 70 else 7.5
        assert cell_sizes(page, table) == {expected}, (narrowest, cell_sizes(page, table))
        sizes_seen.add(expected)
    if count <= 5 or (count <= 7 and "landscape" in paper) or (count <= 9 and paper == "A3-landscape"):
        assert sizes_seen == {7.5}  # every column wide enough: the full size


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_a_column_exactly_70_points_wide_is_not_narrow(kind: str, language: str):
    """On this paper the persona column of a three-phase table comes out exactly 70 points wide (the phase
    columns wider): the table prints at the full 7.5 pt."""
    size = custom("177.0x728.45420010183mm")
    assert flow_width(size) * 0.16 == 70.0  # the paper is chosen for it
    pages = PAGES[kind](3, size, language)
    tables = all_tables(pages)
    assert tables
    for page, table in tables:
        assert table[0][0].width == pytest.approx(70.0) and min(box.width for box in table[0][1:]) > 70
        assert cell_sizes(page, table) == {7.5}


# --- how many tables, and where they split ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("paper", ["50x5000mm", "50x3725mm", "50x1000mm", "90x5000mm", "60x900mm"])
@pytest.mark.parametrize("count", [2, 3, 4, 7])
def test_on_a_very_narrow_page_the_phases_split_into_tables_of_two_or_of_one_that_hold_their_text(
        count: int, paper: str, kind: str, language: str):
    """A long strip of paper scales its design down to a narrow page (50 × 5000 mm: 44 points inside the
    margins). Where two phase columns a table are too narrow for their text each phase gets its own table;
    where two fit but three do not, two a table. Every phase prints once, in order, and every line of a phase
    cell stays inside the cell. (The persona column, 16 % of under 114 points, is too narrow for its text on
    these pages whatever the split: only the phase columns are checked.)"""
    size = custom(paper)
    width = flow_width(size)
    assert 38.1 < width < 114.3  # three phases never fit, one always does
    pages = PAGES[kind](count, size, language)
    tables = joined_tables(pages)
    per_table = 1 if width * 0.42 < 32 else 2
    assert expected_tables(count, size) == -(-count // per_table)
    assert [len(table[0]) - 1 for table in tables] == [per_table] * (count // per_table) + [1] * (count % per_table)
    names = [squeezed(box.lines) for table in tables for box in table[0][1:]]
    assert names == [squeezed([phase_name(i)]) if kind == "comparison" else f"Step{i + 1:02d}" for i in range(count)]
    assert assert_phase_lines_inside(pages) >= 2 * count


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize(("paper", "count", "split", "exact"), [
    ("160.86666666666665x300mm", 11, [11], True),  # 400 points: 11 phase columns of 0.88 × 400 / 11 = 32
    ("160.86666666666665x300mm", 12, [6, 6], False),  # one more phase: 29.3 points, too narrow
    ("60.07301587301587x300mm", 3, [3], True),  # 114.29 points: 3 columns of 0.84 × 114.29 / 3 = 32
    ("60.07301587301587x300mm", 5, [3, 2], True),
    ("60.07301587301587x300mm", 6, [3, 3], True),
    ("60.07301587301587x300mm", 4, [2, 2], False),  # four a table: 24 points, too narrow; two: 48
])
def test_phase_columns_exactly_as_wide_as_their_text_needs_are_not_split_further(
        paper: str, count: int, split: list[int], exact: bool, kind: str):
    """A phase column of exactly 32 points (text wrapped at 4 × 6.5 pt, 3 points of padding on each side)
    holds its text: as many phases stay in a table as give that width, and no line runs over."""
    size = custom(paper)
    pages = PAGES[kind](count, size)
    tables = joined_tables(pages)
    assert [len(table[0]) - 1 for table in tables] == split
    widest = max(split)
    columns = [box.width for table in tables if len(table[0]) - 1 == widest for box in table[0][1:]]
    assert columns and all((column == pytest.approx(32.0, abs=1e-9)) == exact for column in columns), columns
    if exact:  # the paper is chosen for it
        assert flow_width(size) * ((1 - (0.16 if widest <= 6 else 0.12)) / widest) == 32.0
    assert assert_phase_lines_inside(pages) >= count


def test_a_map_without_phases_still_gets_its_comparison_table_of_personas():
    """No phases: one table with the persona column alone (and the persona's rows)."""
    journey_map = JourneyMap(id="bare", title="Bare", lanes=[Lane(id="pain", name="Pain", kind="pain_points")],
                             personas=[Persona(id="a", name="Ann"), Persona(id="b", name="Ben")])
    tables = joined_tables(lay_out(journey_map, size=portrait(A4), page="comparison"))
    assert [[box.lines for box in row] for table in tables for row in table] == [[["Persona"]], [["Ann"]],
                                                                                 [["Ben"]]]


def test_one_phase_fills_the_page_beside_the_persona_column():
    journey_map = many_phases(1).model_copy(update={"phases": [Phase(id="ph0", name="Only")]})
    (table,) = joined_tables(lay_out(journey_map, size=portrait(A4), page="comparison"))
    width = flow_width(portrait(A4))
    assert [box.width for box in table[0]] == pytest.approx([0.16 * width, 0.84 * width])


# --- millimetres in refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "words"), [
    ("en", "at least 90 mm on each side and at most 1\u202f600 mm on its shorter side"),
    ("de", "mindestens 90 mm je Seite"),
])
@pytest.mark.parametrize("tile", ["1700x1800mm", "89x200mm", "2000x5000mm"])
def test_a_tile_refusal_names_the_widest_roll_as_1_600_mm_with_a_narrow_space(language: str, words: str,
                                                                            tile: str):
    """The limits are said in whole millimetres, the thousands set apart by a narrow no-break space and by
    nothing else (no comma, in English or German)."""
    i18n.set_language(language)
    journey_map = many_phases(2)
    with pytest.raises(ExportError) as refused:
        plan_poster(journey_map, PdfOptions(paper="A0", tile=tile))
    message = str(refused.value)
    assert words in message
    assert " 1\u202f600 mm" in message and "1,600" not in message and "1.600" not in message
    assert message.count("\u202f") == 1  # the only thousands the message names


# --- the persona column holds its text too ---------------------------------------------------------------


def fewest_tables(count: int, width: float) -> int:
    """The fewest tables whose persona column and phase columns are all at least 32 points wide (text of 6.5 pt
    wrapped at 26 points and its padding; these pages are too narrow for 7.5 pt)."""
    for tables in range(1, count + 1):
        most = -(-count // tables)
        share = 0.16 if most <= 6 else 0.12
        if width * share >= 32 and width * (1 - share) / most >= 32:
            return tables
    raise AssertionError("no split fits")


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("paper", ["110x300mm", "110x160mm", "105x300mm", "100x300mm", "112x200mm"])
@pytest.mark.parametrize("count", [7, 8, 9, 11, 14])
def test_a_persona_column_too_narrow_at_12_percent_splits_the_phases_until_it_holds_its_text(
        count: int, paper: str, kind: str, language: str):
    """On paper about 100 to 112 mm wide seven phase columns hold their text, but the persona column at 12 % of
    the width is under 32 points and "Persona" ran over its edge: the phases split into tables of at most six,
    whose persona column (16 %) is wide enough. Every line of every cell stays inside it."""
    from tests.test_comparison_many_phases import lines_inside_cells

    size = custom(paper)
    width = flow_width(size)
    assert width * 0.12 < 32 <= width * 0.16
    pages = PAGES[kind](count, size, language)
    assert lines_inside_cells(pages) >= 3 * count
    tables = joined_tables(pages)
    assert len(tables) == fewest_tables(count, width)
    sizes = [len(table[0]) - 1 for table in tables]
    assert max(sizes) <= 6 and max(sizes) - min(sizes) <= 1 and sum(sizes) == count


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize(("count", "split"), [(7, [7]), (14, [7, 7]), (13, [7, 6])])
def test_a_persona_column_exactly_32_points_wide_holds_its_text(count: int, split: list[int], kind: str):
    """On this paper the persona column of a table of seven phases (12 %) comes out exactly 32 points wide,
    and the phase columns wider: seven phases stay in one table, every line inside its cell."""
    from tests.test_comparison_many_phases import lines_inside_cells

    size = custom("113.82962962962962x300mm")
    assert flow_width(size) * 0.12 == 32.0  # the paper is chosen for it
    pages = PAGES[kind](count, size)
    tables = joined_tables(pages)
    assert [len(table[0]) - 1 for table in tables] == split
    assert tables[0][0][0].width == pytest.approx(32.0) and min(box.width for box in tables[0][0][1:]) > 32
    assert lines_inside_cells(pages) >= 3 * count


@pytest.mark.parametrize("count", [0, 1, 2, 5, 30])
def test_a_width_no_phase_column_holds_its_text_in_leaves_all_phases_in_one_group(count: int):
    """Narrower than any page prints (30 points: even one phase's column, 84 % of it, is under 32) there is no
    split that helps: the phases stay together, as given."""
    from app.export.insight_pages import phase_groups

    phases = [Phase(id=f"ph{i}", name=phase_name(i)) for i in range(count)]
    assert phase_groups(phases, 30.0) == [phases]
    assert phase_groups(phases, 37.9) == [phases]
