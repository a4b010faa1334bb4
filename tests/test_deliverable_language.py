"""Deliverables have a document language (issue 14, items 4 and 9): the poster's and the workbook's fixed words.

A German poster and workbook of every sample hold no English fixed word, an English export of the German
sample none of the German ones, and in the pseudo language (every catalogue string wrapped in ⟦…⟧) every
fixed word on every page and sheet is wrapped: a word left outside the brackets that is not the user's
text was built outside the catalogue.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import tests.test_poster as poster_tests
from app.export.excel import CARD_COLUMNS, HEADER_FILL, PAIN_HEADERS, PERSONA_HEADERS, PHASE_HEADERS, export_excel
from app.export.pdf import PdfOptions, export_pdf
from app.export.targets import ExportChoices, export
from app.i18n import catalogue, set_language
from app.model import JourneyMap, load_map
from tests.conftest import ROOT, SAMPLE_FILES, SAMPLES, UNDER_MUTATION
from tests.test_poster import Drawn, overlapping

#: the poster tests' fixture that records every block of text drawn and where
drawn = poster_tests.drawn

GERMAN_SAMPLE = SAMPLES / "onlineshop-retoure.json"
PINNED = date(2026, 11, 24)
#: the English fixed words the issue names, which a German poster must not print
ENGLISH_WORDS = ("Goal of the journey", "Pain point", "Severity", "votes", "moment of truth", "observed")


class _PinnedDate(date):
    @classmethod
    def today(cls) -> date:
        return PINNED


@pytest.fixture(autouse=True)
def pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.export.pdf.date", _PinnedDate)


# --- what the deliverables' words are -----------------------------------------------------------------


#: the project as written. Under mutation ROOT is mutmut's copy (``mutants/`` inside the project), whose source holds
#: every mutant's made-up strings beside the real ones: Babel took 47 s (profiled) to read it for each mutant.
SOURCE_ROOT = ROOT.parent if UNDER_MUTATION else ROOT


@cache
def deliverable_messages() -> list[str | tuple[str, str]]:
    """Every message the exporters and the layout mark, as the catalogue tool extracts them from the source."""
    spec = importlib.util.spec_from_file_location("catalogue_tool", SOURCE_ROOT / "scripts" / "catalogue.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    found = []
    for by_message in tool.extracted().values():
        for message, places in by_message.items():
            if any(tool.area_of(place) == "deliverables" for place, _line in places):
                found.append(message)
    return found


def _texts(message: str | tuple[str, str], language: str) -> list[str]:
    words = catalogue(language)
    if isinstance(message, tuple):
        return [words.ngettext(*message, 1), words.ngettext(*message, 3)]
    return [words.gettext(message)]


def fixed_words(language: str, other: str) -> set[str]:
    """The pieces of ``language``'s fixed words (between placeholders) that none of ``other``'s has."""
    pieces = set()
    theirs = "\n".join(text for message in deliverable_messages() for text in _texts(message, other))
    for message in deliverable_messages():
        for text in _texts(message, language):
            for piece in re.split(r"\{[^}]*\}", text):
                piece = piece.strip(" ·:()…–-,")
                if re.search(r"[^\W\d_]{3,}", piece) and piece not in theirs:
                    pieces.add(piece)
    return pieces


def user_texts(journey_map: JourneyMap) -> list[str]:
    """Every string of the map that is the user's own (not a value the app names, like an evidence)."""
    found: list[str] = []

    def walk(value, key: str = "") -> None:
        if isinstance(value, str):
            if key not in ("evidence", "kind", "color", "format", "schema_version", "language"):
                found.append(value)
        elif isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)

    walk(journey_map.model_dump(mode="json"))
    return found


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{2,}", text))


def spaced(text: str) -> str:
    return " ".join(text.split())


def found_in(piece: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text) is not None


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def chart_texts(path: Path) -> list[str]:
    """The titles of the workbook's charts, read from their XML (openpyxl does not load charts)."""
    with zipfile.ZipFile(path) as archive:
        return [text for name in sorted(archive.namelist()) if name.startswith("xl/charts/chart")
                for text in re.findall(r"<a:t>([^<]*)</a:t>", archive.read(name).decode())]


