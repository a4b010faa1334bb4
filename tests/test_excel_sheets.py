"""What a client finds in each sheet of the workbook: the overview's sections, the map-shaped persona
sheets, the filterable tables, the emotion chart, readable rows and columns, and pages that print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import CARD_COLUMNS, OVERVIEW_WIDTHS, export_excel, sheet_title
from app.layout import palette
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase

WHITE = "00FFFFFF"


def argb(color: str) -> str:
    return "00" + color.lstrip("#").upper()


def small_map() -> JourneyMap:
    return JourneyMap(
        id="m", title="Watch journey", goal="Know the buyer", description="From ad to advocacy",
        phases=[Phase(id="aw", name="Awareness", goal="attention", description="first contact"),
                Phase(id="bu", name="Purchase")],
        lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints"), Lane(id="em", name="Feeling", kind="emotions"),
               Lane(id="pp", name="Pains", kind="pain_points"), Lane(id="no", name="Notes", kind="notes")],
        personas=[Persona(id="lena", name="Lena", role="Runner", description="Beginner", goals=["fit", "fun"],
                          pains=["cost", "time"], channels=["web", "store"], decision_criteria=["price", "fit"],
                          quote="Go!"),
                  Persona(id="tom", name="Tom")],
        cards=[
            Card(id="c1", persona="lena", phase="aw", lane="tp", text="Ad", channel="social", moment_of_truth=True),
            Card(id="c2", persona="lena", phase="aw", lane="tp", text="Blog"),
            Card(id="c3", persona="lena", phase="bu", lane="pp", text="Checkout slow", severity=2, owner="IT",
                 evidence="observed", votes=3, tags=["web", "speed"], notes="seen twice"),
            Card(id="c4", persona="tom", phase="aw", lane="pp", text="Too pricey", severity=5),
            Card(id="c5", persona="tom", phase="bu", lane="pp", text="No stock", severity=5),
            Card(id="c6", persona="lena", phase="aw", lane="pp", text="Unclear sizes"),
            Card(id="c7", persona="tom", phase="bu", lane="pp", text="Slow mail", severity=1),
        ],
        emotions=[EmotionPoint(persona="lena", phase="aw", score=2, label="curious", note="likes the ad"),
                  EmotionPoint(persona="lena", phase="bu", score=-1),
                  EmotionPoint(persona="tom", phase="bu", score=-2, label="angry")],
    )


@pytest.fixture
def workbook(tmp_path):
    """Exported afresh for each test, so each test checks its own export (mutation testing relies on it)."""
    out = tmp_path / "map.xlsx"
    result = export_excel(small_map(), out)
    assert result.sheets == ["Overview", "Lena", "Tom", "Cards", "Emotions", "Pain points"]
    assert result.warnings == [] and result.removed_characters == 0
    return load_workbook(out)


def values(sheet, row: int) -> list:
    return [cell.value for cell in sheet[row]]


def assert_prints_landscape_one_page_wide(sheet, title_rows: str | None):
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    if title_rows:
        assert sheet.print_title_rows == title_rows


def assert_header(cell):
    assert cell.font.b and cell.font.color.rgb == WHITE
    assert cell.fill.fgColor.rgb == argb(palette.HEADER_FILL)
    assert cell.alignment.wrap_text and cell.alignment.vertical == "center" and cell.border.left.style == "thin"


def test_workbook_properties_name_the_map(workbook):
    assert workbook.properties.title == "Watch journey"
    # issue 19: nobody's name as the creator (neither the library's nor the product's): tests/test_workbook_print.py


def test_the_overview_has_the_map_its_personas_phases_and_a_legend(workbook):
    sheet = workbook["Overview"]
    assert sheet["A1"].value == "Watch journey" and sheet["A1"].font.b and sheet["A1"].font.sz == 16
    assert [values(sheet, r)[:2] for r in (3, 4, 5)] == [
        ["Goal", "Know the buyer"], ["Description", "From ad to advocacy"], ["Generated", date.today().isoformat()]]
    assert all(sheet.cell(row=r, column=1).font.b for r in (3, 4, 5))
    assert sheet["B4"].alignment.wrap_text
    assert sheet["A7"].value == "Personas" and sheet["A7"].font.b and sheet["A7"].font.sz == 13
    assert values(sheet, 8) == ["Name", "Role", "Description", "Goals", "Pains", "Channels", "Decision criteria",
                                "Quote"]
    for cell in sheet[8]:
        assert_header(cell)
    assert values(sheet, 9) == ["Lena", "Runner", "Beginner", "fit\nfun", "cost\ntime", "web\nstore", "price\nfit",
                                "Go!"]
    assert not sheet["B3"].font.b and not sheet["A9"].font.b  # values are plain, labels bold
    assert sheet["D9"].alignment.wrap_text and sheet.row_dimensions[9].height == 33  # two lines
    assert values(sheet, 10)[0] == "Tom"
    assert sheet["A12"].value == "Phases" and sheet["A12"].font.sz == 13 and sheet["A12"].font.b
    assert values(sheet, 13)[:3] == ["Phase", "Goal", "Description"]
    for cell in sheet[13][:3]:
        assert_header(cell)
    assert values(sheet, 14)[:3] == ["Awareness", "attention", "first contact"]
    assert values(sheet, 15)[:3] == ["Purchase", None, None] or values(sheet, 15)[:3] == ["Purchase", "", ""]
    assert sheet["C14"].alignment.wrap_text and sheet.row_dimensions[14].height == 18
    assert sheet["A17"].value == "Legend" and sheet["A17"].font.b and sheet["A17"].font.sz == 13
    # issue 19: the kinds of the map's lanes only (no KPI swatch on a map without a KPI lane)
    assert all(sheet.cell(row=r, column=1).fill.fill_type == "solid" for r in range(18, 20))
    legend = [(sheet.cell(row=r, column=1).value, sheet.cell(row=r, column=1).fill.fgColor.rgb) for r in range(18, 20)]
    assert legend == [(label, argb(palette.CARD_COLORS[kind][0])) for kind, label in (
        ("touchpoints", "Touchpoint"), ("pain_points", "Pain point (severity 1-5)"))]
    assert sheet["A20"].value == "Emotion scores: -2 very negative … 0 neutral … +2 very positive"
    assert [sheet.column_dimensions[c].width for c in "ABCDEFGH"] == list(OVERVIEW_WIDTHS)
    assert_prints_landscape_one_page_wide(sheet, None)


@pytest.mark.parametrize(("text", "lines"), [("", 1), ("one line", 1), ("a\nb\nc", 3), ("x" * 44, 2), ("x" * 42, 1),
                                              ("x" * 43, 2), ("x" * 5000, 99)])
def test_overview_rows_are_tall_enough_for_their_wrapped_text(tmp_path: Path, text, lines):
    journey_map = small_map()
    journey_map.description = text  # column B: 40 wide, 42 characters a line (39 units of 1.1 each)
    export_excel(journey_map, tmp_path / "m.xlsx")
    assert load_workbook(tmp_path / "m.xlsx")["Overview"].row_dimensions[4].height == min(409, 15 * lines + 3)


def test_a_persona_sheet_is_the_map_grid(workbook):
    sheet = workbook["Lena"]
    assert sheet["A1"].value == "Lena" and sheet["A1"].font.b and sheet["A1"].font.sz == 13
    assert [sheet["B2"].value, sheet["C2"].value] == ["Awareness\nattention", "Purchase"]
    for cell in (sheet["B2"], sheet["C2"]):
        assert_header(cell)
    assert sheet.row_dimensions[2].height == 15 * 2 + 3  # issue 19: as tall as its two lines, not a fixed 32
    assert sheet.column_dimensions["A"].width == 22
    assert sheet.column_dimensions["B"].width == sheet.column_dimensions["C"].width == 38
    assert [sheet.cell(row=r, column=1).value for r in range(3, 7)] == ["Touchpoints", "Feeling", "Pains", "Notes"]
    label = sheet["A3"]
    assert label.font.b and label.fill.fgColor.rgb == argb(palette.LANE_HEADER_FILL) and label.alignment.wrap_text
    assert sheet["B3"].value == "• ★ Ad\n   (social)\n• Blog"
    assert sheet["B3"].fill.fgColor.rgb == argb(palette.CARD_COLORS["touchpoints"][0])
    assert sheet["B3"].fill.fill_type == "solid" and sheet["B4"].fill.fill_type == "solid"
    assert sheet["B3"].alignment.wrap_text and sheet["B3"].border.top.style == "thin"
    assert sheet["C3"].value in (None, "") and sheet["C3"].fill.fill_type is None
    assert sheet["C5"].value == "• Checkout slow\n   (●●○○○ 2/5 · IT · observed · ▲3 · #web #speed)"
    assert sheet["C5"].fill.fgColor.rgb == argb(palette.CARD_COLORS["pain_points"][0])
    assert sheet["B4"].value == "+2 · curious\nlikes the ad"  # issue 19: the score, then its label
    assert sheet["B4"].fill.fgColor.rgb == argb(palette.EMOTION_COLORS[2])
    assert sheet["B4"].font.b and sheet["B4"].font.color.rgb == WHITE  # a strong colour needs white text
    assert sheet["C4"].value == "-1" and sheet["C4"].fill.fgColor.rgb == argb(palette.EMOTION_COLORS[-1])
    assert not sheet["C4"].font.b
    assert sheet.row_dimensions[3].height == 15 * 3 + 3 and sheet.row_dimensions[6].height == 18
    assert sheet.freeze_panes == "B3"
    assert_prints_landscape_one_page_wide(sheet, "$1:$2")  # issue 19: the persona's name on every page too
    assert sheet.print_title_cols == "$A:$A"
    tom = workbook["Tom"]
    assert tom["C4"].value == "-2 · angry" and tom["C4"].font.color.rgb == WHITE
    assert tom["B4"].value in (None, "") and tom["B4"].fill.fill_type is None


def test_a_crowded_cell_grows_its_row_up_to_the_spreadsheet_limit(tmp_path: Path):
    journey_map = small_map()
    journey_map.cards[0].text = "x" * 122  # "• ★ " on a line, then 122 characters at 40 a line (38 wide): 4 more
    export_excel(journey_map, tmp_path / "m.xlsx")
    lines = 5 + 1 + 1  # wrapped text, its caption, the second card
    assert load_workbook(tmp_path / "m.xlsx")["Lena"].row_dimensions[3].height == 15 * lines + 3
    journey_map.cards[0].text = "x\n" * 200
    export_excel(journey_map, tmp_path / "m.xlsx")
    # issue 19: a row holds 25 lines and a line for each mark (409 points at most); the rest continues below.
    # The piece ends in its line break and the mark: nothing of the text is dropped at the cut.
    sheet = load_workbook(tmp_path / "m.xlsx")["Lena"]
    assert sheet.row_dimensions[3].height == 15 * 26 + 3 <= 409
    assert sheet["B3"].value.endswith("x\n…")
    assert sheet["A4"].value == "Touchpoints (continued)" and sheet["B4"].value.startswith("… x")


def test_the_cards_table_lists_every_card_with_its_facts(workbook):
    sheet = workbook["Cards"]
    assert values(sheet, 1) == CARD_COLUMNS
    for cell in sheet[1]:
        assert_header(cell)
    assert values(sheet, 2) == ["Lena", "Awareness", "Touchpoints", "Ad", None, "social", None, None, None, "yes",
                                0, None, "c1"]
    assert values(sheet, 4) == ["Lena", "Purchase", "Pains", "Checkout slow", "seen twice", None, "IT", 2, "observed",
                                None, 3, "web, speed", "c3"]
    assert sheet["D4"].alignment.wrap_text and sheet["E4"].alignment.wrap_text and sheet["L4"].alignment.wrap_text
    assert not sheet["A4"].alignment.wrap_text and not sheet["M4"].alignment.wrap_text
    table = sheet.tables["Cards"]
    assert table.ref == "A1:M8" and table.tableStyleInfo.name == "TableStyleMedium2"
    assert table.tableStyleInfo.showRowStripes
    assert [sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLM"] == [22, 16, 18, 50, 30, 16, 16, 9, 11, 10, 7,
                                                                           18, 12]
    assert sheet.freeze_panes == "A2"
    assert_prints_landscape_one_page_wide(sheet, "$1:$1")


def test_one_card_is_already_a_table(tmp_path: Path):
    journey_map = small_map()
    journey_map.cards = journey_map.cards[:1]
    export_excel(journey_map, tmp_path / "m.xlsx")
    assert load_workbook(tmp_path / "m.xlsx")["Cards"].tables["Cards"].ref == "A1:M2"


def test_a_long_title_is_cut_to_what_document_properties_hold(tmp_path: Path):
    journey_map = small_map()
    journey_map.title = "t" * 300
    export_excel(journey_map, tmp_path / "m.xlsx")
    assert load_workbook(tmp_path / "m.xlsx").properties.title == "t" * 250


def test_a_map_without_cards_still_gets_a_filterable_cards_sheet(tmp_path: Path):
    journey_map = small_map()
    journey_map.cards = []
    export_excel(journey_map, tmp_path / "m.xlsx")
    workbook = load_workbook(tmp_path / "m.xlsx")
    assert not workbook["Cards"].tables and workbook["Cards"].auto_filter.ref == "A1:M1"
    assert workbook["Pain points"].auto_filter.ref == "A1:G1"
    assert workbook["Pain points"].max_row == 1


def test_the_emotions_sheet_has_the_scores_and_a_chart_of_them(workbook):
    sheet = workbook["Emotions"]
    assert values(sheet, 1) == ["Phase", "Lena", "Tom"] and sheet.row_dimensions[1].height == 32
    for cell in sheet[1]:
        assert_header(cell)
    assert values(sheet, 2) == ["Awareness", 2, None] and values(sheet, 3) == ["Purchase", -1, -2]
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [22, 22, 22]
    assert sheet.freeze_panes == "B2"
    assert_prints_landscape_one_page_wide(sheet, None)
    # the persona comparison below has headers of its own: row 1 is not repeated over its pages
    assert sheet.print_title_rows is None


def test_the_emotion_chart_draws_one_unsmoothed_line_per_persona_on_the_score_scale(tmp_path: Path):
    # openpyxl does not read charts back: look at what it writes
    import zipfile

    out = tmp_path / "m.xlsx"
    export_excel(small_map(), out)
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = archive.read(charts[0]).decode()
        drawing = archive.read(next(n for n in archive.namelist() if n.startswith("xl/drawings/drawing"))).decode()
    assert "<a:t>Emotion curve per persona</a:t>" in chart and "<a:t>Emotion (-2 … +2)</a:t>" in chart
    assert chart.count("<ser>") == 2
    assert "<f>'Emotions'!B1</f>" in chart and "<f>'Emotions'!C1</f>" in chart  # series named by persona headers
    assert "'Emotions'!$B$2:$B$3" in chart and "'Emotions'!$C$2:$C$3" in chart
    assert chart.count("<cat><numRef><f>'Emotions'!$A$2:$A$3</f>") == 2  # phases as categories
    assert '<min val="-2"/>' in chart and '<max val="2"/>' in chart
    assert chart.count('<smooth val="0"/>') == 2
    assert '<tickLblPos val="low"/>' in chart and chart.count('<delete val="0"/>') == 2
    assert '<ext cx="6480000" cy="3240000"/>' in drawing  # 18 x 9 cm
    assert "<from><col>4</col><colOff>0</colOff><row>1</row>" in drawing  # at E2, beside the table


def test_a_map_without_personas_or_phases_has_no_chart(tmp_path: Path):
    journey_map = small_map()
    journey_map.cards, journey_map.emotions, journey_map.personas = [], [], []
    export_excel(journey_map, tmp_path / "m.xlsx")
    assert not load_workbook(tmp_path / "m.xlsx")["Emotions"]._charts


def test_pain_points_are_sorted_worst_first_then_by_phase(workbook):
    sheet = workbook["Pain points"]
    assert values(sheet, 1) == ["Severity", "Pain point", "Phase", "Persona", "Owner", "Evidence", "Votes"]
    for cell in sheet[1]:
        assert_header(cell)
    rows = [values(sheet, r) for r in range(2, sheet.max_row + 1)]
    assert rows == [
        [5, "Too pricey", "Awareness", "Tom", None, None, 0],
        [5, "No stock", "Purchase", "Tom", None, None, 0],
        [2, "Checkout slow", "Purchase", "Lena", "IT", "observed", 3],
        [1, "Slow mail", "Purchase", "Tom", None, None, 0],
        [None, "Unclear sizes", "Awareness", "Lena", None, None, 0],  # no severity: after the mildest
    ]
    assert sheet["B2"].alignment.wrap_text and not sheet["C2"].alignment.wrap_text
    assert [sheet.column_dimensions[c].width for c in "ABCDEFG"] == [9, 60, 18, 24, 16, 11, 7]
    assert sheet.auto_filter.ref == "A1:G6" and sheet.freeze_panes == "A2"
    assert_prints_landscape_one_page_wide(sheet, "$1:$1")


@pytest.mark.parametrize(("name", "title"), [
    ("Lena", "Lena"), ("  spaced  ", "spaced"), ("'quoted'", "quoted"), ("a/b:c", "a_b_c"), ("", "Sheet"),
    ("''", "Sheet"), ("x" * 40, "x" * 31), ("Xander", "Xander"), ("\x01\x02", "Sheet"), ("History", "History (2)"),
])
def test_sheet_titles_are_valid_for_excel(name, title):
    assert sheet_title(name, set()) == title


def test_sheet_titles_stay_unique_and_short_when_counted_up():
    taken: set[str] = set()
    titles = [sheet_title("y" * 40, taken) for _ in range(3)]
    assert titles == ["y" * 31, "y" * 27 + " (2)", "y" * 27 + " (3)"]
    assert taken == {t.casefold() for t in titles}


def test_progress_is_reported_after_every_sheet_and_cancel_writes_nothing(tmp_path: Path):
    from app.export import ExportError

    journey_map = small_map()
    seen = []
    out = tmp_path / "map.xlsx"
    export_excel(journey_map, out, lambda done, total: seen.append((done, total)) or True)
    total = len(journey_map.personas) + 5
    assert seen == [(done, total) for done in range(1, total + 1)]
    assert load_workbook(out).sheetnames
    for stop_at in range(1, total + 1):
        cancelled = tmp_path / f"cancelled-{stop_at}.xlsx"
        with pytest.raises(ExportError, match="cancelled"):
            export_excel(journey_map, cancelled, lambda done, _total, s=stop_at: done < s)
        assert not cancelled.exists()


# --- issue 11: the workbook's own language, and headers that show whole in it -------------------------------------

#: what a client reads in a workbook of each language: sheet names, the overview's labels (A3-A5, A7, A12, A17-A25),
#: a card's caption on the persona sheet, the Cards headers, and the fixed words of the tables
WORKBOOK_WORDS = {
    "en": {
        "sheets": ["Overview", "Lena", "Tom", "Cards", "Emotions", "Pain points"],
        "overview": ["Goal", "Description", "Generated", "Personas", "Phases", "Legend", "Touchpoint",
                     "Pain point (severity 1-5)",
                     "Emotion scores: -2 very negative … 0 neutral … +2 very positive"],
        "caption": "• Checkout slow\n   (●●○○○ 2/5 · IT · observed · ▲3 · #web #speed)",
        "cards": ["Persona", "Phase", "Lane", "Text", "Notes", "Channel", "Owner", "Severity", "Evidence",
                  "Moment of truth", "Votes", "Tags", "Card id"],
        "yes": "yes", "observed": "observed", "table": "Cards",
    },
    "de": {
        "sheets": ["Übersicht", "Lena", "Tom", "Karten", "Emotionen", "Schmerzpunkte"],
        "overview": ["Ziel", "Beschreibung", "Erstellt am", "Personas", "Phasen", "Legende", "Kontaktpunkt",
                     "Schmerzpunkt (Schweregrad 1–5)",
                     "Emotionswerte: -2 sehr negativ … 0 neutral … +2 sehr positiv"],
        "caption": "• Checkout slow\n   (●●○○○ 2/5 · IT · beobachtet · ▲3 · #web #speed)",
        "cards": ["Persona", "Phase", "Zeile", "Text", "Notizen", "Kanal", "Verantwortlich", "Schweregrad", "Beleg",
                  "Moment of Truth", "Stimmen", "Schlagwörter", "Karten-ID"],
        "yes": "ja", "observed": "beobachtet", "table": "Karten",
    },
}


@pytest.mark.parametrize(("ui", "map_language", "language", "expected"), [
    ("en", None, "de", "de"),  # chosen for the export
    ("en", "de", None, "de"),  # the language the map records for its content
    ("de", None, "en", "en"),
    ("de", "en", None, "en"),
    ("de", "de", "en", "en"),  # the export's choice wins over the map's
    ("en", None, None, "en"),  # neither: the UI language
    ("de", None, None, "de"),
])
def test_every_fixed_word_of_the_workbook_is_in_its_language_whatever_the_ui_speaks(
        tmp_path: Path, ui: str, map_language: str | None, language: str | None, expected: str):
    from app import i18n

    i18n.set_language(ui)
    journey_map = small_map()
    journey_map.language = map_language
    out = tmp_path / "map.xlsx"
    result = export_excel(journey_map, out, language=language)
    words = WORKBOOK_WORDS[expected]
    workbook = load_workbook(out)
    assert result.sheets == workbook.sheetnames == words["sheets"]
    overview, lena, cards, pains = (workbook.worksheets[i] for i in (0, 1, 3, 5))
    assert [overview.cell(row=r, column=1).value for r in (3, 4, 5, 7, 12, *range(17, 21))] == words["overview"]
    assert lena["C5"].value == words["caption"]
    assert values(cards, 1) == words["cards"]
    # a moment of truth says yes in the workbook's words; a card that is none leaves its cell blank
    assert [cards.cell(row=r, column=10).value for r in range(2, 9)] == [words["yes"]] + [None] * 6
    assert [pains.cell(row=r, column=6).value for r in range(2, 7)] == [None, None, words["observed"], None, None]
    assert list(cards.tables) == [words["table"]]


def test_the_pseudo_language_wraps_the_fixed_words_and_leaves_blank_cells_blank(tmp_path: Path):
    """The translators' check (README): every fixed word in ⟦…⟧; a cell without a word stays empty, and the
    Cards table still gets a name Excel takes."""
    out = tmp_path / "map.xlsx"
    export_excel(small_map(), out, language="pseudo")
    workbook = load_workbook(out)
    cards, pains = workbook["⟦Cards⟧"], workbook["⟦Pain points⟧"]
    assert [cards.cell(row=r, column=10).value for r in range(2, 9)] == ["⟦yes⟧"] + [None] * 6
    assert [pains.cell(row=r, column=6).value for r in range(2, 7)] == [None, None, "⟦observed⟧", None, None]
    assert list(cards.tables) == ["_Cards_"]


@pytest.mark.parametrize(("name", "table"), [
    ("Cards", "Cards"), ("Karten", "Karten"), ("Pain points", "Pain_points"), ("Lena's cards", "Lena_s_cards"),
    ("Q1 cards", "Q1_cards"), ("2026 cards", "_2026_cards"), ("_cards", "_cards"), ("⟦Cards⟧", "_Cards_"),
    ("Übersicht", "Übersicht"),
])
def test_a_table_is_named_as_excel_takes_it(name: str, table: str):
    """Excel's rule: letters, digits and underscores, starting with a letter or an underscore."""
    import re

    from app.export.excel import _table_name

    assert _table_name(name) == table
    assert re.fullmatch(r"[^\W\d]\w*", table)


