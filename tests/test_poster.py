"""The PDF poster as a deliverable: paper chosen so text is readable, advice that works, a filled sheet,
personas found by the start of a name, and a title block that keeps every word."""

from __future__ import annotations

import difflib
import functools
import itertools
import os
import random
import re
import shlex
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

import app.export.pdf as pdf_module
from app.cli import main
from app.export import ExportError
from app.export.fonts import ReportlabMetrics
from app.export.pdf import (
    FOOTER_HEIGHT,
    MARGIN,
    MIN_CARD_WIDTH,
    STANDARD_PAPERS,
    PdfOptions,
    _Poster,
    export_pdf,
    paper_size,
    parse_scale,
    plan_poster,
    resolve_personas,
)
from app.export.tiles import TILE_OVERLAP, tile_grid
from app.i18n import catalogue
from app.layout import Style, TextWrapper, persona_layout
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase, load_map, save_map
from bench.maps import WORDS
from tests.conftest import SAMPLE_FILES, SAMPLES

KINDS = ["touchpoints", "actions", "goals", "thoughts", "pain_points", "opportunities", "owners", "kpis", "notes"]


def dense_map(per_cell: dict[str, int], phases: int = 12, lanes: int = 9, seed: int = 3) -> JourneyMap:
    """Personas (id -> cards per cell) over phases x lanes, card texts of 2 to 18 words (issue 11's maps)."""
    rng = random.Random(seed)
    phase_list = [Phase(id=f"ph{i}", name=f"Phase {i + 1}") for i in range(phases)]
    lane_list = [Lane(id=f"ln{i}", name=f"Lane {i + 1}", kind=KINDS[i % len(KINDS)]) for i in range(lanes)]
    personas = [Persona(id=pid, name=f"Persona {pid}") for pid in per_cell]
    cards = []
    for persona in personas:
        for phase in phase_list:
            for lane in lane_list:
                for _ in range(per_cell[persona.id]):
                    text = " ".join(rng.choice(WORDS["en"]) for _ in range(rng.randint(2, 18)))
                    cards.append(Card(id=f"c{len(cards)}", persona=persona.id, phase=phase.id, lane=lane.id,
                                      text=text))
    return JourneyMap(id="dense", title="Dense map", phases=phase_list, lanes=lane_list, personas=personas,
                      cards=cards)


def written(journey_map: JourneyMap, folder: Path, name: str) -> str:
    path = folder / name
    save_map(journey_map, path)
    return str(path)


def cli(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def suggested_commands(message: str) -> list[list[str]]:
    """The commands an error message offers, as argument lists for app.cli.main."""
    commands = [shlex.split(text) for text in re.findall(r"`(journeymap [^`]+)`", message)]
    assert all(command[0] == "journeymap" for command in commands)
    return [command[1:] for command in commands]


def run_suggestions(err: str, source: str, out: Path, capsys) -> int:
    """Run every command the refusal ``err`` offers; each must write the poster. Returns how many ran."""
    commands = suggested_commands(err)
    for command in commands:
        assert command[:4] == ["export", source, "--pdf", str(out)]
        code, stdout, failed = cli(command, capsys)
        assert code == 0, f"{shlex.join(command)}: {failed}"
        assert ("written (" in stdout or "geschrieben (" in stdout) and out.exists()
        out.unlink()
    return len(commands)


@dataclass
class Drawn:
    """Text boxes and grids as drawn on each page, in PDF page points (y up)."""

    texts: dict[int, list[tuple[float, float, float, float, str]]] = field(default_factory=dict)
    grids: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)


def _on_page(c, x: float, y: float) -> tuple[float, float]:
    a, b, cc, d, e, f = c._currentMatrix
    return a * x + cc * y + e, b * x + d * y + f


