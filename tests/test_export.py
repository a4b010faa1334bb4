"""Exports read back: PDF text, fonts, page sizes and tiles; workbook sheets, tables and safety; images."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.pagesizes import A1, A4

from app.cli import main
from app.export import ExportError
from app.export.excel import CARD_COLUMNS, export_excel, sheet_title
from app.export.pdf import MARGIN, PdfOptions, export_pdf, paper_size, plan_poster
from app.export.tiles import TILE_OVERLAP
from app.model import Card, Persona, load_map
from tests.conftest import SAMPLE_FILES, SAMPLES


def squash(text: str) -> str:
    return "".join(text.split())


def pdf_text(path: Path) -> str:
    return squash("".join(page.extract_text() or "" for page in PdfReader(path).pages))


def multilingual_map():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    texts = {
        0: "Zażółć gęślą jaźń – Łódź",
        1: "Ελληνικά: καλημέρα κόσμε",
        2: "Кириллица: съешь же ещё",
        3: "Überlegung, Größe, Straße",
    }
    for index, text in texts.items():
        journey_map.cards[index].text = text
    journey_map.cards[4].text = '<b>bold</b> & <img src="/etc/passwd"/> <link href="file:///etc">x</link> &amp;'
    return journey_map


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_pdf_holds_every_word_of_the_map(path: Path, tmp_path: Path):
    journey_map = load_map(path)
    out = tmp_path / "poster.pdf"
    result = export_pdf(journey_map, out, PdfOptions(paper="A1"))
    reader = PdfReader(out)
    assert len(reader.pages) == result.pages == len(journey_map.personas)
    text = pdf_text(out)
    for card in journey_map.cards:
        assert squash(card.text) in text, card.text
    for name in [p.name for p in journey_map.personas] + [p.name for p in journey_map.phases]:
        assert squash(name) in text
    assert squash(journey_map.title) in text
    # the poster is in the map's language (the German sample's is German), else the UI's (English here)
    assert ("Seite1von" if getattr(journey_map, "language", None) == "de" else "page1of") in text


def test_pdf_embeds_fonts_prints_markup_literally_and_all_scripts(tmp_path: Path):
    journey_map = multilingual_map()
    out = tmp_path / "poster.pdf"
    export_pdf(journey_map, out, PdfOptions(paper="A2", personas=["beginner"]))
    text = pdf_text(out)
    for card in journey_map.cards[:5]:
        assert squash(card.text) in text
    reader = PdfReader(out)
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    for font in fonts.values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else (
            font["/FontDescriptor"])
        assert "/FontFile2" in descriptor.get_object(), "TrueType font is embedded"
    assert "/XObject" not in page["/Resources"] or not page["/Resources"]["/XObject"]
    assert squash('<img src="/etc/passwd"/>') in text  # printed, not fetched


def test_pdf_page_size_follows_the_option(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    for paper, expected in (("A1", (A1[1], A1[0])), ("594x420mm", (594 * 72 / 25.4, 420 * 72 / 25.4))):
        out = tmp_path / f"{paper}.pdf"
        export_pdf(journey_map, out, PdfOptions(paper=paper, personas=["athlete"]))
        box = PdfReader(out).pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(expected, abs=0.5)
    with pytest.raises(ExportError, match="unknown paper"):
        paper_size("B7")


def test_pdf_tiles_a_poster_over_office_sheets(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "tiled.pdf"
    result = export_pdf(journey_map, out, PdfOptions(paper="A1", tile="A4", personas=["athlete", "Maria, gift buyer"]))
    reader = PdfReader(out)
    # Each poster page: an assembly sheet, then the sheets that hold something of it (at most the 4 × 4 an A1
    # takes on A4 sheets overlapping by TILE_OVERLAP, with one more row or column where a block is kept whole).
    plan = plan_poster(journey_map, PdfOptions(paper="A1", tile="A4", personas=["athlete", "Maria, gift buyer"]))
    sheet_w, sheet_h = A4[1] - 2 * MARGIN - TILE_OVERLAP, A4[0] - 2 * MARGIN - TILE_OVERLAP
    most = math.ceil((A1[1] - TILE_OVERLAP) / sheet_w) * math.ceil((A1[0] - TILE_OVERLAP) / sheet_h)
    assert most == 16 and all(len(tiling.printed) <= most + 4 for tiling in plan.tilings)
    assert len(reader.pages) == result.pages == sum(1 + len(tiling.printed) for tiling in plan.tilings)
    assert all(round(float(p.mediabox.width)) == round(A4[1]) for p in reader.pages)
    first = squash(reader.pages[0].extract_text())
    assert first.startswith("Assembly:") and "A1" in first
    second = squash(reader.pages[1].extract_text())
    assert "SheetA1" in second and re.search(r"rowA,column1of\d×\d·posterpage1of2", second)


def test_pdf_refuses_unreadable_text_and_names_the_cells(tmp_path: Path):
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    out = tmp_path / "small.pdf"
    with pytest.raises(ExportError) as info:
        export_pdf(journey_map, out, PdfOptions(paper="A4"))
    message = str(info.value)
    assert "below 6 pt" in message and "Awareness / Touchpoints" in message
    assert "choose paper A3 landscape or A3 portrait" in message and "tile the poster on A4 sheets" in message
    assert info.value.suggestions == [["--paper", "A3"], ["--paper", "A3", "--portrait"], ["--tile", "A4"],
                                      ["--handout", "--paper", "A4"]]
    assert not out.exists()


def test_pdf_reports_characters_no_font_can_draw(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    nowhere = "\U0010ff00\U0010ff01"  # private use: no font has them (CJK has a fallback font now, issue 19)
    journey_map.cards[0].text = f"Kunden {nowhere}"
    result = export_pdf(journey_map, tmp_path / "cjk.pdf", PdfOptions(paper="A1", personas=["beginner"]))
    assert result.missing_characters == set(nowhere)
    assert "no font has a glyph" in result.warnings[0]


def test_unknown_persona_and_unwritable_folder(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    with pytest.raises(ExportError, match="no persona 'nobody'"):
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(personas=["nobody"]))
    with pytest.raises(ExportError, match="folder does not exist"):
        export_pdf(journey_map, tmp_path / "missing" / "x.pdf", PdfOptions(paper="A1"))
    with pytest.raises(ExportError, match="folder does not exist"):
        export_excel(journey_map, tmp_path / "missing" / "x.xlsx")


# --- Excel -------------------------------------------------------------------


def test_workbook_has_the_sheets_and_every_card(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "map.xlsx"
    result = export_excel(journey_map, out)
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["Overview", *[p.name for p in journey_map.personas], "Cards", "Emotions",
                                   "Pain points", "Opportunities"] == result.sheets
    cards = workbook["Cards"]
    assert [c.value for c in cards[1]] == CARD_COLUMNS
    table = cards.tables["Cards"]
    assert table.ref == f"A1:M{len(journey_map.cards) + 1}"
    rows = list(cards.iter_rows(min_row=2, values_only=True))
    assert [row[12] for row in rows] == [c.id for c in journey_map.cards]
    assert cards.freeze_panes == "A2"
    persona_sheet = workbook["Lena, beginner runner"]
    assert persona_sheet.freeze_panes == "B3"
    assert persona_sheet.page_setup.orientation == "landscape"
    cell_text = persona_sheet.cell(row=3, column=2).value
    for card in journey_map.cards_in("beginner", "awareness", "touchpoints"):
        assert card.text in cell_text
    emotions = workbook["Emotions"]
    assert emotions.cell(row=2, column=2).value == journey_map.emotion("beginner", "awareness").score
    assert len(emotions._charts) == 1
    severities = [row[0] for row in workbook["Pain points"].iter_rows(min_row=2, values_only=True)]
    assert severities == sorted(severities, reverse=True)


def test_formulas_are_stored_as_text(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    hostile = ['=HYPERLINK("http://evil","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=cmd|' /C calc'!A0"]
    for card, text in zip(journey_map.cards, hostile, strict=False):
        card.text = text
    out = tmp_path / "hostile.xlsx"
    export_excel(journey_map, out)
    cards = load_workbook(out)["Cards"]
    for row, text in enumerate(hostile, 2):
        cell = cards.cell(row=row, column=4)
        assert cell.value == text
        assert cell.data_type == "s"
    with __import__("zipfile").ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)


def test_control_characters_are_removed_and_reported(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.cards[0].__dict__["text"] = "bell\x07 and escape\x1b"  # bypass the model's own cleaning
    result = export_excel(journey_map, tmp_path / "ctrl.xlsx")
    assert result.removed_characters == 4  # two in the Cards sheet, two in the persona sheet
    assert "control character" in result.warnings[0]
    assert load_workbook(tmp_path / "ctrl.xlsx")["Cards"]["D2"].value == "bell and escape"


def test_sheet_names_survive_hostile_persona_names(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    names = ["[Q1]: Sales/Ops*?", "a" * 40, "A" * 40, "Cards", "History", "'quoted'", "\\//"]
    for index, name in enumerate(names):
        journey_map.personas.append(Persona(id=f"x{index}", name=name))
    journey_map.cards.append(Card(id="hx", persona="x0", phase="awareness", lane="touchpoints", text="x"))
    out = tmp_path / "names.xlsx"
    result = export_excel(journey_map, out)
    lowered = [name.casefold() for name in result.sheets]
    assert len(set(lowered)) == len(lowered)
    for name in result.sheets:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and name
    assert load_workbook(out).sheetnames == result.sheets
    taken: set[str] = set()
    assert sheet_title("Cards", taken) == "Cards" and sheet_title("cards", taken) == "cards (2)"


# --- command line and images -------------------------------------------------------


def test_cli_writes_several_outputs(tmp_path: Path, capsys):
    outputs = {ext: tmp_path / f"map.{ext}" for ext in ("pdf", "xlsx", "png", "svg")}
    code = main([
        "export", str(SAMPLES / "onlineshop-retoure.json"), "--pdf", str(outputs["pdf"]), "--paper", "A2",
        "--xlsx", str(outputs["xlsx"]), "--png", str(outputs["png"]), "--dpi", "72", "--svg", str(outputs["svg"]),
        "--persona", "juergen",
    ])
    assert code == 0, capsys.readouterr().err
    assert all(path.stat().st_size > 1000 for path in outputs.values())
    assert outputs["png"].read_bytes().startswith(b"\x89PNG")
    svg = outputs["svg"].read_text("utf-8")
    assert "Reklamation verlangt Fotos per" in svg and "Reklamation: Gerät mit" in svg
    assert len(PdfReader(outputs["pdf"]).pages) == 2  # the executive summary (issue 17), then the poster


def test_cli_export_errors_are_clear(tmp_path: Path, capsys):
    sample = str(SAMPLES / "fitness-watch.json")
    assert main(["export", sample]) == 2
    assert main(["export", sample, "--pdf", str(tmp_path / "x.pdf"), "--persona", "nobody"]) == 1
    assert "no persona 'nobody'" in capsys.readouterr().err
    assert main(["export", sample, "--pdf", str(tmp_path / "x.pdf"), "--paper", "A4", "--persona", "beginner"]) == 1
    err = capsys.readouterr().err
    assert "below 6 pt" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()
    broken = tmp_path / "broken.json"
    broken.write_text("{", "utf-8")
    assert main(["export", str(broken), "--xlsx", str(tmp_path / "x.xlsx")]) == 1
    assert list(tmp_path.iterdir()) == [broken]