#: the widths of the tables' columns in a German workbook: a translated header whose longest word needs more
#: room than the English width gives (bold letters, a fifth wider) widens its column; the others keep theirs
GERMAN_WIDTHS = {
    "Karten": [22, 16, 18, 50, 30, 16, 18, 15, 11, 10, 10, 18, 12],  # Verantwortlich, Schweregrad, Stimmen
    "Schmerzpunkte": [15, 60, 18, 24, 18, 11, 10],
}


@pytest.mark.parametrize("language", ["en", "de", "pseudo"])
def test_every_table_header_shows_each_word_whole(tmp_path: Path, language: str):
    from math import ceil

    from openpyxl.utils import get_column_letter

    out = tmp_path / "map.xlsx"
    export_excel(small_map(), out, language=language)
    workbook = load_workbook(out)
    for sheet in (workbook.worksheets[3], workbook.worksheets[5]):
        widths = [sheet.column_dimensions[get_column_letter(c)].width for c in range(1, sheet.max_column + 1)]
        for header, width in zip(values(sheet, 1), widths, strict=True):
            longest = max(len(word) for word in header.split())
            # each word with room for bold letters: one more character in English, a fifth more in a translation
            assert width >= (longest + 1 if language == "en" else ceil(longest * 1.2) + 1), (sheet.title, header)
        if language == "de":
            assert widths == GERMAN_WIDTHS[sheet.title]
        # "Moment of truth" wraps in its 10 wide column into three lines: the row shows them; no header of the
        # Pain points table wraps, and its row keeps the default height
        assert sheet.row_dimensions[1].height == (15 * 3 + 3 if sheet is workbook.worksheets[3] else None)