def _box(c, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    (ax, ay), (bx, by) = _on_page(c, x0, y0), _on_page(c, x1, y1)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Drawn:
    """Records every block of text the poster writes and where each page's grid lands."""
    record = Drawn()
    metrics = ReportlabMetrics()
    real_text, real_grid = _Poster.text, _Poster.draw_grid

    def text(self, c, x, top, lines, size, color, bold=False, into=None):
        width = max((metrics.width(line, size, bold) for line in lines), default=0.0)
        if width > 0:
            box = _box(c, x, top, x + width, top + size * self.style.line_spacing * len(lines))
            record.texts.setdefault(c.getPageNumber(), []).append((*box, " / ".join(lines)))
        return real_text(self, c, x, top, lines, size, color, bold, into)

    def draw_grid(self, c, layout):
        record.grids[c.getPageNumber()] = _box(c, 0, 0, layout.width, layout.height)
        return real_grid(self, c, layout)

    monkeypatch.setattr(_Poster, "text", text)
    monkeypatch.setattr(_Poster, "draw_grid", draw_grid)
    return record


def overlapping(boxes: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    found = []
    for i, (x0, y0, x1, y1, text) in enumerate(boxes):
        for u0, v0, u1, v1, other in boxes[i + 1:]:
            if min(x1, u1) - max(x0, u0) > 0.01 and min(y1, v1) - max(y0, v0) > 0.01:
                found.append((text, other))
    return found


# --- 4: automatic paper, tiling at a readable size, advice that works --------------------------


def test_automatic_paper_is_the_default_everywhere():
    assert PdfOptions().paper == "auto"
    from app.cli import _command_parser

    args = _command_parser().parse_args(["export", "map.json", "--pdf", "out.pdf"])
    assert args.paper == "auto" and args.tile is None and args.scale is None


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_first_export_of_a_sample_succeeds_on_the_smallest_readable_paper(path: Path, tmp_path: Path, capsys):
    out = tmp_path / "poster.pdf"
    code, stdout, err = cli(["export", str(path), "--pdf", str(out)], capsys)
    assert code == 0, err
    match = re.fullmatch(rf"{re.escape(str(out))}: written \((A\d) landscape, card text ([\d.]+)(?:–[\d.]+)? pt\)\n",
                         stdout)
    assert match, stdout
    paper, smallest_pt = match.group(1), float(match.group(2))
    assert smallest_pt >= 6
    box = PdfReader(out).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(paper_size(paper), abs=0.5)
    smaller = STANDARD_PAPERS[STANDARD_PAPERS.index(paper) - 1] if paper != "A4" else None
    if smaller:
        assert not plan_poster(load_map(path), PdfOptions(paper=smaller)).readable


def test_automatic_paper_is_judged_on_every_persona(tmp_path: Path, capsys):
    # The first persona fits on A3; the second needs a larger sheet.
    journey_map = dense_map(TWO, phases=5)
    source = written(journey_map, tmp_path, "two.json")
    out = tmp_path / "two.pdf"
    code, stdout, err = cli(["export", source, "--pdf", str(out)], capsys)
    assert code == 0, err
    paper = re.search(r"written \((A\d) landscape", stdout).group(1)
    assert paper_size(paper)[0] > paper_size("A3")[0]
    assert plan_poster(journey_map, PdfOptions(paper="A3", personas=["light"])).readable
    # A paper the error suggests holds every persona, not only the first.
    code, _stdout, err = cli(["export", source, "--pdf", str(out), "--paper", "A3"], capsys)
    assert code == 1 and "Persona dense" in err and f"--paper {paper}`" in err


TWO = {"light": 1, "dense": 6}  # on 5 phases: the light persona fits on A3, the dense one needs A1
CROWDED = {"crowded": 12}  # 12 phases x 9 lanes x 12 cards: no standard sheet holds it readably, either way up


@pytest.mark.parametrize(
    ("personas", "options"),
    [
        ("sample", ["--paper", "A4"]),
        ("sample", ["--paper", "A4", "--portrait", "--persona", "Tobias"]),
        ("two", ["--paper", "A3"]),
        ("crowded", []),
        ("crowded", ["--paper", "A0", "--tile", "A4"]),
        ("crowded", ["--paper", "A2", "--tile", "Letter"]),
    ],
    ids=["b2b-A4", "b2b-A4-portrait-one-persona", "two-personas-A3", "crowded-auto", "crowded-A0-tiled",
         "crowded-A2-tiled-letter"],
)
def test_every_suggested_command_succeeds(personas: str, options: list[str], tmp_path: Path, capsys):
    if personas == "sample":
        source = str(SAMPLES / "b2b-it-services.json")
    else:
        journey_map = dense_map(TWO, phases=5) if personas == "two" else dense_map(CROWDED)
        source = written(journey_map, tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", source, "--pdf", str(out), *options], capsys)
    assert code == 1 and "below 6 pt" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert run_suggestions(err, source, out, capsys)


def test_when_no_paper_is_large_enough_only_tiling_is_suggested(tmp_path: Path):
    journey_map = dense_map(CROWDED)
    with pytest.raises(ExportError) as info:
        export_pdf(journey_map, tmp_path / "x.pdf")
    assert "even on A0 landscape" in str(info.value)
    assert info.value.suggestions == [["--tile", "A4"]]


def test_tiling_alone_prints_at_nine_points_over_as_many_sheets_as_needed(tmp_path: Path, capsys, drawn: Drawn):
    journey_map = dense_map(CROWDED)
    source = written(journey_map, tmp_path, "crowded.json")
    out = tmp_path / "tiled.pdf"
    code, stdout, err = cli(["export", source, "--pdf", str(out), "--tile", "A4"], capsys)
    assert code == 0, err
    sheets = int(re.search(r"tiled on (\d+) A4 landscape sheets, card text 9\.0 pt; an assembly sheet first", stdout)
                 .group(1))
    reader = PdfReader(out)
    # the executive summary (issue 17) is a document page, printed on one sheet of the tile paper before the tiles
    assert len(reader.pages) == sheets + 1 and sheets > 16
    assert reader.pages[0].extract_text().startswith("Executive summary")
    assert all(round(float(p.mediabox.width)) == round(paper_size("A4")[0]) for p in reader.pages)
    # What is drawn: card text (10 pt in the layout) at 9 pt on paper.
    layout = persona_layout(journey_map, "crowded", TextWrapper(ReportlabMetrics()), Style())
    x0, _y0, x1, _y1 = next(iter(drawn.grids.values()))
    assert (x1 - x0) / layout.width == pytest.approx(0.9, abs=1e-6)
    for scale, expected in (("12pt", "12.0"), ("0.8", "8.0"), ("80%", "8.0")):
        code, stdout, err = cli(["export", source, "--pdf", str(out), "--tile", "A4", "--scale", scale], capsys)
        assert code == 0, err
        assert f"card text {expected} pt; " in stdout
    for argv, message in (
        (["--tile", "A4", "--scale", "5pt"], "use 6pt or more"),
        (["--tile", "A4", "--scale", "9"], "a card text size is written like 9pt"),
        (["--tile", "A4", "--scale", "big"], "give the card text size like 9pt"),
        (["--scale", "9pt"], "use it with --tile and without --paper"),
        (["--paper", "A0", "--tile", "A4", "--scale", "9pt"], "use it with --tile and without --paper"),
    ):
        code, _stdout, err = cli(["export", source, "--pdf", str(out), *argv], capsys)
        assert code == 1 and message in err and len(err.strip().splitlines()) == 1, err


# --- 5: the poster fills the sheet --------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_poster_fills_the_sheet_in_both_directions(path: Path, tmp_path: Path, drawn: Drawn):
    journey_map = load_map(path)
    # Each persona at its own scale; at one scale (the default, issue 19 A.4) a calmer persona's page is filled
    # across, at the busiest persona's scale (tests/test_poster_layout.py).
    export_pdf(journey_map, tmp_path / "a3.pdf", PdfOptions(paper="A3", same_scale=False))
    page_w, page_h = paper_size("A3")
    assert len(drawn.grids) == len(journey_map.personas)
    for x0, y0, x1, y1 in drawn.grids.values():
        # Usable: inside the margins, between the title block and the footer.
        top = page_h - y1  # the grid starts right below the title block
        usable_w, usable_h = page_w - 2 * MARGIN, page_h - top - MARGIN - FOOTER_HEIGHT
        assert x0 >= MARGIN - 0.01 and x1 <= page_w - MARGIN + 0.01
        assert x0 - MARGIN == pytest.approx(page_w - MARGIN - x1, abs=0.01)  # centred (issue 19 A.4)
        assert y0 >= MARGIN + FOOTER_HEIGHT - 0.01
        assert (x1 - x0) / usable_w >= 0.9, path.name
        assert (y1 - y0) / usable_h >= 0.9, path.name
    # The canvas keeps its own column widths.
    layout = persona_layout(journey_map, journey_map.personas[0].id, TextWrapper(ReportlabMetrics()), Style())
    assert layout.cells[(journey_map.phases[0].id, journey_map.lanes[0].id)].w == Style().column_width


def grid_use(drawn: Drawn, page: tuple[float, float]) -> list[tuple[float, float]]:
    """(width, height) of each drawn grid as a share of the room inside the margins below its title block."""
    uses = []
    for x0, y0, x1, y1 in drawn.grids.values():
        top = page[1] - y1
        uses.append(((x1 - x0) / (page[0] - 2 * MARGIN), (y1 - y0) / (page[1] - top - MARGIN - FOOTER_HEIGHT)))
    return uses


def test_a_poster_limited_by_width_narrows_its_columns(tmp_path: Path, drawn: Drawn):
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    # Each persona at its own scale (same_scale=False): A3 portrait limits two of the three by width.
    options = PdfOptions(paper="A3", landscape=False, same_scale=False)
    plan = plan_poster(journey_map, options)
    assert min(page.style.card_width for page in plan.pages) < Style().card_width
    export_pdf(journey_map, tmp_path / "portrait.pdf", options)
    for width_use, height_use in grid_use(drawn, paper_size("A3", landscape=False)):
        assert width_use >= 0.9 and height_use >= 0.9
    # Many phases: the columns stop at the narrowest card and the grid spans the sheet's width.
    wide = dense_map({"wide": 1}, phases=16, lanes=3)
    drawn.grids.clear()
    export_pdf(wide, tmp_path / "wide.pdf", PdfOptions(paper="A1"))
    assert plan_poster(wide, PdfOptions(paper="A1")).pages[0].style.card_width == MIN_CARD_WIDTH
    assert grid_use(drawn, paper_size("A1"))[0][0] == pytest.approx(1.0)


# --- 6: personas by the start of a name -------------------------------------------------------------


def test_personas_are_found_by_id_name_or_the_start_of_a_name(tmp_path: Path, capsys):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    assert resolve_personas(journey_map, ["Lena"]) == ["beginner"]
    assert resolve_personas(journey_map, ["lena, BEG"]) == ["beginner"]
    assert resolve_personas(journey_map, ["Jonas, advanced athlete", "gift-buyer"]) == ["athlete", "gift-buyer"]
    journey_map.personas.append(Persona(id="pro", name="Lena, marathon runner"))
    with pytest.raises(ExportError) as info:
        resolve_personas(journey_map, ["lena"])
    assert "Lena, beginner runner (beginner)" in str(info.value) and "Lena, marathon runner (pro)" in str(info.value)
    # An exact id or name wins over a prefix.
    journey_map.personas.append(Persona(id="lena", name="Someone else"))
    journey_map.personas.append(Persona(id="p1", name="Max"))
    journey_map.personas.append(Persona(id="p2", name="Maxine"))
    assert resolve_personas(journey_map, ["lena"]) == ["lena"]
    assert resolve_personas(journey_map, ["max"]) == ["p1"]
    assert resolve_personas(journey_map, ["Maxi"]) == ["p2"]
    with pytest.raises(ExportError, match="no persona 'Nobody'"):
        resolve_personas(journey_map, ["Nobody"])
    with pytest.raises(ExportError, match="no persona ''"):
        resolve_personas(journey_map, [""])
    out = tmp_path / "lena.pdf"
    code, _stdout, err = cli(["export", str(SAMPLES / "fitness-watch.json"), "--pdf", str(out), "--persona", "Lena"],
                             capsys)
    assert code == 0, err
    # the executive summary of Lena (issue 17), then her poster
    assert len(PdfReader(out).pages) == 2 and "Lena, beginner runner" in PdfReader(out).pages[1].extract_text()
    assert "Jonas" not in PdfReader(out).pages[0].extract_text()


# --- 10: the title block keeps every word -----------------------------------------------------------


def persona_with_a_lot_to_say() -> JourneyMap:
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    persona = journey_map.persona("beginner")
    persona.goals = [f"Goal {i}: run {i + 3} km without stopping and keep the routine through winter"
                     for i in range(1, 16)]
    persona.pains = [f"Pain {i}: too many numbers on screen {i}, fear of buying the wrong thing"
                     for i in range(1, 16)]
    persona.role = ("Office worker, 29, started running in spring after a long break, trains three times a week "
                    "before work, compares every gadget twice and reads every review before buying anything")
    return journey_map


@pytest.mark.parametrize("paper", ["A3", "auto", "A2"])
def test_title_block_keeps_every_goal_pain_and_the_date_without_overlap(paper: str, tmp_path: Path,
                                                                        drawn: Drawn):
    journey_map = persona_with_a_lot_to_say()
    out = tmp_path / "title.pdf"
    export_pdf(journey_map, out, PdfOptions(paper=paper, personas=["beginner"]))
    text = "".join(PdfReader(out).pages[0].extract_text().split())
    persona = journey_map.persona("beginner")
    for item in [*persona.goals, *persona.pains, persona.role, f"Date:{catalogue('en').format_date(date.today())}"]:
        assert "".join(item.split()) in text, item
    boxes = drawn.texts[1]
    assert overlapping(boxes) == []
    grid_top = drawn.grids[1][3]
    title = [box for box in boxes if box[4].startswith(("Goal", "Persona goals", "Pains", "Date"))]
    assert title and all(box[1] >= grid_top for box in title)  # y up: the title block is above the grid


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_no_drawn_text_overlaps_on_the_samples(path: Path, tmp_path: Path, drawn: Drawn):
    export_pdf(load_map(path), tmp_path / "poster.pdf")
    assert drawn.texts
    for boxes in drawn.texts.values():
        assert overlapping(boxes) == []


# --- the export dialog's paper choice and preview ------------------------------------------------------


def test_export_dialog_defaults_to_automatic_paper_and_previews_the_first_page(qtbot, tmp_path: Path):
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog

    path = SAMPLES / "b2b-it-services.json"
    document = MapDocument(load_map(path), path)
    started = time.perf_counter()
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    assert time.perf_counter() - started < 1.0
    assert dialog.paper.currentIndex() == 0 and dialog.paper.currentText() == "Automatic (smallest readable)"
    assert dialog.request().paper == "auto"
    expected = plan_poster(document.journey_map, PdfOptions())
    assert dialog.preview_text.text() == (
        f"Card text prints at {expected.text_range()} pt on A3 landscape, the smallest paper where it is readable."
        "\nBefore the poster: Executive summary, Persona comparison."  # issue 17's pages the map has data for
    )
    assert not dialog.preview.pixmap().isNull()
    image = dialog.preview.pixmap().toImage()
    assert len({image.pixel(x, image.height() // 2) for x in range(0, image.width(), 4)}) > 3  # a page was drawn
    for paper, wanted in (("A1", "on A1 landscape."), ("A4", "below 6 pt: the export will refuse")):
        started = time.perf_counter()
        dialog.paper.setCurrentText(paper)
        assert time.perf_counter() - started < 1.0
        assert wanted in dialog.preview_text.text()
    dialog.paper.setCurrentIndex(0)
    dialog.tile.setCurrentIndex(dialog.tile.findData("A4"))
    assert re.fullmatch(r"Card text prints at 9\.0 pt, tiled on \d+ A4 landscape sheets\.\n"
                        r"Sheets: an assembly sheet before each poster page's sheets(, \d+ blank sheets? left out)?\.\n"
                        r"Before the poster: Executive summary, Persona comparison\.", dialog.preview_text.text())
    dialog.paper.setCurrentText("B7")
    assert "unknown paper" in dialog.preview_text.text()


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_the_sheet_filling_height_model_predicts_the_layouts_height_exactly(path: Path):
    """Filling a sheet judges card widths by a model of the wrap; it must agree with the real layout."""
    from app.export.pdf import PosterPlanner

    journey_map = load_map(path)
    journey_map.cards[0].text = "Averyveryveryverylongwordthatmustbecutintopiecesbythewrap " * 3 + "\n\n  two  spaces"
    journey_map.cards[1].moment_of_truth = True
    planner = PosterPlanner(journey_map)
    for persona in journey_map.personas:
        model = planner._model(persona.id)
        for card_width in (144.0, 171.0, 200.0, 263.0, 340.0, 512.0):
            style = planner.style(card_width)
            layout = persona_layout(journey_map, persona.id, planner.wrapper, style)
            assert model.height(card_width) == pytest.approx(layout.height), (persona.id, card_width)


# --- the drawing, approved: golden content streams -------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden"
APPROVE = "JOURNEYMAP_APPROVE"


class _PinnedDate(date):
    """The title block prints today's date; the approved drawings were made on this day."""

    @classmethod
    def today(cls) -> date:
        return cls(2026, 1, 2)


def golden_map() -> JourneyMap:
    """A small fixed map with a bit of everything the poster draws: phase goals, card colours and captions, a
    moment of truth, an emotion curve with labels, a second persona, a title block with goals and pains."""
    phases = [Phase(id="find", name="Find", goal="Know what fits"), Phase(id="buy", name="Buy"),
              Phase(id="use", name="Use it every day", goal="Run three times a week")]
    lanes = [Lane(id="touch", name="Touchpoints", kind="touchpoints"), Lane(id="act", name="Actions", kind="actions"),
             Lane(id="pain", name="Pain points", kind="pain_points"), Lane(id="feel", name="Feelings",
                                                                           kind="emotions")]
    personas = [Persona(id="lena", name="Lena", role="Beginner runner", goals=["Run 5 km", "Stay motivated"],
                        pains=["Too many numbers"], color="#D55E00"),
                Persona(id="max", name="Max, gift buyer")]
    texts = [
        ("lena", "find", "touch", "Reads reviews on a comparison site", {}),
        ("lena", "find", "act", "Asks a friend who runs", {"owner": "Marketing", "tags": ["word of mouth"]}),
        ("lena", "buy", "touch", "Online shop with a size guide", {"moment_of_truth": True}),
        ("lena", "buy", "pain", "Delivery takes a week and nobody says why", {"color": "#F0E442"}),
        ("lena", "use", "act", "Pairs the watch with her phone", {}),
        ("lena", "use", "act", "Starts the first guided run", {"moment_of_truth": True, "channel": "App"}),
        ("lena", "use", "pain", "Averyveryverylongwordthatthewrapmustcut into pieces", {}),
        ("max", "buy", "touch", "Gift wrapping at checkout", {}),
    ]
    cards = [Card(id=f"c{i}", persona=persona, phase=phase, lane=lane, text=text, **extra)
             for i, (persona, phase, lane, text, extra) in enumerate(texts)]
    emotions = [EmotionPoint(persona="lena", phase="find", score=-1, label="Unsure"),
                EmotionPoint(persona="lena", phase="buy", score=2, label="Delighted"),
                EmotionPoint(persona="lena", phase="use", score=-2, label="Lost in the settings"),
                EmotionPoint(persona="max", phase="buy", score=1)]
    return JourneyMap(id="golden", title="Running watch: from first look to daily use", goal="Find the first watch",
                      phases=phases, lanes=lanes, personas=personas, cards=cards, emotions=emotions)


_DECIMAL = re.compile(r"-?\d*\.\d+")


def normalised(stream: bytes) -> str:
    """A content stream as text, numbers rounded to 2 decimals (so float noise does not count)."""

    def rounded(match: re.Match) -> str:
        text = f"{float(match.group()):.2f}"
        return "0.00" if text == "-0.00" else text

    return _DECIMAL.sub(rounded, stream.decode("latin-1"))


def drawn_streams(path: Path) -> str:
    """Every page's content stream and every form it places (once), normalised, with a header each."""
    parts, forms = [], {}
    for number, page in enumerate(PdfReader(path).pages, start=1):
        box = [round(float(v), 2) for v in page.mediabox]
        parts.append(f"=== page {number} {box}\n{normalised(page.get_contents().get_data())}")
        for name, ref in (page["/Resources"].get("/XObject") or {}).items():
            forms.setdefault(name, normalised(ref.get_object().get_data()))
    parts += [f"=== form {name}\n{stream}" for name, stream in sorted(forms.items())]
    return "\n".join(parts) + "\n"


def assert_matches_golden(actual: str, name: str, tmp_path: Path) -> None:
    golden = GOLDEN / name
    if os.environ.get(APPROVE) == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="latin-1")
        return
    expected = golden.read_text(encoding="latin-1") if golden.exists() else ""
    if actual == expected:
        return
    received = tmp_path / name
    received.write_text(actual, encoding="latin-1")
    diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), str(golden), str(received),
                                     lineterm="", n=1))
    pytest.fail(
        f"the poster's drawing differs from the approved {golden}.\n"
        f"Look at the difference: diff {golden} {received}  (first lines below)\n"
        f"If the change is intended, approve it: {APPROVE}=1 .venv/bin/python -m pytest -p no:cacheprovider "
        f"tests/test_poster.py -k golden, and commit tests/golden/.\n" + "\n".join(diff[:40]),
        pytrace=False,
    )


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("poster_auto.txt", PdfOptions()),
        ("poster_tiled.txt", PdfOptions(personas=["lena"], tile="A4", scale="14pt")),
        ("poster_a3_tiled_portrait.txt", PdfOptions(paper="A3", landscape=False, personas=["Max"], tile="A4")),
    ],
    ids=["auto-paper-two-personas", "tiled-2x2-at-14pt", "a3-on-a4-portrait"],
)
def test_golden_poster_drawing(name: str, options: PdfOptions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every line, box, colour, text and crop mark of a small poster, as approved (see assert_matches_golden)."""
    monkeypatch.setattr("app.export.pdf.date", _PinnedDate)
    out = tmp_path / "poster.pdf"
    export_pdf(golden_map(), out, options)
    assert_matches_golden(drawn_streams(out), name, tmp_path)


# --- words for people: scale, paper, tiling, personas, and why a poster is refused ---------------------------


@pytest.mark.parametrize(
    ("value", "factor"),
    [(None, 0.9), ("", 0.9), ("  ", 0.9), ("9pt", 0.9), (" 12 PT ", 1.2), ("9,5pt", 0.95), ("0,8", 0.8),
     ("80%", 0.8), ("0.6", 0.6), ("6pt", 0.6), ("72pt", 7.2), ("7.2", 7.2), (0.8, 0.8), (1, 1.0)],
)
def test_scale_is_read_as_a_card_text_size_or_a_factor(value, factor: float):
    assert parse_scale(value) == pytest.approx(factor)
    assert parse_scale(value, Style()) == pytest.approx(factor)


def test_scale_in_points_is_relative_to_the_styles_text_size():
    larger = replace(Style(), text_size=12.0)
    assert parse_scale("9pt", larger) == pytest.approx(0.75)
    assert parse_scale(None, larger) == pytest.approx(0.75)  # 9 pt, whatever the canvas's size
    assert parse_scale("0.9", larger) == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5pt", "scale '5pt' prints card text at 5.0 pt; use 6pt or more (e.g. 9pt)"),
        ("5.99pt", "scale '5.99pt' prints card text at 6.0 pt; use 6pt or more (e.g. 9pt)"),
        ("50%", "scale '50%' prints card text at 5.0 pt; use 6pt or more (e.g. 9pt)"),
        ("9", "scale '9' prints card text at 90 pt; use at most 72pt (a card text size is written like 9pt)"),
        ("73pt", "scale '73pt' prints card text at 73 pt; use at most 72pt (a card text size is written like 9pt)"),
        ("big", "scale 'big': give the card text size like 9pt, or a factor like 0.9 or 90%"),
        ("9 px", "scale '9 px': give the card text size like 9pt, or a factor like 0.9 or 90%"),
        (0.1, "scale 0.1 prints card text at 1.0 pt; use 6pt or more (e.g. 9pt)"),
    ],
)
def test_a_scale_that_cannot_print_is_refused_in_words(value, message: str):
    with pytest.raises(ExportError) as info:
        parse_scale(value)
    assert str(info.value) == message


def wordy_map(cells: int, words: int) -> JourneyMap:
    """One persona, one lane, one long card in each of ``cells`` phases."""
    phases = [Phase(id=f"ph{i}", name=f"Step {i + 1}") for i in range(cells)]
    text = " ".join(f"word{i % 10}" for i in range(words))
    cards = [Card(id=f"c{i}", persona="p", phase=p.id, lane="said", text=text) for i, p in enumerate(phases)]
    return JourneyMap(id="w", title="Wordy", phases=phases, lanes=[Lane(id="said", name="Said", kind="thoughts")],
                      personas=[Persona(id="p", name="Pat")], cards=cards)


CELLS_SHOWN = "Step 1 / Said, Step 2 / Said, Step 3 / Said, Step 4 / Said, Step 5 / Said, Step 6 / Said"
#: the cells that set their lane's height, tallest first (issue 19 A.5), not the map's first cells
CROWDED_CELLS = ("Phase 2 / Lane 3, Phase 7 / Lane 6, Phase 8 / Lane 1, Phase 2 / Lane 5, Phase 4 / Lane 5, "
                 "Phase 1 / Lane 7 and 7 more")


@pytest.mark.parametrize(
    ("cells", "options", "message", "suggestions"),
    [
        (6, PdfOptions(paper="A4"),
         f"Pat: on A4 landscape card text would print at 4.8 pt (below 6 pt); cells affected: {CELLS_SHOWN}. "
         "To keep every word readable, choose paper A3 landscape or A3 portrait, or tile the poster on A4 sheets "
         "(card text 9 pt), or print a handout on A4 (the map split by phases, card text 9 pt).",
         [["--paper", "A3"], ["--paper", "A3", "--portrait"], ["--tile", "A4"], ["--handout", "--paper", "A4"]]),
        (7, PdfOptions(paper="A4"),
         f"Pat: on A4 landscape card text would print at 4.4 pt (below 6 pt); cells affected: {CELLS_SHOWN} and 1 "
         "more. To keep every word readable, choose paper A3 landscape or A2 portrait, or tile the poster on A4 sheets "
         "(card text 9 pt), or print a handout on A4 (the map split by phases, card text 9 pt).",
         [["--paper", "A3"], ["--paper", "A2", "--portrait"], ["--tile", "A4"], ["--handout", "--paper", "A4"]]),
        (6, PdfOptions(paper="A4", tile="Letter"),
         f"Pat: on A4 landscape card text would print at 4.8 pt (below 6 pt); cells affected: {CELLS_SHOWN}. "
         "To keep every word readable, print it as A3 landscape or A3 portrait tiled on Letter sheets, or tile the "
         "poster on Letter sheets (card text 9 pt).",
         [["--paper", "A3", "--tile", "Letter"], ["--paper", "A3", "--portrait", "--tile", "Letter"],
          ["--tile", "Letter"]]),
        (None, PdfOptions(),
         f"Persona crowded: even on A0 landscape card text would print at 4.6 pt (below 6 pt); cells affected: "
         f"{CROWDED_CELLS}. To keep every word readable, tile the poster on A4 sheets (card text 9 pt): no standard "
         "paper up to A0 is large enough.",
         [["--tile", "A4"]]),
        (None, PdfOptions(paper="A0", tile="A3"),
         f"Persona crowded: on A0 landscape card text would print at 4.6 pt (below 6 pt); cells affected: "
         f"{CROWDED_CELLS}. To keep every word readable, tile the poster on A3 sheets (card text 9 pt): no standard "
         "paper up to A0 is large enough.",
         [["--tile", "A3"]]),
    ],
    ids=["six-cells", "seven-cells", "tiled-on-letter", "crowded-auto", "crowded-A0-tiled"],
)
def test_a_refused_poster_names_the_cells_and_the_options_that_work(cells, options, message, suggestions,
                                                                    tmp_path: Path):
    journey_map = wordy_map(cells, 400) if cells else dense_map(CROWDED)
    with pytest.raises(ExportError) as info:
        export_pdf(journey_map, tmp_path / "x.pdf", options)
    assert str(info.value) == message
    assert info.value.suggestions == suggestions
    assert not (tmp_path / "x.pdf").exists()


def test_paper_and_tiling_are_described_as_printed():
    journey_map = wordy_map(2, 20)
    plan = plan_poster(journey_map, PdfOptions(paper="a3"))
    assert (plan.paper_text(), plan.tiling_text(), plan.summary()) == (
        "A3 landscape", "", f"A3 landscape, card text {plan.text_range()} pt")
    plan = plan_poster(journey_map, PdfOptions(paper="letter", landscape=False, tile="A4"))
    assert (plan.paper_text(), plan.tiling_text()) == ("Letter portrait", f"{plan.sheets()} A4 portrait sheets")
    assert plan.sheets() == 1 + len(plan.tilings[0].printed) > 2  # the assembly sheet and the sheets it names
    plan = plan_poster(journey_map, PdfOptions(paper="500x400mm"))
    assert plan.paper_text() == "500×400 mm"  # a custom size says its orientation by its sides as it prints
    assert plan_poster(journey_map, PdfOptions(paper="500x400mm", landscape=False)).paper_text() == "400×500 mm"
    assert plan_poster(journey_map, PdfOptions(paper="400x500mm")).paper_text() == "500×400 mm"
    # A tiled poster sized to its grid has no paper of its own: one sheet, or several.
    plan = plan_poster(journey_map, PdfOptions(tile="A0"))
    assert (plan.paper_text(), plan.tiling_text()) == ("", "1 A0 landscape sheet")
    assert plan.summary() == "tiled on 1 A0 landscape sheet, card text 9.0 pt"
    plan = plan_poster(journey_map, PdfOptions(tile="210x148mm", landscape=False))
    assert plan.tiling_text() == f"{plan.sheets()} 148×210 mm sheets" and plan.sheets() == 3  # as they print
    assert plan.tile_size() == pytest.approx((148 * 72 / 25.4, 210 * 72 / 25.4))  # turned, as --portrait asks
    assert len(plan.tilings[0].printed) == 2  # two sheets, and the assembly sheet


def test_persona_not_found_or_ambiguous_is_answered_with_the_whole_list():
    journey_map = JourneyMap(id="m", title="M", personas=[Persona(id="p1", name="Lena, beginner"),
                                                          Persona(id="p2", name="Lena, pro"),
                                                          Persona(id="p3", name="Max")])
    with pytest.raises(ExportError) as info:
        resolve_personas(journey_map, ["lena"])
    assert str(info.value) == ("persona 'lena' could be any of: Lena, beginner (p1), Lena, pro (p2); give more of "
                               "the name or the id")
    with pytest.raises(ExportError) as info:
        resolve_personas(journey_map, ["Tobias"])
    assert str(info.value) == "no persona 'Tobias' in this map; it has: p1 (Lena, beginner), p2 (Lena, pro), p3 (Max)"
    assert resolve_personas(journey_map, ["P3", "lena, p"]) == ["p2", "p3"]


def test_sheets_cover_the_poster_with_the_overlap_and_no_more():
    tile = paper_size("A4")
    usable_w, usable_h = tile[0] - 2 * MARGIN, tile[1] - 2 * MARGIN
    step_w, step_h = usable_w - TILE_OVERLAP, usable_h - TILE_OVERLAP
    assert tile_grid((5000.0, 5000.0), None) == (1, 1)  # not tiled: the page is one sheet
    assert tile_grid((10.0, 10.0), tile) == (1, 1)  # smaller than the overlap
    assert tile_grid((usable_w, usable_h), tile) == (1, 1)  # exactly one sheet's printable area
    assert tile_grid((usable_w + 0.5, usable_h + 0.5), tile) == (2, 2)
    assert tile_grid((usable_w + step_w, usable_h), tile) == (1, 2)  # two sheets overlapping by TILE_OVERLAP
    assert tile_grid((usable_w + step_w + 0.5, usable_h + 2 * step_h + 0.5), tile) == (4, 3)
    for poster in ((700.0, 900.0), (2383.94, 1683.78), (usable_w * 3, 90.0)):
        rows, columns = tile_grid(poster, tile)
        assert (columns - 1) * step_w + usable_w >= poster[0] > (columns - 2) * step_w + usable_w
        assert (rows - 1) * step_h + usable_h >= poster[1] > max((rows - 2) * step_h + usable_h, 0)


# --- the sheet-filling search: its contract and its cost -------------------------------------------------------


def counting(monkeypatch: pytest.MonkeyPatch, owner, name: str) -> list:
    """Wraps ``owner.name`` so that every call's arguments are recorded."""
    calls, real = [], getattr(owner, name)

    def wrapper(*args, **kwargs):
        calls.append(args[1:] if isinstance(owner, type) else args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def best_scale_by_scan(planner, persona_id: str, area: tuple[float, float], found: float) -> tuple[float, float]:
    """(width, scale) of the best whole-point card width, tried one by one: from the narrowest card up to
    the width at which the width room alone falls below ``found`` (wider never prints larger)."""
    base, phases = planner.base, len(planner.map.phases)
    widest = (area[0] / max(found, 1e-3) - base.lane_header_width) / phases - 2 * base.cell_padding
    model = planner._model(persona_id)
    best = (MIN_CARD_WIDTH, 0.0)
    for width in range(int(MIN_CARD_WIDTH), int(widest) + 2):
        scale = min(area[0] / planner.grid_width(width), area[1] / model.height(width))
        if scale > best[1]:
            best = (float(width), scale)
    return best


FIT_CASES = [
    ("fitness-watch", None), ("b2b-it-services", None), ("wide", {"wide": 1}), ("wordy", None),
]


def fit_case_map(name: str, per_cell: dict | None) -> JourneyMap:
    if name == "wide":
        return dense_map(per_cell, phases=16, lanes=3)
    if name == "wordy":
        return wordy_map(6, 400)
    return load_map(SAMPLES / f"{name}.json")


@pytest.mark.parametrize(("name", "per_cell"), FIT_CASES, ids=[case[0] for case in FIT_CASES])
def test_the_chosen_card_width_prints_as_large_as_any_width_would(name: str, per_cell):
    """For every persona and paper: the grid fits the sheet, at the scale reported, and no whole-point card
    width (found by trying them all) prints larger; the page then prints at exactly the predicted size."""
    from app.export.pdf import PosterPlanner

    journey_map = fit_case_map(name, per_cell)
    planner = PosterPlanner(journey_map)
    model_height = {p.id: planner._model(p.id).height for p in journey_map.personas}
    for paper in ("A4", "A2", "A0"):
        for landscape in (True, False):
            size = paper_size(paper, landscape)
            for persona in journey_map.personas:
                page = planner.page(persona.id, size)
                area = page.grid_area
                width, scale = planner._fit_width(persona.id, area)
                assert width >= MIN_CARD_WIDTH and page.style.card_width == width
                # The scale reported is the one the width gives: the grid fills one side and fits the other.
                assert scale == pytest.approx(min(area[0] / planner.grid_width(width),
                                                  area[1] / model_height[persona.id](width)), rel=1e-12)
                assert page.layout.width == pytest.approx(planner.grid_width(width))
                assert page.scale == pytest.approx(scale, rel=1e-9)
                grid_w, grid_h = page.grid_size
                assert grid_w <= area[0] + 1e-6 and grid_h <= area[1] + 1e-6
                assert max(grid_w / area[0], grid_h / area[1]) == pytest.approx(1.0)
                assert planner._predicted_pt(persona.id, size) == pytest.approx(page.text_pt, rel=1e-9)
                best_width, best = best_scale_by_scan(planner, persona.id, area, scale)
                assert abs(width - best_width) <= 1 or scale >= best * (1 - 1e-9), (paper, landscape, persona.id)


def test_an_area_with_no_room_prints_nothing_and_a_sliver_prints_tiny():
    from app.export.pdf import PosterPlanner

    journey_map = wordy_map(3, 30)
    planner = PosterPlanner(journey_map)
    base = Style().card_width
    for area in ((0.0, 500.0), (-5.0, 500.0), (500.0, 0.0), (500.0, -40.0)):
        assert planner._fit_width("p", area) == (base, 0.0)
    for area in ((0.5, 500.0), (500.0, 0.5)):
        width, scale = planner._fit_width("p", area)
        assert 0 < scale < 0.01
        assert scale == pytest.approx(min(area[0] / planner.grid_width(width),
                                          area[1] / planner._model("p").height(width)))
    # Without phases only the lane headers print: no column to widen, the scale is what the sheet gives them.
    no_phases = JourneyMap(id="e", title="Empty", personas=[Persona(id="p", name="Pat")])
    empty = PosterPlanner(no_phases)
    assert empty._fit_width("p", (500.0, 400.0)) == (base, min(500.0 / empty.grid_width(base),
                                                               400.0 / empty._model("p").height(base)))


def test_a_title_block_taller_than_the_sheet_leaves_no_room_and_is_refused(tmp_path: Path):
    journey_map = persona_with_a_lot_to_say()
    plan = plan_poster(journey_map, PdfOptions(paper="300x60mm", personas=["beginner"]))
    page = plan.pages[0]
    assert page.grid_area[1] <= 0 and page.scale == 0.0 and not plan.readable
    with pytest.raises(ExportError, match=r"the title block .* is taller than the sheet and leaves the map no room"):
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(paper="300x60mm", personas=["beginner"]))


def test_planning_the_bench_map_takes_at_most_345_model_heights_and_replanning_none(monkeypatch):
    """The 20-persona bench map (400 cards) on automatic paper: halving took 228 heights, regula falsi with
    the Illinois step 173. The title block's type follows the card text (issue 19 A.3): a page whose cards print
    above 8.9 pt gets a larger block and its width is searched again, 308 in all; where the larger block leaves
    the cards less than it was set for, the sizes in between are halved to the largest the block leaves room
    for, 345. Planning it again with the same planner (as the export dialog does) costs nothing."""
    from app.export.pdf import PosterPlanner, _HeightModel
    from bench.maps import big_map

    heights = counting(monkeypatch, _HeightModel, "height")
    layouts = counting(monkeypatch, pdf_module, "persona_layout")
    journey_map = big_map(400)
    planner = PosterPlanner(journey_map)
    plan = planner.plan(PdfOptions())
    assert plan.paper == "A1" and plan.readable
    assert len(heights) <= 345
    # The model predicts the layout exactly, so only the chosen paper's pages are laid out, once each; then every
    # persona but the one printing smallest once more, its columns widened at the common scale (issue 19 A.4).
    assert len(layouts) == 2 * len(journey_map.personas) - 1
    layouts.clear()
    assert planner.plan(PdfOptions()).pages == plan.pages  # now the persona that failed last is asked first
    heights.clear()
    again = planner.plan(PdfOptions()).pages
    assert [a is b for a, b in zip(again, plan.pages, strict=True)] == [True] * len(plan.pages)
    own = [planner.page(p.persona_id, p.size) for p in plan.pages]
    assert [planner.at_scale(page, plan.pages[0].scale) for page in own] == plan.pages
    assert (len(heights), len(layouts)) == (0, 0)
    for page in own:  # the search for a page's width is not repeated either
        planner._fit_width(page.persona_id, page.grid_area)
    assert len(heights) == 0


def test_a_width_limited_fit_is_remembered_too(monkeypatch):
    from app.export.pdf import PosterPlanner, _HeightModel

    planner = PosterPlanner(dense_map({"wide": 1}, phases=16, lanes=3))
    heights = counting(monkeypatch, _HeightModel, "height")
    area = paper_size("A1")
    first = planner._fit_width("wide", area)
    assert first[0] == MIN_CARD_WIDTH and len(heights) == 2  # the canvas width and the narrowest card
    assert planner._fit_width("wide", area) == first and len(heights) == 2


def test_pages_and_fits_are_kept_per_size_not_per_rounded_size():
    from app.export.pdf import PosterPlanner

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    planner, fresh = PosterPlanner(journey_map), PosterPlanner(journey_map)
    sizes = [(800.0, 600.0), (800.3, 600.0), (900.0, 600.0), (800.0, 600.3), (600.0, 800.0), (600.0, 600.0)]
    for size in sizes:
        page = planner.page("beginner", size)
        assert page.size == size
        area = page.grid_area
        assert planner._fit_width("beginner", area) == PosterPlanner(journey_map)._fit_width("beginner", area)
    for size in reversed(sizes):
        assert planner.page("beginner", size).scale == fresh.page("beginner", size).scale


def test_the_grid_width_is_the_layouts():
    from app.export.pdf import PosterPlanner

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    planner = PosterPlanner(journey_map)
    for width in (MIN_CARD_WIDTH, 200.0, 317.0):
        assert planner.grid_width(width) == persona_layout(journey_map, "beginner", planner.wrapper,
                                                           planner.style(width)).width


def test_a_paper_too_small_for_one_persona_is_ruled_out_by_asking_that_persona_first(monkeypatch):
    from app.export.pdf import PosterPlanner

    journey_map = dense_map({"a_light": 1, "z_dense": 6}, phases=5)
    planner = PosterPlanner(journey_map)
    asked = counting(monkeypatch, PosterPlanner, "_predicted_pt")
    paper = planner.smallest_paper(["a_light", "z_dense"], True)
    assert paper == "A1"
    by_paper: dict[str, list[str]] = {}
    for persona_id, size in asked:
        name = next(n for n in STANDARD_PAPERS if paper_size(n) == size)
        by_paper.setdefault(name, []).append(persona_id)
    # A4 is too small for both, A3 for the dense persona; from then on the dense one is asked first.
    assert by_paper == {"A4": ["a_light"], "A3": ["a_light", "z_dense"], "A2": ["z_dense"],
                        "A1": ["z_dense", "a_light"]}


def test_automatic_portrait_paper_is_judged_in_portrait():
    wide = dense_map({"wide": 1}, phases=16, lanes=3)
    portrait = plan_poster(wide, PdfOptions(landscape=False))
    landscape = plan_poster(wide, PdfOptions())
    assert portrait.readable and landscape.readable
    assert STANDARD_PAPERS.index(portrait.paper) > STANDARD_PAPERS.index(landscape.paper)
    smaller = STANDARD_PAPERS[STANDARD_PAPERS.index(portrait.paper) - 1]
    assert not plan_poster(wide, PdfOptions(paper=smaller, landscape=False)).readable


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("phases", [0, 1, 5], ids=lambda n: f"{n}-phases")
def test_automatic_paper_is_the_smallest_readable_one_with_or_without_phases(phases: int, landscape: bool):
    # A map without phases prints only its lane headers; it was put on A0 because no paper "fitted" it.
    journey_map = dense_map({"solo": 1}, phases=max(phases, 1), lanes=4)
    if phases == 0:
        journey_map = journey_map.model_copy(update={"phases": [], "cards": []})
    plan = plan_poster(journey_map, PdfOptions(landscape=landscape))
    assert plan.readable and plan.pages[0].text_pt >= 6
    smaller = STANDARD_PAPERS[: STANDARD_PAPERS.index(plan.paper)]
    assert not smaller or not plan_poster(journey_map, PdfOptions(paper=smaller[-1], landscape=landscape)).readable


@pytest.mark.parametrize(("scale", "per_cell"), [("9pt", {"small": 1}), ("14pt", {"big": 2})])
def test_a_tiled_poster_is_sized_to_its_grid_at_the_scale_asked(scale: str, per_cell: dict):
    journey_map = dense_map(per_cell, phases=2 if "small" in per_cell else 6, lanes=2)
    persona_id = next(iter(per_cell))
    plan = plan_poster(journey_map, PdfOptions(tile="A4", scale=scale))
    page = plan.pages[0]
    factor = float(scale.removesuffix("pt")) / Style().text_size
    layout = persona_layout(journey_map, persona_id, TextWrapper(ReportlabMetrics()), pdf_module.POSTER_STYLE)
    assert page.scale == factor and page.text_pt == pytest.approx(float(scale.removesuffix("pt")))
    assert page.grid_size == pytest.approx((layout.width * factor, layout.height * factor))
    assert page.style == pdf_module.POSTER_STYLE  # the canvas's, secondary text at the card text's size
    width = max(layout.width * factor, 640.0 - 2 * MARGIN)  # at least 640 pt wide, for the title block
    title = page.title.height + page.title.footer_height
    assert page.size == pytest.approx((width + 2 * MARGIN, layout.height * factor + title + 2 * MARGIN))
    assert page.grid_area == pytest.approx((width, layout.height * factor))
    if "small" in per_cell:
        assert page.size[0] == pytest.approx(640.0)


@pytest.mark.parametrize("source", [Path("/maps/Lauf journey.json"), None])
def test_a_poster_written_through_its_target_takes_the_paper_the_footer_and_reports_progress(
        tmp_path: Path, source: Path | None):
    """The export dialog and the command line write a poster through the table of targets: portrait when asked,
    the footer naming the map's title and the export date, never its file (issue 19 E.16), progress after each
    page."""
    from app.export.targets import TARGETS, ExportChoices

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "poster.pdf"
    seen: list[tuple[int, int]] = []
    choices = ExportChoices(personas=[journey_map.personas[0].id], paper="A3", landscape=False, source=source,
                            summary=False)  # the poster alone (issue 17's summary would come first)
    TARGETS["pdf"].write(journey_map, out, choices, lambda done, total: seen.append((done, total)) or True, None)
    [page] = PdfReader(out).pages
    assert [round(float(v)) for v in page.mediabox] == [0, 0, *[round(v) for v in paper_size("A3", False)]]
    named = f"{journey_map.title} · {catalogue('en').format_date(date.today())}"
    assert f"{named} · page 1 of 1" in page.extract_text()
    assert "Lauf journey" not in page.extract_text() and "fitness-watch" not in page.extract_text()
    assert seen and seen[-1] == (1, 1)


@pytest.mark.parametrize("value", ["5.999999999pt", "72.000000001pt"])
def test_a_scale_a_rounding_error_beyond_the_limits_is_the_limit(value: str):
    """6 pt and 72 pt typed with a rounding error (a size computed elsewhere and pasted) are not refused."""
    assert parse_scale(value) * Style().text_size == pytest.approx(float(value[:-2]), abs=1e-12)


def test_a_poster_on_a_paper_tiled_on_sheets_says_both_and_the_range_of_its_card_text():
    """A busy persona prints smaller than a calm one on the same paper: the summary gives the range of sizes; a
    poster of a paper cut into sheets names the paper and the sheets."""
    journey_map = dense_map({"busy": 3, "calm": 1}, phases=6, lanes=4)
    plan = plan_poster(journey_map, PdfOptions(paper="A3", same_scale=False))
    low, high = sorted(page.text_pt for page in plan.pages)
    same = plan_poster(journey_map, PdfOptions(paper="A3"))  # by default every persona at the busy one's scale
    assert same.summary() == f"A3 landscape, card text {low:.1f} pt"
    assert high - low > 1
    assert plan.summary() == f"A3 landscape, card text {low:.1f}–{high:.1f} pt"
    plan = plan_poster(journey_map, PdfOptions(paper="A2", tile="A4"))
    assert plan.summary().startswith(f"A2 landscape tiled on {plan.sheets()} A4 landscape sheets, card text ")


def test_a_long_persona_name_wraps_in_bold_inside_the_corner(tmp_path: Path, drawn: Drawn):
    """The persona's name in the grid's corner breaks where its bold words fill the corner inside its padding."""
    journey_map = golden_map()
    name = "Max, gift buyer with a list of ideas for every birthday in the family"
    journey_map.personas[1].name = name
    options = PdfOptions(personas=["max"], paper="A3")
    [page] = plan_poster(journey_map, options).pages
    style, corner = page.style, page.layout.corner
    inside = corner.w - 2 * style.header_padding
    metrics = ReportlabMetrics()
    expected = TextWrapper(metrics).wrap(name, style.header_size, inside, True)
    assert len(expected) > 2 and all(metrics.width(line, style.header_size, True) <= inside for line in expected)
    export_pdf(journey_map, tmp_path / "corner.pdf", options)
    drawn_texts = [text for *_box, text in drawn.texts[1]]
    assert " / ".join(expected) in drawn_texts
    # Regular type, or the corner without its padding, would break elsewhere.
    assert TextWrapper(metrics).wrap(name, style.header_size, inside, False) != expected
    assert TextWrapper(metrics).wrap(name, style.header_size, corner.w, True) != expected


def test_a_long_emotion_label_prints_its_lines_one_below_the_other_under_its_face(tmp_path: Path, drawn: Drawn):
    journey_map = golden_map()
    journey_map.emotions[2].label = "Lost in the settings of an app that asks far too much before the first run"
    options = PdfOptions(personas=["lena"], paper="A3")
    [page] = plan_poster(journey_map, options).pages
    mark = next(m for m in page.layout.emotion_marks if m.score == -2)
    assert len(mark.label_lines) >= 2
    export_pdf(journey_map, tmp_path / "label.pdf", options)
    boxes = {text: box for *box, text in drawn.texts[1]}
    placed = [boxes[line] for line in mark.label_lines]
    height = page.style.line_height(page.style.emotion_label_size) * page.scale
    for (x0, y0, x1, _y1), (u0, v0, u1, v1) in itertools.pairwise(placed):
        assert v1 == pytest.approx(y0, abs=0.01)  # the next line starts where this one ends, below it (y up)
        assert v1 - v0 == pytest.approx(height, abs=0.01)
        assert (u0 + u1) / 2 == pytest.approx((x0 + x1) / 2, abs=0.01)  # centred under the same face


def test_the_legend_lays_its_swatches_out_in_rows_of_its_column_count(tmp_path: Path, drawn: Drawn):
    """Nine lane kinds: the swatch words stand in rows of the title block's legend columns, column by column
    across the legend's width and 14 pt apart from row to row (times the legend's type scale), reading order kept."""
    from app.layout import legend

    lanes = [Lane(id=f"ln{i}", name=f"Lane {i + 1}", kind=kind) for i, kind in enumerate(KINDS)]
    journey_map = JourneyMap(id="kinds", title="Kinds", phases=[Phase(id="a", name="A")], lanes=lanes,
                             personas=[Persona(id="p", name="P")])
    options = PdfOptions(paper="A3")
    [page] = plan_poster(journey_map, options).pages
    columns = page.title.legend_columns
    words = [word for _kind, word in legend.poster_kinds(journey_map)]
    assert len(words) > columns
    export_pdf(journey_map, tmp_path / "legend.pdf", options)
    boxes = {text: box for *box, text in drawn.texts[1]}
    x0, _y0, _x1, top = boxes[words[0]]
    k = page.title.legend_scale  # a one-phase map prints large on A3: its legend grows with it (issue 19 A.3)
    assert k > 1
    step = pdf_module.LEGEND_WIDTH * k / columns
    for i, word in enumerate(words):
        left, _bottom, _right, word_top = boxes[word]
        assert (left, word_top) == (pytest.approx(x0 + (i % columns) * step, abs=0.01),
                                    pytest.approx(top - (i // columns) * 14 * k, abs=0.01)), word


# --- issue 11: the search on sheets of other proportions, a sliver of room, a poster on one portrait sheet ------


def test_the_chosen_card_width_prints_as_large_as_any_width_would_on_sheets_of_every_proportion():
    """Banners and tall sheets too: long cards wrap into fewer lines in steps, and the search still finds the
    best card width to within a point, wherever the step lies."""
    from app.export.pdf import PosterPlanner

    planner = PosterPlanner(wordy_map(3, 40))
    for area in itertools.product(range(600, 4000, 200), range(300, 3000, 200)):
        width, scale = planner._fit_width("p", area)
        best_width, best = best_scale_by_scan(planner, "p", area, scale)
        assert abs(width - best_width) <= 1 or scale >= best * (1 - 1e-9), (area, width, best_width)


def test_the_search_for_a_card_width_measures_no_width_twice(monkeypatch):
    """Each width measured is a pass over the persona's cards: the search never measures one width again."""
    from app.export.pdf import PosterPlanner, _HeightModel

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    planner = PosterPlanner(journey_map)
    heights = counting(monkeypatch, _HeightModel, "height")
    for persona in journey_map.personas:
        for area in ((800.0, 500.0), (1600.0, 1100.0), (2200.0, 1500.0)):
            heights.clear()
            planner._fit_width(persona.id, area)
            widths = [width for (width,) in heights]
            assert len(widths) == len(set(widths)), (persona.id, area, widths)


def test_a_sheet_leaving_a_sliver_for_the_grid_prints_it_tiny_not_nothing():
    from app.export.pdf import PosterPlanner

    planner = PosterPlanner(wordy_map(3, 30))
    width = paper_size("A3")[0]
    title = planner.title_block("p", width - 2 * MARGIN)
    for sliver in (0.5, 1.0):
        page = planner.page("p", (width, 2 * MARGIN + title.height + FOOTER_HEIGHT + sliver))
        assert page.grid_area[1] == pytest.approx(sliver)
        assert 0 < page.scale < 0.01 and page.grid_size[1] == pytest.approx(sliver)


#: a portrait poster's sheets as the summary counts them, in each language
PORTRAIT_SHEETS = {"en": ("{count} A3 portrait sheet", "{count} A3 portrait sheets"),
                   "de": ("{count} A3-Blatt hoch", "{count} A3-Blätter hoch")}

@pytest.mark.parametrize("language", ["en", "de"])
def test_a_portrait_poster_tiled_on_one_sheet_or_several_says_how_many(language: str, tmp_path: Path):
    """An A4 poster tiled on A3 is refused (one sheet prints it whole); an A2 poster takes several sheets, said in
    the plural; a poster sized to its grid that fits on one A3 sheet takes one, said in the singular."""
    from app import i18n

    i18n.set_language(language)
    one, several = PORTRAIT_SHEETS[language]
    journey_map = wordy_map(2, 20)
    out = tmp_path / "poster.pdf"
    # Tiles as large as the poster make no sense (issue 19, item 8): refused, nothing written.
    with pytest.raises(ExportError) as refused:
        export_pdf(journey_map, out, PdfOptions(paper="A4", landscape=False, tile="A3", language=language))
    # ... suggesting A4 untiled, where this map's card text is readable (tests/test_tiles.py runs such suggestions)
    assert "A3" in str(refused.value) and refused.value.suggestions == [["--paper", "A4"]] and not out.exists()
    plan = plan_poster(journey_map, PdfOptions(paper="A2", landscape=False, tile="A3"))
    assert plan.sheets() > 1 and plan.tiling_text() == several.format(count=plan.sheets())
    # A poster sized to its grid that fits on one tile prints on it: one sheet, said in the singular.
    plan = plan_poster(journey_map, PdfOptions(landscape=False, tile="A3"))
    assert plan.sheets() == 1 and plan.tiling_text() == one.format(count=1)


# --- issue 11: long cards on sheets of every proportion, the search's cost, a kept planner, a refusal in German --


#: maps of long cards (text wraps in big steps as columns widen) and a dense one of short cards
LONG_CARD_MAPS = {"six-long": (6, 400), "five-medium": (5, 120), "four-long": (4, 200)}
#: sheets of every proportion, from banners to tall sheets (points of room for the grid)
EVERY_PROPORTION = list(itertools.product(range(600, 4000, 200), range(300, 3000, 200)))


@pytest.mark.parametrize("name", list(LONG_CARD_MAPS))
def test_the_chosen_card_width_prints_as_large_as_any_width_would_with_long_cards_on_sheets_of_every_proportion(
        name: str):
    """Cards of hundreds of words change their line count by many lines at a step: the search still lands
    within a point of the best card width (found by trying every whole-point width), on every sheet."""
    from app.export.pdf import PosterPlanner

    planner = PosterPlanner(wordy_map(*LONG_CARD_MAPS[name]))
    model = planner._model("p")
    model.height = functools.cache(model.height)  # the scans of all sheets measure the same widths
    for area in EVERY_PROPORTION:
        width, scale = planner._fit_width("p", area)
        best_width, best = best_scale_by_scan(planner, "p", area, scale)
        assert abs(width - best_width) <= 1 or scale >= best * (1 - 1e-9), (area, width, best_width)


def test_filling_sheets_of_every_proportion_measures_at_most_5470_widths(monkeypatch):
    """The cost of the search, which a preview pays on every change of paper: regula falsi with the Illinois
    step (the gap kept at one end is halved when that end is kept twice in a row) measures 5,470 widths for
    these four maps on 238 sheets each; keeping the gap whole, or dividing it by 3, or doubling it, measures
    more (5,517, 5,516, 5,591)."""
    from app.export.pdf import PosterPlanner, _HeightModel

    maps = [wordy_map(*size) for size in LONG_CARD_MAPS.values()] + [dense_map({"b": 3}, phases=8)]
    heights = counting(monkeypatch, _HeightModel, "height")
    for journey_map in maps:
        planner = PosterPlanner(journey_map)
        for area in EVERY_PROPORTION:
            planner._fit_width(journey_map.personas[0].id, area)
    assert len(heights) <= 5470


def printed_facts(plan) -> str:
    """The fact lines of the first page's title block (goals, pains, the date) as they will print."""
    return " ".join(line for column in plan.pages[0].title.columns for line in column)


#: the date line of a poster's title block in each language
DATE_WORD = {"en": "Date: ", "de": "Datum: "}


@pytest.mark.parametrize(("chosen", "interface"), [("de", "en"), ("en", "de")])
def test_a_preview_is_planned_in_the_language_chosen_for_the_poster(chosen: str, interface: str):
    """The poster's language is the export's choice, not the editor's: its words shape the title block."""
    from app import i18n

    i18n.set_language(interface)
    plan = plan_poster(wordy_map(2, 20), PdfOptions(paper="A3", language=chosen))
    assert DATE_WORD[chosen] in printed_facts(plan) and DATE_WORD[interface] not in printed_facts(plan)


def test_a_planner_kept_between_previews_is_used_only_while_it_plans_in_the_language_chosen():
    """The dialog keeps its planner (what it measured) between previews: the same language re-plans from
    it, another language gets a planner of its own, never the old language's words."""
    from app.export.pdf import PosterPlanner

    journey_map = wordy_map(2, 20)
    kept = PosterPlanner(journey_map, "en")
    english = kept.plan(PdfOptions(paper="A3", language="en"))
    again = plan_poster(journey_map, PdfOptions(paper="A3", language="en"), kept)
    assert [a is b for a, b in zip(again.pages, english.pages, strict=True)] == [True]  # nothing measured again
    german = plan_poster(journey_map, PdfOptions(paper="A3", language="de"), kept)
    assert DATE_WORD["de"] in printed_facts(german) and german.pages[0] is not english.pages[0]


def test_a_kept_planner_follows_the_maps_own_language_when_none_is_chosen():
    """A map that records German content: with no language chosen the poster is German, also after a
    preview in English; a planner kept in German is used again as it is."""
    from app.export.pdf import PosterPlanner

    journey_map = wordy_map(2, 20)
    journey_map.language = "de"
    english = PosterPlanner(journey_map, "en")
    english.plan(PdfOptions(paper="A3", language="en"))
    plan = plan_poster(journey_map, PdfOptions(paper="A3"), english)
    assert DATE_WORD["de"] in printed_facts(plan)
    german = PosterPlanner(journey_map)
    first = german.plan(PdfOptions(paper="A3"))
    assert plan_poster(journey_map, PdfOptions(paper="A3"), german).pages[0] is first.pages[0]


#: a poster refused on A4 with seven or nine cells, only six of them named, in each UI language
REFUSED_WITH_MORE_CELLS = {
    "en": ("Pat: on A4 landscape card text would print at {size} pt (below 6 pt); cells affected: "
           f"{CELLS_SHOWN} and {{more}} more. To keep every word readable, choose paper {{paper}}, or tile the "
           "poster on A4 sheets (card text 9 pt), or print a handout on A4 (the map split by phases, card text 9 pt)."),
    "de": ("Pat: auf A4 quer würde Kartentext in {size} pt gedruckt (unter 6 pt); betroffene Zellen: "
           f"{CELLS_SHOWN} und {{more}} weitere. Damit jedes Wort lesbar bleibt, wählen Sie das Papierformat "
           "{paper} oder kacheln Sie das Poster auf A4-Blättern (Kartentext 9 pt), oder drucken Sie ein Handout auf A4 "
           "(die Map nach Phasen aufgeteilt, Kartentext 9 pt)."),
}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("cells", "size", "papers"), [
    (7, ("4.4", "4,4"), (("A3", True), ("A2", False))), (9, ("4.0", "4,0"), (("A2", True), ("A2", False)))])
def test_a_refused_poster_counts_the_cells_it_does_not_name_in_english_and_german(
        language: str, cells: int, size: tuple[str, str], papers: tuple, tmp_path: Path):
    """Every paper and orientation that works is named, the smallest of each way up (issue 19 A.5)."""
    from app import i18n

    i18n.set_language(language)
    with pytest.raises(ExportError) as info:
        export_pdf(wordy_map(cells, 400), tmp_path / "x.pdf", PdfOptions(paper="A4"))
    way = {"en": ("portrait", "landscape"), "de": ("hoch", "quer")}[language]
    named = f" {'or' if language == 'en' else 'oder'} ".join(f"{paper} {way[wide]}" for paper, wide in papers)
    assert str(info.value) == REFUSED_WITH_MORE_CELLS[language].format(
        size=size[language == "de"], more=cells - 6, paper=named)
    assert info.value.suggestions == [["--paper", paper] + ([] if wide else ["--portrait"]) for paper, wide in papers
                                      ] + [["--tile", "A4"], ["--handout", "--paper", "A4"]]