def cell_strings(path: Path) -> list[tuple[str, str, str]]:
    """(sheet, cell, text) of every text cell of the workbook."""
    workbook = load_workbook(path)
    return [(sheet.title, cell.coordinate, cell.value) for sheet in workbook.worksheets
            for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def header_cells(path: Path) -> dict[str, list[str]]:
    """Per sheet, the text of every header cell (the dark header fill), in reading order."""
    workbook = load_workbook(path)
    return {sheet.title: [cell.value for row in sheet.iter_rows() for cell in row
                          if cell.fill.fgColor.rgb and cell.fill.fgColor.rgb[-6:] == HEADER_FILL.fgColor.rgb[-6:]
                          and isinstance(cell.value, str)]
            for sheet in workbook.worksheets}


def assert_no_foreign_words(text: str, journey_map: JourneyMap, language: str, other: str, where: str) -> None:
    """No fixed word of ``other`` (written differently in ``language``) in ``text``, unless the user wrote it."""
    own = spaced("\n".join(user_texts(journey_map)))
    text = spaced(text)
    left = sorted(piece for piece in fixed_words(other, language) if found_in(piece, text) and not found_in(piece, own))
    assert left == [], f"{where}: {other} fixed words in a {language} export: {left}"


# --- the poster ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_a_german_poster_of_every_sample_has_german_fixed_words_and_a_german_date(path: Path, tmp_path: Path,
                                                                                  drawn: Drawn):
    journey_map = load_map(path)
    out = tmp_path / "de.pdf"
    result = export_pdf(journey_map, out, PdfOptions(language="de"))
    text = pdf_text(out)
    assert f"Seite 1 von {result.pages}" in text
    assert "page 1 of" not in text.lower()
    assert f"Datum: {PINNED:%d.%m.%Y}" in spaced(text)
    own = spaced("\n".join(user_texts(journey_map)))
    for word in ENGLISH_WORDS:
        assert not found_in(word, spaced(text)) or found_in(word, own), word
    assert_no_foreign_words(text, journey_map, "de", "en", path.name)
    assert "Schweregrad ●●●○○ 3/5 · ▲ Stimmen · ★ Moment of Truth" in spaced(text)
    for page, boxes in drawn.texts.items():
        assert overlapping(boxes) == [], f"page {page}"


def test_a_tiled_german_poster_labels_its_sheets_in_german(tmp_path: Path):
    journey_map = load_map(GERMAN_SAMPLE)
    out = tmp_path / "de.pdf"
    export_pdf(journey_map, out, PdfOptions(language="de", tile="A4", personas=[journey_map.personas[0].id]))
    pages = PdfReader(out).pages
    assert spaced(pages[0].extract_text()).startswith(f"Zusammenbau: {journey_map.personas[0].name}")
    first = spaced(pages[1].extract_text())
    assert "Blatt A1" in first and "Reihe A, Spalte 1 von" in first and "Posterseite" not in first  # one persona
    assert "Überlappung 10 mm" in first  # the marks' form's note, placed on every sheet
    text = pdf_text(out)
    assert "Sheet" not in text and "overlap" not in text and "Assembly" not in text and "glue" not in text


def test_an_english_poster_of_the_german_sample_is_english_apart_from_the_users_text(tmp_path: Path):
    journey_map = load_map(GERMAN_SAMPLE)
    out = tmp_path / "en.pdf"
    result = export_pdf(journey_map, out, PdfOptions(language="en"))
    text = pdf_text(out)
    assert f"page 1 of {result.pages}" in text and "Seite 1 von" not in text
    assert "Date: Nov 24, 2026" in spaced(text)
    assert "Goal of the journey:" in text
    assert_no_foreign_words(text, journey_map, "en", "de", "en.pdf")


