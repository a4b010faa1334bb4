"""What a probe of refused posters found (many generated maps, every suggested command run): each case here failed
before its fix.

- Personas printed at one scale, one of whose title blocks leaves its grid no room on the paper: the export stopped
  on a ZeroDivisionError instead of refusing with commands that work.
- A title block grown for the card text its smallest block leaves room for (a long title, role and goals over a
  grid of few cards) could fill the sheet: the persona printed at 0 pt on A1 but at 8.7 pt on A3, and the larger
  paper was refused.
- The persona comparison's table under a header row taller than a page's column (many phases with long names)
  added continuation pages until memory ran out: an export, and a suggested tiling or handout, never ended.
- A phase, lane or persona name written over several lines broke the one-line refusal.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4

from app.export import ExportError
from app.export.fonts import ReportlabMetrics
from app.export.insight_pages import InsightOptions, insight_pages
from app.export.page_flow import CELL_PAD, Cell, Flow, Line, Table
from app.export.pdf import (
    MARGIN,
    MIN_READABLE_PT,
    STANDARD_PAPERS,
    PdfOptions,
    PosterPlanner,
    export_pdf,
    paper_size,
)
from app.i18n import catalogue
from app.layout import TextWrapper
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_poster import cli, persona_with_a_lot_to_say, run_suggestions, suggested_commands, written

#: more pages than any table here needs: a table that passes it would go on for ever
PAGE_LIMIT = 60


# --- personas at one scale, one with no room for its grid -------------------------------------------------


@pytest.mark.parametrize(("paper", "landscape"), [("300x80mm", True), ("300x80mm", False), ("300x100mm", True),
                                                  ("300x120mm", True), ("100x300mm", True)])
def test_personas_at_one_scale_where_one_title_block_leaves_no_room_are_refused_not_crashed(paper: str,
                                                                                          landscape: bool,
                                                                                          tmp_path: Path):
    """Lena's title block (15 goals, 15 pains) is taller than these sheets; the other personas' grids fit."""
    journey_map = persona_with_a_lot_to_say()
    planner = PosterPlanner(journey_map, "en")
    size = paper_size(paper, landscape)
    assert [planner.page(p.id, size).scale > 0 for p in journey_map.personas] == [False, True, True]
    plan = planner.plan(PdfOptions(paper=paper, landscape=landscape))
    assert not plan.readable and plan.text_pt == 0.0
    assert [page.scale for page in plan.pages] == [0.0] * 3  # one scale: none of them prints
    no_room = r"^Lena, beginner runner: on .* the title block .* leaves the map no room"
    with pytest.raises(ExportError, match=no_room) as refused:
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(paper=paper, landscape=landscape))
    assert refused.value.suggestions and not (tmp_path / "x.pdf").exists()


def test_the_refusal_of_personas_where_one_has_no_room_offers_commands_that_succeed(tmp_path: Path, capsys):
    source = written(persona_with_a_lot_to_say(), tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", source, "--pdf", str(out), "--paper", "300x100mm", "--lang", "en"], capsys)
    assert code == 1 and not out.exists()
    assert "unexpected error" not in err
    assert "the title block (name, role, goals, pains and facts) is taller than the sheet" in err
    assert len(err.strip().splitlines()) == 1
    assert run_suggestions(err, source, out, capsys) >= 2


# --- a title block grown until the cards are unreadable ------------------------------------------------------


def quiet_persona(copies: int = 1) -> JourneyMap:
    """Ana has a card in each of 2 x 5 cells; Quinn none, but a long role, five goals and five pains and the map a
    long title, with a word ``copies`` times 60 letters long."""
    phases = [Phase(id=f"ph{i}", name=f"Step {i + 1}") for i in range(2)]
    lanes = [Lane(id=f"l{j}", name=f"Lane {j + 1}") for j in range(5)]
    sentence = " ".join(["Erstattung der Rücksendung"] * 6)
    word = "Kundenzufriedenheitsmessungsverfahrensbeschreibungsdokument" * copies
    quinn = Persona(id="q", name="Quinn", role=sentence, goals=[f"{word} {sentence}"] * 5,
                    pains=[f"{sentence} {word}"] * 5)
    cards = [Card(id=f"c{p.id}{lane.id}", persona="a", phase=p.id, lane=lane.id, text="Compares prices")
             for p in phases for lane in lanes]
    return JourneyMap(id="q", title=f"Returns {word} {sentence}", phases=phases, lanes=lanes,
                      personas=[Persona(id="a", name="Ana"), quinn], cards=cards)


@pytest.mark.parametrize("copies", [1, 2, 3])
@pytest.mark.parametrize("landscape", [True, False])
def test_a_paper_on_which_the_smallest_title_block_leaves_readable_cards_prints_them_readably(copies: int,
                                                                                            landscape: bool):
    """Whatever the block's type grows to, the cards print at least as readably as the smallest block lets them."""
    journey_map = quiet_persona(copies)
    planner = PosterPlanner(journey_map, "en")
    for paper in STANDARD_PAPERS:
        size = paper_size(paper, landscape)
        for persona in journey_map.personas:
            smallest = planner.title_block(persona.id, size[0] - 2 * MARGIN)
            area = (size[0] - 2 * MARGIN, size[1] - 2 * MARGIN - smallest.height - smallest.footer_height)
            if planner._fit_width(persona.id, area)[1] * planner.base.text_size < MIN_READABLE_PT:
                continue
            page = planner.page(persona.id, size)
            assert page.text_pt >= MIN_READABLE_PT - 1e-9, (paper, landscape, persona.id, page.text_pt)
            assert page.grid_area[1] > 0


