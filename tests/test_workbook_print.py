"""Issue 19, D: a workbook that reads and prints. Sheet names a reader can tell apart, rows as tall as their
wrapped text, print set-up on every sheet, a named font in every cell, one persona's workbook holding nothing of
another, KPI cards in a colour of their own, a legend of what is on the map, summaries a person would write, and
document properties that name the map."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.layout import legend, palette
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase, load_map
from tests.conftest import SAMPLES


def _map(personas: list[Persona], cards: list[Card] = (), phases: list[Phase] | None = None,
         lanes: list[Lane] | None = None, emotions: list[EmotionPoint] = ()) -> JourneyMap:
    return JourneyMap(
        id="m", title="Watch & journey", goal="Know the buyer",
        phases=phases or [Phase(id="aw", name="Awareness"), Phase(id="bu", name="Purchase")],
        lanes=lanes or [Lane(id="tp", name="Touchpoints", kind="touchpoints"),
                        Lane(id="em", name="Feeling", kind="emotions"),
                        Lane(id="pp", name="Pains", kind="pain_points"),
                        Lane(id="op", name="Ideas", kind="opportunities")],
        personas=personas, cards=list(cards), emotions=list(emotions))


def _texts(workbook) -> list[str]:
    return [str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


# --- 9: sheet names ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Cards", "Overview", "emotions", "Pain points"])
def test_a_persona_named_like_a_fixed_sheet_leaves_that_sheet_its_name(tmp_path: Path, name: str):
    out = tmp_path / "m.xlsx"
    result = export_excel(_map([Persona(id="p", name=name)], [Card(id="c", persona="p", phase="aw", lane="pp",
                                                                    text="slow")]), out)
    workbook = load_workbook(out)
    fixed = {"cards": "Cards", "overview": "Overview", "emotions": "Emotions", "pain points": "Pain points"}
    assert fixed[name.casefold()] in workbook.sheetnames
    persona_sheet = workbook.worksheets[1]
    assert persona_sheet["A1"].value == name  # the persona's own sheet, second as always
    assert persona_sheet.title.casefold() != name.casefold() and name.casefold() in persona_sheet.title.casefold()
    assert workbook["Cards"]["A1"].value == "Persona" and workbook["Pain points"]["A1"].value == "Severity"
    assert result.sheets == workbook.sheetnames


def test_personas_that_differ_after_31_characters_get_names_a_reader_tells_apart(tmp_path: Path):
    names = ["Technical evaluator at a large retailer, Hamburg", "Technical evaluator at a large retailer, Munich"]
    out = tmp_path / "m.xlsx"
    export_excel(_map([Persona(id=f"p{i}", name=n) for i, n in enumerate(names)]), out)
    titles = load_workbook(out).sheetnames[1:3]
    assert all(len(t) <= 31 for t in titles) and titles[0] != titles[1]
    assert "Hamb" in titles[0] and "Muni" in titles[1]  # the distinguishing part is kept
    assert titles[0].startswith("Technical eval") and titles[1].startswith("Technical eval")


def test_a_long_name_alone_keeps_its_start(tmp_path: Path):
    from app.export.excel import sheet_titles

    assert sheet_titles(["x" * 40], set()) == ["x" * 31]


# --- 10: row heights -------------------------------------------------------------------------------------------------

def _needed(text: str, width: float, size: float = 11) -> float:
    """A lower bound of the points a text needs: its wrapped lines at no more than 1.3 characters a width unit."""
    per_line = max(1, int(width * 1.3 * 11 / size))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return lines * size * 1.2


def test_a_long_pain_point_row_is_tall_enough(tmp_path: Path):
    text = "The checkout asks for the address twice and then fails " * 6
    out = tmp_path / "m.xlsx"
    export_excel(_map([Persona(id="p", name="Lena")], [Card(id="c", persona="p", phase="aw", lane="pp", text=text,
                                                            severity=3)]), out)
    sheet = load_workbook(out)["Pain points"]
    assert sheet["B2"].value == text
    assert (sheet.row_dimensions[2].height or 15) >= _needed(text, sheet.column_dimensions["B"].width)


def test_the_phase_header_grows_with_a_long_goal(tmp_path: Path):
    goal = "Make the buyer trust the brand enough to leave an e-mail address for a first offer"
    out = tmp_path / "m.xlsx"
    export_excel(_map([Persona(id="p", name="Lena")], phases=[Phase(id="aw", name="Awareness", goal=goal),
                                                              Phase(id="bu", name="Purchase")]), out)
    sheet = load_workbook(out).worksheets[1]
    assert sheet.row_dimensions[2].height >= _needed(f"Awareness\n{goal}", 38)


def test_opportunity_and_kpi_rows_are_tall_enough(tmp_path: Path):
    text = "Offer a size guide with a video of real runners in every size " * 4
    out = tmp_path / "m.xlsx"
    export_excel(_map([Persona(id="p", name="Lena")], [Card(id="c", persona="p", phase="aw", lane="op", text=text,
                                                            value=3, effort=1)]), out)
    sheet = load_workbook(out)["Opportunities"]
    assert (sheet.row_dimensions[2].height or 15) >= _needed(text, sheet.column_dimensions["B"].width)


def test_a_600_word_card_continues_in_the_next_row_marked_as_continued(tmp_path: Path):
    from app.export.excel import ROW_CAP, wrapped_lines

    words = [f"word{n}" for n in range(600)]
    text = " ".join(words)
    out = tmp_path / "m.xlsx"
    result = export_excel(_map([Persona(id="p", name="Lena")], [Card(id="c", persona="p", phase="aw", lane="tp",
                                                                     text=text)]), out)
    sheet = load_workbook(out).worksheets[1]
    assert sheet["A3"].value == "Touchpoints"
    pieces, row = [sheet["B3"].value], 4
    while sheet.cell(row, 1).value == "Touchpoints (continued)":
        pieces.append(sheet.cell(row, 2).value)
        row += 1
    assert len(pieces) >= 2, [sheet.cell(r, 1).value for r in range(1, 8)]
    assert sheet.cell(row, 1).value == "Feeling"  # the next lane follows the continuation
    assert " ".join(p.removeprefix("• ").removeprefix("… ").removesuffix(" …") for p in pieces).split() == words
    for r in range(3, row):
        assert sheet.row_dimensions[r].height <= ROW_CAP
        cell = sheet.cell(r, 2).value
        assert wrapped_lines(cell, 38) * 15 <= sheet.row_dimensions[r].height
    assert result.warnings == []


@pytest.mark.parametrize("separator", ["\n", " ", "  "], ids=["line-breaks", "spaces", "double-spaces"])
def test_a_text_continued_below_reads_whole_with_every_space_and_line_break(tmp_path: Path, separator: str):
    """The rows below hold the rest of the text as it is: each piece but the last ends in "…", each but the
    first starts with "… "; with these marks taken off, the pieces joined are the cell's text, not one space or
    line break dropped at a cut."""
    text = separator.join(f"line {n}" for n in range(400))
    out = tmp_path / "m.xlsx"
    export_excel(_map([Persona(id="p", name="Lena")], [Card(id="c", persona="p", phase="aw", lane="tp",
                                                             text=text)]), out)
    sheet = load_workbook(out).worksheets[1]
    pieces, row = [sheet["B3"].value], 4
    while sheet.cell(row, 1).value == "Touchpoints (continued)":
        pieces.append(sheet.cell(row, 2).value)
        row += 1
    assert len(pieces) >= 2
    last = len(pieces) - 1
    assert all(piece.endswith("…") for piece in pieces[:last]) and all(p.startswith("… ") for p in pieces[1:])
    joined = "".join(piece.removeprefix("… " if i else "").removesuffix("…" if i < last else "")
                     for i, piece in enumerate(pieces))
    assert joined == "• " + text


def test_wrapped_lines_wraps_between_words_and_cuts_a_word_longer_than_a_line():
    from app.export.excel import wrapped_lines

    assert wrapped_lines("", 10) == 1
    assert wrapped_lines("a\nb\nc", 10) == 3
    width = 20
    per = wrapped_lines("x" * 200, width)
    assert per > 1
    words = "abcdefgh " * 20
    assert wrapped_lines(words, width) >= wrapped_lines(words.replace(" ", "x"), width) - 1
    assert wrapped_lines("x " * 10, 40) == 1
    assert wrapped_lines("x" * 50, 40, size=22) > wrapped_lines("x" * 50, 40)  # bigger type, fewer a line


# --- 11: print set-up ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "de"])
def test_every_sheet_is_set_up_for_printing(tmp_path: Path, language: str):
    from app.i18n import catalogue

    page_words = catalogue(language).gettext("Page {page} of {pages}").format(page="&P", pages="&N")
    if language == "en":
        assert page_words == "Page &P of &N"
    out = tmp_path / "m.xlsx"
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    export_excel(journey_map, out, language=language)
    for sheet in load_workbook(out).worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == 9, sheet.title  # A4
        assert setup.orientation in ("landscape", "portrait")
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.freeze_panes, sheet.title
        assert journey_map.title.replace("&", "&&") in sheet.oddHeader.left.text, sheet.title
        assert sheet.oddFooter.center.text == page_words, sheet.title
    workbook = load_workbook(out)
    for sheet in workbook.worksheets[1:4]:  # the persona sheets: wide, their headers repeated
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows and sheet.print_title_cols == "$A:$A"


def test_letter_paper_when_asked_and_a_narrow_sheet_prints_portrait(tmp_path: Path):
    out = tmp_path / "m.xlsx"
    export_excel(_map([Persona(id="p", name="Lena")]), out, paper="Letter")
    workbook = load_workbook(out)
    assert {int(s.page_setup.paperSize) for s in workbook.worksheets} == {1}
    from app.export.excel import orientation

    assert orientation([10, 20, 30]) == "portrait" and orientation([38] * 6) == "landscape"


def test_an_ampersand_in_the_title_prints_as_one(tmp_path: Path):
    out = tmp_path / "m.xlsx"
    export_excel(_map([Persona(id="p", name="Lena")]), out)
    assert load_workbook(out).worksheets[0].oddHeader.left.text == "Watch && journey"
    journey_map = _map([Persona(id="p", name="Lena")])
    journey_map.title = "&" * 300  # every one doubled: still within the 255 characters Excel takes for a header
    export_excel(journey_map, out)
    header = load_workbook(out).worksheets[0].oddHeader
    assert header.left.text == "&" * 200 and len(header.left.text + header.right.text) < 255


# --- 12: fonts -----------------------------------------------------------------------------------------------------

def test_every_cell_names_its_font(tmp_path: Path):
    out = tmp_path / "m.xlsx"
    export_excel(load_map(SAMPLES / "fitness-watch.json"), out)
    for sheet in load_workbook(out).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.font.name, (sheet.title, cell.coordinate, cell.value)


# --- 13: one persona's workbook ------------------------------------------------------------------------------------

def test_a_workbook_for_one_persona_holds_nothing_of_another(tmp_path: Path):
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    chosen = "cfo"
    out = tmp_path / "m.xlsx"
    result = export_excel(journey_map, out, personas=[chosen])
    workbook = load_workbook(out)
    theirs = {c.text for c in journey_map.cards if c.persona == chosen}
    others = [p for p in journey_map.personas if p.id != chosen]
    # the other personas' own texts (a short word such as an owner's "Service" may be anyone's)
    foreign = {c.text for c in journey_map.cards if c.persona != chosen and len(c.text) > 12} - theirs
    foreign |= {e.label for e in journey_map.emotions if e.persona != chosen and e.label} - {
        e.label for e in journey_map.emotions if e.persona == chosen}
    everything = "\n".join(_texts(workbook))
    for persona in others:
        assert persona.name not in everything
        for text in (persona.role, persona.quote, *persona.goals, *persona.pains):
            if text:
                assert text not in everything, text
    for text in foreign:
        assert text not in everything, text
    chosen_name = journey_map.persona(chosen).name
    assert result.sheets[1] == workbook.sheetnames[1] == chosen_name
    assert len([s for s in workbook.sheetnames if s in {p.name for p in journey_map.personas}]) == 1
    assert all(p.name not in (workbook.properties.keywords or "") for p in others)


def test_personas_none_is_every_persona(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out, personas=None)
    assert load_workbook(out).sheetnames[1:4] == [p.name for p in journey_map.personas]


# --- 14: colours, legend and summaries ---------------------------------------------------------------------------

def _lab(color: str, vision: str) -> tuple[float, float, float]:
    matrices = {
        "protan": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
        "deutan": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
        "tritan": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
    }

    def linear(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(color.lstrip("#")[i:i + 2], 16)) for i in (0, 2, 4)]
    if vision in matrices:  # Machado et al. 2009, full severity
        rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrices[vision]]
    r, g, b = rgb
    x, y, z = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
               (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("vision", ["normal", "protan", "deutan", "tritan"])
def test_kpi_cards_have_a_colour_of_their_own_for_every_eye(vision: str):
    fill, edge = palette.CARD_COLORS["kpis"]
    for kind, (other_fill, other_edge) in palette.CARD_COLORS.items():
        if kind in ("kpis", "emotions", "notes"):
            continue
        assert math.dist(_lab(fill, vision), _lab(other_fill, vision)) >= 8, (kind, vision)
        assert math.dist(_lab(edge, vision), _lab(other_edge, vision)) >= 10, (kind, vision)


def test_kpi_card_text_reads_on_print():
    def luminance(color: str) -> float:
        parts = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in parts)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    ratio = (luminance(palette.CARD_COLORS["kpis"][0]) + 0.05) / (luminance(palette.TEXT) + 0.05)
    assert ratio >= 7  # WCAG AAA for the card's text


def test_the_workbook_legend_lists_only_the_kinds_on_the_map(tmp_path: Path):
    out = tmp_path / "m.xlsx"
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    export_excel(journey_map, out)
    column = [c.value for (c,) in load_workbook(out)["Overview"].iter_rows(min_col=1, max_col=1)]
    start = column.index("Legend")
    assert "KPI" not in column[start:]
    assert [kind for kind, _word in legend.workbook_kinds(journey_map)] == [
        kind for kind in legend.KIND_WORDS if kind in {lane.kind for lane in journey_map.lanes}]


def test_a_neutral_emotion_reads_as_a_person_writes_it(tmp_path: Path):
    out = tmp_path / "m.xlsx"
    export_excel(_map([Persona(id="p", name="Lena")], emotions=[
        EmotionPoint(persona="p", phase="aw", score=0, label="unsure"),
        EmotionPoint(persona="p", phase="bu", score=2, label="happy")]), out)
    sheet = load_workbook(out).worksheets[1]
    assert sheet["B4"].value == "0 · unsure" and sheet["C4"].value == "+2 · happy"
    assert "+0" not in "\n".join(_texts(load_workbook(out)))


# --- 15: document properties ---------------------------------------------------------------------------------------

def test_document_properties_name_the_map_its_personas_and_goal(tmp_path: Path):
    out = tmp_path / "m.xlsx"
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    export_excel(journey_map, out)
    props = load_workbook(out).properties
    assert props.title == journey_map.title
    assert props.description == journey_map.goal and props.language == "en"
    for persona in journey_map.personas:
        assert persona.name in props.keywords and persona.name in props.subject
    with zipfile.ZipFile(out) as archive:
        app = archive.read("docProps/app.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    assert re.search(r"<Application>Journey Map Editor [\d.]+</Application>", app), app
    # nobody's name is known: the creator is neither the library nor the product
    assert "openpyxl" not in core and "Journey Map Editor" not in core and "Microsoft Excel" not in app