def test_the_poster_follows_the_map_then_the_ui_language(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    set_language("de")  # no choice and a map without a language: the UI language
    export_pdf(journey_map, tmp_path / "ui.pdf")
    assert "Seite 1 von" in pdf_text(tmp_path / "ui.pdf")
    set_language("en")
    export_pdf(journey_map, tmp_path / "override.pdf", PdfOptions(language="de"))
    assert "Seite 1 von" in pdf_text(tmp_path / "override.pdf")
    if "language" not in JourneyMap.model_fields:
        pytest.skip("the map file has no language field yet (format 1.1)")
    german = load_map(GERMAN_SAMPLE)
    assert german.language == "de"
    export_pdf(german, tmp_path / "map.pdf")  # the UI is English; the map says German
    assert "Seite 1 von" in pdf_text(tmp_path / "map.pdf")


# --- the workbook -------------------------------------------------------------------------------------


def german(message: str) -> str:
    return catalogue("de").gettext(message)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_a_german_workbook_of_every_sample_has_german_sheet_names_and_headers(path: Path, tmp_path: Path):
    journey_map = load_map(path)
    out = tmp_path / "de.xlsx"
    result = export_excel(journey_map, out, language="de")
    personas = [p.name for p in journey_map.personas]
    assert load_workbook(out).sheetnames == result.sheets
    assert result.sheets[0] == "Übersicht"
    assert result.sheets[-4:] == ["Karten", "Emotionen", "Schmerzpunkte", "Chancen"]  # every sample has opportunities
    assert len(result.sheets) == len(personas) + 5
    headers = header_cells(out)
    own = set(user_texts(journey_map))
    overview = headers["Übersicht"]
    assert overview == [german(h) for h in PERSONA_HEADERS] + [german(h) for h in PHASE_HEADERS]
    assert overview[:3] == ["Name", "Rolle", "Beschreibung"]
    assert headers["Karten"] == [german(h) for h in CARD_COLUMNS]
    assert headers["Karten"][7:11] == ["Schweregrad", "Beleg", "Moment of Truth", "Stimmen"]
    assert headers["Schmerzpunkte"] == [german(h) for h in PAIN_HEADERS]
    phases = [p.name for p in journey_map.phases]
    # the scores, then the personas compared: the spread per phase and the chosen lane side by side
    assert headers["Emotionen"] == ["Phase", *personas, german("Emotion score"), *phases, "Persona", *phases]
    for sheet in result.sheets[1:-4]:  # the phases' names and goals: the user's words
        assert all(line in own for header in headers[sheet] for line in header.split("\n")), sheet
    for sheet, cells in headers.items():
        english = fixed_words("en", "de")
        assert [c for c in cells if c in english and c not in own] == [], sheet
    column_a = [cell.value for (cell,) in load_workbook(out)["Übersicht"].iter_rows(min_col=1, max_col=1)]
    for word in ("Ziel", "Beschreibung", "Erstellt am", "Personas", "Phasen", "Legende", "Kontaktpunkt",
                 "Schmerzpunkt (Schweregrad 1–5)", "Kundenaktion", "Chance"):
        assert word in column_a, word
    assert any(str(value).startswith("Emotionswerte: -2 sehr negativ") for value in column_a)
    assert chart_texts(out) == ["Emotionskurve je Persona", "Emotion (-2 … +2)"]
    text = "\n".join(value for _sheet, _cell, value in cell_strings(out))
    assert_no_foreign_words(text, journey_map, "de", "en", path.name)


def test_the_german_workbook_writes_evidence_and_moments_of_truth_in_german(tmp_path: Path):
    journey_map = load_map(GERMAN_SAMPLE)
    out = tmp_path / "de.xlsx"
    export_excel(journey_map, out, language="de")
    workbook = load_workbook(out)
    cards = workbook["Karten"]
    evidence = {cell.value for (cell,) in cards.iter_rows(min_row=2, min_col=9, max_col=9)} - {None}
    assert evidence and evidence <= {"beobachtet", "berichtet", "angenommen"}
    truth = {cell.value for (cell,) in cards.iter_rows(min_row=2, min_col=10, max_col=10)} - {None}
    assert truth == {"ja"}
    pains = {cell.value for (cell,) in workbook["Schmerzpunkte"].iter_rows(min_row=2, min_col=6, max_col=6)}
    assert pains - {None} <= {"beobachtet", "berichtet", "angenommen"} and pains - {None}
    persona_sheet = workbook[journey_map.personas[0].name[:31]]
    captions = "\n".join(str(cell.value) for row in persona_sheet.iter_rows() for cell in row if cell.value)
    assert re.search(r"\(.*(beobachtet|berichtet|angenommen)", captions)
    assert not re.search(r"\b(observed|reported|assumed)\b", captions)


def test_an_english_workbook_of_the_german_sample_is_english_apart_from_the_users_text(tmp_path: Path):
    journey_map = load_map(GERMAN_SAMPLE)
    out = tmp_path / "en.xlsx"
    result = export_excel(journey_map, out, language="en")
    assert result.sheets[0] == "Overview"
    assert result.sheets[-4:] == ["Cards", "Emotions", "Pain points", "Opportunities"]
    headers = header_cells(out)
    assert headers["Cards"] == CARD_COLUMNS
    assert headers["Pain points"] == list(PAIN_HEADERS)
    assert headers["Overview"] == [*PERSONA_HEADERS, *PHASE_HEADERS]
    assert chart_texts(out) == ["Emotion curve per persona", "Emotion (-2 … +2)"]
    text = "\n".join(value for _sheet, _cell, value in cell_strings(out))
    assert_no_foreign_words(text, journey_map, "en", "de", "en.xlsx")


def test_the_shared_dispatch_passes_the_language_to_both_exporters(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    choices = ExportChoices(language="de", source=SAMPLES / "fitness-watch.json")
    export("pdf", journey_map, tmp_path / "m.pdf", choices)
    export("xlsx", journey_map, tmp_path / "m.xlsx", choices)
    assert f"{journey_map.title} · 24.11.2026 · Seite 1 von" in spaced(pdf_text(tmp_path / "m.pdf"))
    assert load_workbook(tmp_path / "m.xlsx").sheetnames[0] == "Übersicht"


# --- the pseudo language: nothing built outside the catalogue -------------------------------------------


def unwrapped(text: str) -> str:
    """The text without everything the catalogue gave (⟦…⟧, nested ones too)."""
    while True:
        shorter = re.sub(r"⟦[^⟦⟧]*⟧", " ", text, flags=re.S)
        if shorter == text:
            return text
        text = shorter


def test_every_fixed_word_of_a_pseudo_poster_comes_from_the_catalogue(tmp_path: Path, drawn: Drawn):
    journey_map = load_map(GERMAN_SAMPLE)
    own = words_of("\n".join(user_texts(journey_map)))
    plain, tiled = tmp_path / "pseudo.pdf", tmp_path / "tiled.pdf"
    export_pdf(journey_map, plain, PdfOptions(language="pseudo"))
    for page, boxes in drawn.texts.items():  # words longer still than German's: nothing runs into anything
        assert overlapping(boxes) == [], f"page {page}"
    export_pdf(journey_map, tiled, PdfOptions(language="pseudo", tile="A4", personas=[journey_map.personas[0].id]))
    for path in (plain, tiled):
        for number, page in enumerate(PdfReader(path).pages, 1):
            text = page.extract_text()
            assert "⟦" in text
            left = words_of(unwrapped(text)) - own
            assert left == set(), f"{path.name} page {number}: words outside the catalogue: {sorted(left)}"
    assert "⟦Assembly: " in spaced(PdfReader(tiled).pages[0].extract_text())
    assert "⟦overlap 10 mm⟧" in spaced(PdfReader(tiled).pages[1].extract_text())
    assert any("⟦" in line for box in drawn.texts.values() for *_xy, line in box)


def test_every_fixed_word_of_a_pseudo_workbook_comes_from_the_catalogue(tmp_path: Path):
    journey_map = load_map(GERMAN_SAMPLE)
    own_texts = set(user_texts(journey_map))
    own = words_of("\n".join(own_texts))
    out = tmp_path / "pseudo.xlsx"
    result = export_excel(journey_map, out, language="pseudo")
    for sheet in (result.sheets[0], *result.sheets[-4:]):
        assert sheet.startswith("⟦") and sheet.endswith("⟧"), sheet
    for sheet, cell, value in cell_strings(out):
        left = words_of(unwrapped(value)) - own
        assert left == set(), f"{sheet}!{cell} {value!r}: words outside the catalogue: {sorted(left)}"
    for sheet, cells in header_cells(out).items():
        assert all(c.startswith("⟦") or set(c.split("\n")) <= own_texts for c in cells), sheet
    for title in chart_texts(out):
        assert title.startswith("⟦") and not words_of(unwrapped(title)), title


# --- the German words themselves --------------------------------------------------------------------------


@pytest.mark.skipif(UNDER_MUTATION, reason="reads the source and the catalogue only: no mutated code runs")
def test_every_deliverable_message_has_german_words():
    words = catalogue("de")
    for message in deliverable_messages():
        if isinstance(message, tuple):
            assert words.ngettext(*message, 1) and words.ngettext(*message, 2) != message[1], message
        else:
            translated = words.gettext(message)
            same = {"KPI", "KPIs", "Text", "Persona", "Personas", "Phase", "Name", "Emotion ({lowest} … {highest})",
                    "{cell} in {cells}", "{cards}, {points}", "Version", "Version: {version}",
                    "{characters} in {place}: {start}"}
            assert translated != message or message in same, message
            assert set(re.findall(r"\{\w+\}", translated)) == set(re.findall(r"\{\w+\}", message)), message


# --- what the exporters tell the person exporting: the UI language, plurals right ------------------------


def test_the_export_summary_and_warnings_are_in_the_ui_language_with_plurals(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    set_language("de")
    poster = export_pdf(journey_map, tmp_path / "m.pdf", PdfOptions(paper="A2", language="en"))
    assert re.fullmatch(r"A2 quer, Kartentext \d+,\d(–\d+,\d)? pt", poster.summary), poster.summary
    tiled = export_pdf(journey_map, tmp_path / "t.pdf", PdfOptions(tile="A4", personas=["beginner"]))
    assert re.fullmatch(r"gekachelt auf \d+ A4-Blätter quer, Kartentext 9,0 pt; ein Zusammenbaublatt vorweg"
                        r"(, \d+ (leeres Blatt|leere Blätter) ausgelassen)?", tiled.summary), tiled.summary
    for count, words in ((1, "1 Zahl, zu groß für eine Tabellenzahl, wurde als Text geschrieben"),
                         (3, "3 Zahlen, zu groß für eine Tabellenzahl, wurden als Text geschrieben")):
        journey_map.cards[0].votes = 10**20
        for card in journey_map.cards[1:count]:
            card.votes = 10**20 + 1
        result = export_excel(journey_map, tmp_path / f"{count}.xlsx", language="en")
        assert words in result.warnings, result.warnings
        assert load_workbook(tmp_path / f"{count}.xlsx").sheetnames[0] == "Overview"  # the workbook's language
    set_language("en")
    result = export_excel(journey_map, tmp_path / "en.xlsx")
    assert "3 numbers too large for a spreadsheet number were written as text" in result.warnings
    journey_map.cards[1].votes = journey_map.cards[2].votes = 0
    result = export_excel(journey_map, tmp_path / "one.xlsx")
    assert "1 number too large for a spreadsheet number was written as text" in result.warnings


@pytest.mark.parametrize("language", ["de", "pseudo"])
def test_a_narrow_poster_with_every_kind_keeps_its_longer_legend_apart(language: str, tmp_path: Path, drawn: Drawn):
    """On a sheet too narrow for the legend beside the title it goes under it; longer words take fewer
    swatches a row and more lines, and nothing runs into anything."""
    from app.model import Lane, Persona, Phase

    kinds = ["touchpoints", "actions", "thoughts", "pain_points", "opportunities", "owners", "kpis", "goals",
             "emotions"]
    journey_map = JourneyMap(id="narrow", title="Schmal", goal="Alles lesbar",
                             phases=[Phase(id="a", name="Wahrnehmung")],
                             lanes=[Lane(id=kind, name=kind, kind=kind) for kind in kinds],
                             personas=[Persona(id="p", name="Lena", goals=["Laufen"], pains=["Zahlen"])])
    export_pdf(journey_map, tmp_path / "narrow.pdf", PdfOptions(paper="A4", landscape=False, language=language))
    boxes = drawn.texts[1]
    assert overlapping(boxes) == []
    legend_words = [box for box in boxes if "Verantwortlich" in box[4] or "⟦Owner⟧" in box[4]]
    assert legend_words and all(box[2] <= 595 - 28 + 0.01 for box in boxes)  # inside the right margin


def test_an_image_says_its_fixed_words_in_the_deliverables_language_whatever_the_ui_speaks(qapp, tmp_path):
    """The evidence words inside the cards of a PNG or SVG are the map's language (or the export's choice),
    as the poster's are; the editor's canvas keeps the UI language."""
    from app import i18n

    journey_map = load_map(SAMPLES / "onlineshop-retoure.json")  # says "de"; the UI speaks English
    assert i18n.language() == "en"
    for language, present, absent in ((None, "beobachtet", "observed"), ("en", "observed", "beobachtet")):
        path = tmp_path / f"{language}.svg"
        export("svg", journey_map, path, ExportChoices(personas=[journey_map.personas[0].id], language=language))
        text = path.read_text("utf-8")
        assert present in text and absent not in text, language