def test_a_persona_without_cards_and_a_long_title_block_prints_on_the_larger_paper(tmp_path: Path, capsys):
    """On A3 Quinn's cards would print at 8.7 pt; on A1 the block grown for 40 pt cards left them none."""
    source = written(quiet_persona(), tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, stdout, err = cli(["export", source, "--pdf", str(out), "--paper", "A1", "--lang", "en"], capsys)
    assert code == 0, err
    assert "written (A1 landscape, card text" in stdout and out.exists()


# --- a table under a header taller than a column ---------------------------------------------------------


@pytest.fixture
def page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A flow that starts more than PAGE_LIMIT pages fails instead of running until memory is gone."""
    new_page = Flow._new_page

    def limited(self) -> None:
        assert len(self.pages) < PAGE_LIMIT, "the flow does not end"
        new_page(self)

    monkeypatch.setattr(Flow, "_new_page", limited)


def lines(count: int, size: float = 7.0) -> list[Line]:
    return [Line(f"line {i}", size) for i in range(count)]


@pytest.mark.parametrize(("header", "body"), [(200, [3, 0, 1]), (200, [0, 0]), (60, [30, 2]), (45, [1, 1]),
                                              (45, [90, 1]), (1000, [2, 2])])
def test_a_table_whose_header_is_taller_than_a_column_flows_whole_over_few_pages(page_limit, header: int,
                                                                                body: list[int],
                                                                                monkeypatch: pytest.MonkeyPatch):
    """A4 landscape holds about 50 lines of 7 pt a column. A header that fits one is repeated above each part of
    the table; a taller one flows once, as the first row, and every column after it is as full as a row's. Every
    line prints once, in order, on about as many pages as the lines fill."""
    flow = Flow(TextWrapper(ReportlabMetrics(), catalogue("en")), (A4[1], A4[0]), "Title", "Title (continued)",
                "Map", columns=1)
    rows = [[Cell(lines(count)), Cell(lines(count // 2))] for count in body]
    table = Table([200.0, 200.0], [Cell(lines(header)), Cell([])], rows)
    parts: list[Table] = []
    monkeypatch.setattr(Flow, "_place", lambda self, block: parts.append(block))
    flow.add(table)
    heading = [line.text for line in lines(header)]
    printed = [line.text for part in parts for row in part.rows for line in row[0].lines]
    body_lines = [line.text for count in body for line in lines(count)]
    if Cell(lines(header)).height() > flow.column_height:
        assert printed == heading + body_lines
        assert all(not cell.lines for part in parts for cell in part.header)
    else:
        assert printed == body_lines
        assert all([line.text for line in part.header[0].lines] == heading for part in parts)
    total = sum(line.height for part in parts for row in [part.header, *part.rows] for line in row[0].lines)
    assert len(flow.pages) <= 1 + math.ceil(total / (flow.column_height - 4 * CELL_PAD - 7 * 1.25))


def many_long_phases(copies: int = 8, phases: int = 24) -> JourneyMap:
    """Two personas over ``phases`` phases named in ``copies`` times 45 characters (24 of some 360: the
    comparison's header row is taller than an A4 page)."""
    name = " ".join(["Kundenzufriedenheitsbefragung nach Lieferung"] * copies)
    phase_list = [Phase(id=f"ph{i}", name=name) for i in range(phases)]
    return JourneyMap(id="m", title="Wide", phases=phase_list,
                      lanes=[Lane(id="l", name="Pains", kind="pain_points")],
                      personas=[Persona(id="a", name="Ana"), Persona(id="b", name="Ben")],
                      cards=[Card(id="c", persona="a", phase="ph0", lane="l", text="Waits for the refund")])


@pytest.mark.parametrize(("copies", "phases", "most"), [(8, 24, 6), (8, 48, 6), (60, 40, 24), (100, 3, 8)])
def test_the_persona_comparison_of_many_long_phases_ends_on_few_pages(page_limit, copies: int, phases: int,
                                                                      most: int):
    journey_map = many_long_phases(copies, phases)
    planner = PosterPlanner(journey_map, "en")
    pages = insight_pages(journey_map, ["a", "b"], InsightOptions(comparison=True), paper_size("A4"),
                          planner.wrapper, planner.words)
    assert 1 <= len(pages) <= most


def test_a_refused_poster_of_many_long_phases_offers_commands_that_end_and_succeed(page_limit, tmp_path: Path,
                                                                                   capsys):
    source = written(many_long_phases(), tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", source, "--pdf", str(out), "--paper", "A4", "--lang", "en"], capsys)
    assert code == 1 and "below 6 pt" in err
    assert run_suggestions(err, source, out, capsys) >= 2  # tiling and a handout, each with the comparison page


# --- names over several lines -------------------------------------------------------------------------------


def test_a_refusal_names_cells_and_persona_written_over_several_lines_on_one_line(tmp_path: Path, capsys):
    phases = [Phase(id=f"ph{i}", name=f"Step\n{i + 1}") for i in range(6)]
    text = " ".join(f"word{i % 10}" for i in range(400))
    journey_map = JourneyMap(id="w", title="Wordy", phases=phases,
                             lanes=[Lane(id="said", name="Said\nand\n thought", kind="thoughts")],
                             personas=[Persona(id="p", name="Pat\nSmith")],
                             cards=[Card(id=f"c{i}", persona="p", phase=p.id, lane="said", text=text)
                                    for i, p in enumerate(phases)])
    with pytest.raises(ExportError) as refused:
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(paper="A4", language="en"))
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith("Pat Smith: on A4 landscape") and "Step 1 / Said and thought" in message
    source = written(journey_map, tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", source, "--pdf", str(out), "--paper", "A4", "--lang", "en"], capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert run_suggestions(err, source, out, capsys) >= 2


# --- a map without phases: the handout refuses it -------------------------------------------------------------


def lanes_only(lanes: int, words: int = 1) -> JourneyMap:
    """A first draft: ``lanes`` lanes with names of ``words`` words, no phases yet (so no cards)."""
    return JourneyMap(id="d", title="Draft", personas=[Persona(id="p", name="Pat")],
                      lanes=[Lane(id=f"l{i}", name=" ".join(["Erstattung"] * words)) for i in range(lanes)])


@pytest.mark.parametrize("options", [["--paper", "A4"], ["--paper", "Letter", "--portrait"], []])
def test_a_refused_map_without_phases_names_its_lanes_and_offers_no_handout(options: list[str], tmp_path: Path,
                                                                          capsys):
    source = written(lanes_only(90), tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", source, "--pdf", str(out), *options, "--lang", "en"], capsys)
    assert code == 1 and "below 6 pt" in err
    assert "cells affected: all 90 lanes one above the other." in err
    assert "a handout" not in err and "--handout" not in err
    assert run_suggestions(err, source, out, capsys) >= 1


@pytest.mark.parametrize(("language", "words"), [
    ("en", "more than 5 m on a side: print card text at 7.5 pt. Run instead: "),
    ("de", "mehr als 5 m an einer Seite: Drucken Sie den Kartentext in 7,5 pt. "),
])
def test_a_map_without_phases_too_long_to_tile_is_offered_smaller_text_and_no_handout(language: str, words: str,
                                                                                     tmp_path: Path, capsys):
    source = written(lanes_only(12, 100), tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", source, "--pdf", str(out), "--tile", "A4", "--lang", language], capsys)
    assert code == 1 and words in err and "--handout" not in err and "Handout" not in err
    assert [command[4:] for command in suggested_commands(err)] == [["--lang", language, "--tile", "A4", "--scale",
                                                                    "7.5pt"]]
    assert run_suggestions(err, source, out, capsys) == 1


@pytest.mark.parametrize(("language", "words"), [
    ("en", "a map without phases prints no handout: give the map phases or fewer lanes."),
    ("de", "eine Map ohne Phasen ergibt kein Handout: Geben Sie der Map Phasen oder weniger Zeilen."),
])
@pytest.mark.parametrize("options", [["--tile", "A4"], ["--tile", "Letter", "--scale", "12pt"]])
def test_a_map_without_phases_too_long_even_at_six_points_is_refused_without_a_command_that_fails(
        options: list[str], language: str, words: str, tmp_path: Path, capsys):
    source = written(lanes_only(12, 150), tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", source, "--pdf", str(out), *options, "--lang", language], capsys)
    assert code == 1 and err.strip().endswith(words) and "journeymap export" not in err
    assert len(err.strip().splitlines()) == 1 and not out.exists()


def test_an_unreadable_map_without_phases_on_no_paper_nor_tiles_is_refused_without_a_command_that_fails(
        tmp_path: Path):
    with pytest.raises(ExportError) as refused:
        export_pdf(lanes_only(12, 150), tmp_path / "x.pdf", PdfOptions(paper="A4", language="en"))
    assert refused.value.suggestions == []
    assert str(refused.value).endswith(
        "cells affected: all 12 lanes one above the other. To keep every word readable, give the map phases or "
        "fewer lanes: no standard paper up to A0 is large enough, a tiled poster would be more than 5 m on a side, "
        "and a map without phases prints no handout.")


# --- a handout that names leave no room: refused, so not offered ------------------------------------------------


def long_phase_names(words: int, phases: int = 8, notes: int = 1) -> JourneyMap:
    """``phases`` phases named in ``words`` words (a description pasted into the name), one lane, ``notes`` cards
    of 300 words a phase: no handout page has room for the lanes under the phase names."""
    phase_list = [Phase(id=f"ph{i}", name=" ".join(["Erstattung"] * words)) for i in range(phases)]
    text = " ".join(["word"] * 300)
    return JourneyMap(id="m", title="Long names", phases=phase_list, lanes=[Lane(id="l", name="Said", kind="thoughts")],
                      personas=[Persona(id="p", name="Pat")],
                      cards=[Card(id=f"c{i}{k}", persona="p", phase=p.id, lane="l", text=text)
                             for i, p in enumerate(phase_list) for k in range(notes)])


@pytest.mark.parametrize("options", [["--paper", "A4"], ["--paper", "Letter", "--portrait"]])
def test_a_handout_the_phase_names_leave_no_room_is_not_offered(options: list[str], tmp_path: Path, capsys):
    source = written(long_phase_names(150), tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", source, "--pdf", str(out), *options, "--lang", "en"], capsys)
    assert code == 1 and "below 6 pt" in err and "a handout" not in err and "--handout" not in err
    assert run_suggestions(err, source, out, capsys) >= 2
    code, _stdout, err = cli(["export", source, "--pdf", str(out), *options, "--handout"], capsys)
    # what the refusal offered before; it blames the names, as a larger paper would not help
    assert code == 1 and err.strip().endswith(f"leave a handout page on {options[1]} no room for the lanes: "
                                              "shorten them")


@pytest.mark.parametrize(("options", "ending"), [
    (PdfOptions(tile="A4", language="en"),
     "more than 5 m on a side even with card text at the smallest readable size, and the longest phase names and "
     "goals or the persona's name leave a handout on A4 no room: shorten them."),
    (PdfOptions(paper="Letter", language="en"),
     "To keep every word readable, shorten the longest phase names and goals or the persona's name: no standard "
     "paper up to A0 is large enough, a tiled poster would be more than 5 m on a side, and they leave a handout on "
     "Letter no room."),
])
def test_a_poster_nothing_prints_readably_not_even_a_handout_is_refused_without_a_command(options: PdfOptions,
                                                                                        ending: str, tmp_path: Path):
    """One phase of 160 cards (over 5 m at 6 pt) named in 400 words (taller than a handout page)."""
    journey_map = long_phase_names(400, phases=1, notes=160)
    with pytest.raises(ExportError) as refused:
        export_pdf(journey_map, tmp_path / "x.pdf", options)
    assert str(refused.value).endswith(ending) and refused.value.suggestions == []
    paper = options.tile or options.paper
    with pytest.raises(ExportError, match=f"leave a handout page on {paper} no room for the lanes: shorten them"):
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(paper=paper, handout=True))