def test_a_column_is_never_narrower_than_its_headers_longest_word():
    """Declared widths were chosen for the English words; a narrower declaration, or a longer translation,
    widens the column to its longest word plus room for bold letters (a fifth more for a translation)."""
    from app.export.excel import _header_width

    assert _header_width("Severity", "Severity", 9) == 9
    assert _header_width("Severity", "Severity", 5) == 9  # eight letters and one for bold
    assert _header_width("Moment of truth", "Moment of truth", 4) == 7  # "Moment" whole
    assert _header_width("Verantwortlich", "Owner", 16) == 18  # 14 letters, a fifth more: 17, and one
    assert _header_width("Stimmen", "Votes", 7) == 10
    assert _header_width("Beleg", "Evidence", 11) == 11  # fits the English width


@pytest.mark.parametrize(("headers", "widths", "height"), [
    (["Votes"], [7], None),  # one line: the default height
    (["Pain point", "Severity"], [60, 9], None),
    (["Pain point"], [13], None),  # 12 / 1.2 = 10 characters a line: exactly fits
    (["Pain points"], [13], 33),  # 11: "points" on a second line
    (["Pain point"], [12], 33),
    (["Votes", "Moment of truth"], [7, 10], 48),  # "Moment", "of", "truth": the tallest header decides
    (["Moment of truth"], [13], 33),  # "Moment of" and "truth"
    (["a b c d e f g"], [4], 15 * 7 + 3),  # 2.5 characters a line: one letter each
])
def test_the_header_row_is_tall_enough_for_its_wrapped_headers(headers, widths, height):
    """A spreadsheet does not grow a row when it opens the file: the header row must be as tall as its most
    wrapped header, 15 points a line and 3 to spare; a header wraps between words only."""
    from openpyxl import Workbook

    from app.export.excel import _header_row

    sheet = Workbook().active
    _header_row(sheet, headers, widths)
    assert sheet.row_dimensions[1].height == height
    assert sheet.row_dimensions[2].height is None


def test_a_wrapping_header_of_the_pain_points_table_grows_its_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No shipped header wraps there today; a narrower column (or a longer translation) must not cut one."""
    from app.export import excel

    monkeypatch.setattr(excel, "PAIN_WIDTHS", (9, 6, 18, 24, 16, 11, 7))  # "Pain" / "point"
    out = tmp_path / "map.xlsx"
    export_excel(small_map(), out)
    sheet = load_workbook(out)["Pain points"]
    assert sheet.column_dimensions["B"].width == 6 and sheet.row_dimensions[1].height == 33
