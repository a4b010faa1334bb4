"""Every cell of the workbook that holds user text holds it as text, never as a formula.

A client opens the workbook in Excel; a persona called ``=HYPERLINK(...)`` or a
card starting with ``+``, ``-``, ``@``, a tab or a carriage return must show as
that text on every sheet (overview, persona sheets, headers, tables), never run.
"""

from __future__ import annotations

import typing
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pydantic import AfterValidator, BaseModel

from app.export.excel import export_excel
from app.model import JourneyMap
from app.model.schema import clean_text
from tests.strategies import journey_maps

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
formula_texts = st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), st.text(max_size=20))


def _is_text(annotation) -> bool:
    """A field of user text: the model's ``Text`` type (a str cleaned by ``clean_text``)."""
    return typing.get_origin(annotation) is typing.Annotated and any(
        isinstance(m, AfterValidator) and m.func is clean_text for m in annotation.__metadata__
    )


def text_fields(model: type[BaseModel]) -> tuple[list[str], list[str]]:
    """Names of the single-text fields and of the list-of-text fields of a model class."""
    single, lists = [], []
    for name, info in model.model_fields.items():
        annotation = info.rebuild_annotation()
        if _is_text(annotation):
            single.append(name)
        elif typing.get_origin(annotation) is list and _is_text(typing.get_args(annotation)[0]):
            lists.append(name)
    return single, lists


def objects(journey_map: JourneyMap) -> list[BaseModel]:
    return [journey_map, *journey_map.phases, *journey_map.lanes, *journey_map.personas, *journey_map.cards,
            *journey_map.emotions]


def make_every_text_formula_like(journey_map: JourneyMap, data: st.DataObject) -> list[tuple[str, str]]:
    """Give every user-text field of every object a formula-looking value; returns (field, value as stored)."""
    stored = []
    for obj in objects(journey_map):
        single, lists = text_fields(type(obj))
        for name in single:
            setattr(obj, name, data.draw(formula_texts))
            stored.append((f"{type(obj).__name__}.{name}", getattr(obj, name)))
        for name in lists:
            setattr(obj, name, data.draw(st.lists(formula_texts, min_size=1, max_size=2)))
            stored.extend((f"{type(obj).__name__}.{name}", text) for text in getattr(obj, name))
    return stored


def test_the_model_has_the_text_fields_this_test_walks():
    """The walk above finds user text by its type; it must find the fields a user types into."""
    from app.model import Card, Persona, Phase

    assert {"title", "goal", "description"} <= set(text_fields(JourneyMap)[0])
    assert {"name", "goal"} <= set(text_fields(Phase)[0])
    assert {"text", "notes", "channel", "owner"} <= set(text_fields(Card)[0])
    assert "tags" in text_fields(Card)[1]
    assert {"goals", "pains"} <= set(text_fields(Persona)[1])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps(max_cards=8), st.data())
def test_no_cell_on_any_sheet_is_a_formula_and_user_text_reads_back(journey_map: JourneyMap, data):
    texts = make_every_text_formula_like(journey_map, data)
    with TemporaryDirectory() as folder:
        out = Path(folder) / "map.xlsx"
        export_excel(journey_map, out)
        workbook = load_workbook(out)
    values: list[str] = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    values.append(cell.value)
    everything = "\x00".join(values)
    shows_emotions = any(lane.kind == "emotions" for lane in journey_map.lanes)
    for where, text in texts:
        if where.startswith("EmotionPoint.") and not shows_emotions:
            continue  # labels and notes are written in the emotion lane of the persona sheets
        assert text in everything, f"{where} {text!r} is in no cell"
    # Texts that stand alone in a cell read back exactly, formula-looking start included.
    standalone = [journey_map.title, journey_map.goal, journey_map.description]
    for phase in journey_map.phases:
        standalone += [phase.name, phase.goal, phase.description]
    for persona in journey_map.personas:
        standalone += [persona.name, persona.role, persona.description, persona.quote, "\n".join(persona.goals)]
    standalone += [lane.name for lane in journey_map.lanes]
    for card in journey_map.cards:
        standalone += [card.text, card.notes, card.channel, card.owner]
    exact = set(values)
    for text in standalone:
        assert text in exact, f"{text!r} does not read back as the text of a cell"


def test_each_formula_start_on_every_kind_of_sheet(tmp_path: Path):
    """One map per dangerous start: overview, persona sheet, headers and tables all keep it as text."""
    from app.model import Card, EmotionPoint, Lane, Persona, Phase

    for start in FORMULA_STARTS:
        text = f"{start}1+1"
        journey_map = JourneyMap(
            id="m", title=text, goal=text, description=text,
            phases=[Phase(id="a", name=text, goal=text, description=text)],
            lanes=[Lane(id="t", name=text, kind="pain_points"), Lane(id="e", name=text, kind="emotions")],
            personas=[Persona(id="p", name=text, role=text, goals=[text], pains=[text], quote=text)],
            cards=[Card(id="c", persona="p", phase="a", lane="t", text=text, notes=text, channel=text, owner=text,
                        tags=[text], severity=3)],
            emotions=[EmotionPoint(persona="p", phase="a", score=1, label=text, note=text)],
        )
        stored = clean_text(text)  # the model keeps a line break where a file had a bare CR
        out = tmp_path / "m.xlsx"
        export_excel(journey_map, out)
        workbook = load_workbook(out)
        overview = workbook.worksheets[0]
        persona_sheet = workbook.worksheets[1]
        cards, emotions, pains = workbook["Cards"], workbook["Emotions"], workbook["Pain points"]
        places = [overview["A1"], overview["B3"], overview["B4"], persona_sheet["A1"], persona_sheet["A3"],
                  cards["A2"], cards["B2"], cards["C2"], cards["D2"], cards["E2"], cards["F2"], cards["G2"],
                  cards["L2"], emotions["A2"], emotions["B1"], pains["B2"], pains["C2"], pains["D2"], pains["E2"]]
        for cell in places:
            assert cell.data_type == "s", (start, cell.parent.title, cell.coordinate)
            assert cell.value == stored, (start, cell.parent.title, cell.coordinate, cell.value)
        for sheet in workbook.worksheets:
            assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), (start, sheet.title)


def test_characters_xml_cannot_hold_are_removed_and_reported_not_a_crash(tmp_path: Path):
    """U+FFFE and U+FFFF cannot be in XML: the workbook is still written (found by the walk above).

    The model turns them into U+FFFD at the door (tests/test_model_door.py); the map here
    is built past the door, so the workbook's own cleaning stays tested.
    """
    from app.model import Card, Lane, Persona, Phase

    text = "=A1\ufffe and \uffff end"
    journey_map = JourneyMap.model_construct(
        id="m", title=text, phases=[Phase(id="a", name="A")], lanes=[Lane(id="t", name="T")],
        personas=[Persona.model_construct(id="p", name="P\ufffe")],
        cards=[Card.model_construct(id="c", persona="p", phase="a", lane="t", text=text)])
    result = export_excel(journey_map, tmp_path / "m.xlsx")
    workbook = load_workbook(tmp_path / "m.xlsx")
    assert workbook["Cards"]["D2"].value == "=A1 and  end"
    assert workbook["Cards"]["D2"].data_type == "s"
    assert workbook.worksheets[0]["A1"].value == "=A1 and  end" == workbook.properties.title
    assert workbook.sheetnames[1] == "P" == workbook["Cards"]["A2"].value
    # 2 in the title, 2 + 2 in the card (Cards table, persona sheet), 4 x 1 in the persona's name
    # (overview, persona sheet, Cards table, Emotions header)
    assert result.removed_characters == 10
    assert "removed" in result.warnings[0]


def test_an_emotion_label_keeps_its_trailing_spaces_in_the_persona_sheet(tmp_path: Path):
    """Hypothesis found a label ending in a no-break space cut by the cell's strip()."""
    from app.model import EmotionPoint, Lane, Persona, Phase

    labels = ["=li\xa0", "x ", "\u2003", ""]
    journey_map = JourneyMap(id="m", title="t", phases=[Phase(id=f"p{i}", name="P") for i in range(len(labels))],
                             lanes=[Lane(id="e", name="E", kind="emotions")], personas=[Persona(id="x", name="X")],
                             emotions=[EmotionPoint(persona="x", phase=f"p{i}", score=1, label=label)
                                       for i, label in enumerate(labels)])
    export_excel(journey_map, tmp_path / "m.xlsx")
    sheet = load_workbook(tmp_path / "m.xlsx").worksheets[1]
    assert [sheet.cell(3, column).value for column in range(2, 6)] == ["+1 · =li\xa0", "+1 · x ", "+1 · \u2003", "+1"]


# --- issue 11: how a text too long for one cell is cut (the continuation cells the workbook writes) ----


def _cut(text: str) -> list[str]:
    from app.export.excel import CELL_LIMIT, _cell_pieces

    pieces = _cell_pieces(text)
    assert "".join(pieces) == text
    assert all(len(piece.encode("utf-16-le")) // 2 <= CELL_LIMIT for piece in pieces)
    return pieces


def test_a_text_that_fits_a_cell_stays_whole():
    assert _cut("word " * 4000) == ["word " * 4000]  # 20,000 characters
    assert _cut("x" * 32_767) == ["x" * 32_767]  # exactly the limit
    assert _cut("\U0001F600" * 16_383) == ["\U0001F600" * 16_383]  # 32,766 UTF-16 units


def test_a_long_text_is_cut_after_the_last_line_break_near_the_limit():
    text = "x" * 31_000 + "\n" + "y" * 1_000 + "\n" + "z" * 5_000
    pieces = _cut(text)
    assert pieces == ["x" * 31_000 + "\n" + "y" * 1_000 + "\n", "z" * 5_000]


def test_a_long_text_is_cut_after_the_last_space_near_the_limit():
    text = "x" * 31_000 + " " + "y" * 1_000 + " " + "z" * 5_000
    assert _cut(text) == ["x" * 31_000 + " " + "y" * 1_000 + " ", "z" * 5_000]


def test_a_break_far_from_the_limit_is_not_used_and_the_piece_is_full():
    for mark in ("\n", " "):
        text = "a" * 100 + mark + "b" * 40_000
        pieces = _cut(text)
        assert len(pieces[0]) == 32_767 and pieces[0].startswith("a" * 100 + mark)


def test_breaks_are_looked_for_in_the_last_2000_characters_of_a_piece_only():
    for mark in ("\n", " "):
        text = "a" * (32_767 - 2_001) + mark + "b" * 10_000  # the mark is 2,001 characters from the end
        assert len(_cut(text)[0]) == 32_767
        text = "a" * (32_767 - 2_000) + mark + "b" * 10_000  # 2,000 from the end: the cut is after it
        assert _cut(text)[0] == "a" * (32_767 - 2_000) + mark


def test_a_sheet_name_with_an_apostrophe_is_quoted_with_it_doubled():
    from app.export.excel import _quoted

    assert _quoted("Lena's map") == "'Lena''s map'"
    assert _quoted("Cards") == "Cards"


# --- where the rest of a long text goes ------------------------------------------------------------------------------

def _long_text_map(card_texts: list[str], title: str = "Map", phase_name: str = "A", personas: int = 1,
                   field: str = "text") -> JourneyMap:
    """The cards on a touchpoint lane; the empty pain point lane is the one the Emotions sheet compares side by
    side (two personas or more), so a long card continues on its persona sheet and in the Cards table only.

    ``field``: the card field that holds the texts. In the Cards table a long text (a wrapped column) continues in
    the rows below (issue 19), a long owner (one line) in the cells to the right."""
    return JourneyMap.model_validate({
        "id": "m", "title": title, "phases": [{"id": "a", "name": phase_name}],
        "lanes": [{"id": "t", "name": "T", "kind": "touchpoints"}, {"id": "e", "name": "E", "kind": "emotions"},
                  {"id": "x", "name": "X", "kind": "pain_points"}],
        "personas": [{"id": f"p{n}", "name": f"Lena{n}"} for n in range(personas)],
        "cards": [{"id": f"c{n}", "persona": f"p{n % personas}", "phase": "a", "lane": "t", "text": "x", field: text}
                  for n, text in enumerate(card_texts)],
        "emotions": [{"persona": "p0", "phase": "a", "score": 1}],
    })


def test_the_rest_of_a_long_text_is_text_in_one_wide_wrapped_cell_under_a_continued_heading(tmp_path: Path):
    """The rest starts with "=" (the cut falls after the last space): it still reads as text, never a formula;
    its column is wide and wraps like the text columns; a rest of one piece is named as that one cell."""
    from openpyxl.utils import get_column_letter

    from app.export.excel import CARD_COLUMNS

    rest = "=SUM(1,2)" + "b" * 1000
    out = tmp_path / "long.xlsx"
    result = export_excel(_long_text_map(["a" * 32_500 + " " + rest], field="owner"), out)
    workbook = load_workbook(out)
    # the Cards table's owner (issue 19: on the persona sheet, and in a table's wrapped text columns, a text taller
    # than a row goes on in the rows below it)
    assert len(result.continued) == 1
    for title, _origin, where in result.continued:
        sheet = workbook[title]
        cell = sheet[where]  # a single cell, not a range of one
        assert (cell.value, cell.data_type) == (rest, "s"), title
        assert cell.alignment.wrap_text is True and cell.alignment.vertical == "top"
        assert sheet.column_dimensions[cell.column_letter].width == 60
    cards = workbook["Cards"]
    first_free = len(CARD_COLUMNS) + 1
    assert ("Cards", "G2", f"{get_column_letter(first_free)}2") in result.continued
    # one "(continued)" heading, over the one column that holds a rest; nothing further right
    assert [cell.value for cell in cards[1][len(CARD_COLUMNS):]] == ["(continued)"]
    assert cards.max_column == first_free


def test_a_long_text_on_the_emotions_sheet_continues_right_of_the_chart_not_under_it(tmp_path: Path):
    """The chart stands from the third column after the personas and is about ten columns wide: the rest of a
    long phase name goes to the first column after it, however few cells the table itself fills (the scores'
    row, and the headers of the spread and of the lane side by side below the chart)."""
    from openpyxl.utils import get_column_letter

    out = tmp_path / "long.xlsx"
    result = export_excel(_long_text_map([], phase_name="p " * 17_000, personas=3), out)
    emotions = [(origin, where) for title, origin, where in result.continued if title == "Emotions"]
    assert emotions[0] == ("A2", f"{get_column_letter(3 + 14)}2") and len(emotions) == 3
    assert all(where == f"{get_column_letter(3 + 14)}{origin[1:]}" for origin, where in emotions)


def _continued_warning(result) -> str:
    return next(w for w in result.warnings if "longer than a cell holds" in w and "to the right" in w)


def test_the_warning_names_each_continued_text_where_it_continues(tmp_path: Path):
    result = export_excel(_long_text_map(["a " * 17_000], field="owner"), tmp_path / "long.xlsx")
    assert _continued_warning(result) == (
        "1 text longer than a cell holds (32,767 characters) continues in the cells to the right, in the same row: "
        "Cards!G2 in N2")


@pytest.mark.parametrize(("long_title", "count", "more"), [(False, 10, ""), (True, 11, " and 1 more")])
def test_the_warning_names_ten_continued_texts_and_counts_the_rest(tmp_path: Path, long_title: bool, count: int,
                                                                    more: str):
    journey_map = _long_text_map(["a " * 17_000] * 10, title="t " * 17_000 if long_title else "Map", personas=5,
                                 field="owner")
    result = export_excel(journey_map, tmp_path / "long.xlsx")
    assert len(result.continued) == count
    named = ", ".join(f"{title}!{origin} in {where}" for title, origin, where in result.continued[:10])
    assert _continued_warning(result) == (
        f"{count} texts longer than a cell holds (32,767 characters) continue in the cells to the right, "
        f"in the same row: {named}{more}")


def test_a_persona_sheet_name_keeps_as_many_characters_beyond_the_bmp_as_31_utf16_units_hold(tmp_path: Path):
    """U+10000, the first character beyond the BMP, takes two UTF-16 units like any later one: 15 of them fit."""
    journey_map = _long_text_map(["x"])
    journey_map.personas[0].name = "\U00010000" * 20
    out = tmp_path / "wide.xlsx"
    export_excel(journey_map, out)
    assert load_workbook(out).sheetnames[1] == "\U00010000" * 15


# --- issue 11: what the export says about what it changed, word for word, in English and German ------------------

def _warnings_map(description: str = "", goal: str = "", votes: tuple[int, ...] = ()) -> JourneyMap:
    """A map whose overview holds the description and goal (nowhere else) and whose cards, on a lane that is not
    a pain point lane (so they are in the Cards table only), have these votes."""
    journey_map = JourneyMap.model_validate({
        "id": "m", "title": "Map", "phases": [{"id": "a", "name": "A"}],
        "lanes": [{"id": "t", "name": "T", "kind": "touchpoints"}], "personas": [{"id": "p", "name": "Lena"}],
        "cards": [{"id": f"c{n}", "persona": "p", "phase": "a", "lane": "t", "text": "x", "votes": v}
                  for n, v in enumerate(votes)]})
    # past the model's door, which would clean control characters itself
    return journey_map.model_copy(update={"description": description, "goal": goal})


#: (map, English warning, German warning) for one and for two of each thing the export changes
WARNINGS = {
    "removed 1": (dict(description="a\x01b"), "1 control character that Excel does not allow was removed",
                  "1 Steuerzeichen, das Excel nicht erlaubt, wurde entfernt"),
    "removed 2": (dict(description="\x01a\x02b"), "2 control characters that Excel does not allow were removed",
                  "2 Steuerzeichen, die Excel nicht erlaubt, wurden entfernt"),
    "as text 1": (dict(votes=(2**53 + 1, 7)), "1 number too large for a spreadsheet number was written as text",
                  "1 Zahl, zu groß für eine Tabellenzahl, wurde als Text geschrieben"),
    "as text 2": (dict(votes=(2**53 + 1, 10**400)),
                  "2 numbers too large for a spreadsheet number were written as text",
                  "2 Zahlen, zu groß für eine Tabellenzahl, wurden als Text geschrieben"),
}


@pytest.mark.parametrize("case", list(WARNINGS))
@pytest.mark.parametrize("language", ["en", "de"])
def test_each_warning_reads_whole_in_singular_and_plural(tmp_path: Path, case: str, language: str):
    from app import i18n

    i18n.set_language(language)  # the warnings are said in the UI language
    map_args, english, german = WARNINGS[case]
    result = export_excel(_warnings_map(**map_args), tmp_path / "m.xlsx")
    assert result.warnings == [english if language == "en" else german]


#: the continued-text warning; the limit is checked as a number (how it is grouped is the language's business)
CONTINUED = {
    "en": (r"1 text longer than a cell holds \((.+) characters\) continues in the cells to the right, in the same "
           r"row: (.+)",
           r"2 texts longer than a cell holds \((.+) characters\) continue in the cells to the right, in the same "
           r"row: (.+)"),
    "de": (r"1 Text, länger als eine Zelle fasst \((.+) Zeichen\), wird in den Zellen rechts daneben in derselben "
           r"Zeile fortgesetzt: (.+)",
           r"2 Texte, länger als eine Zelle fasst \((.+) Zeichen\), werden in den Zellen rechts daneben in derselben "
           r"Zeile fortgesetzt: (.+)"),
}
OVERVIEW = {"en": "Overview", "de": "Übersicht"}


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_continued_text_warning_reads_whole_for_one_text_and_for_two(tmp_path: Path, language: str):
    import re

    from app import i18n

    i18n.set_language(language)  # the workbook and its warnings in the UI language
    long = "a " * 17_000
    sheet = OVERVIEW[language]
    for count, map_args, named in (
            (1, dict(description=long), f"{sheet}!B4 in I4"),  # right of the overview's eight columns
            (2, dict(description=long, goal=long), f"{sheet}!B3 in I3, {sheet}!B4 in I4")):
        result = export_excel(_warnings_map(**map_args), tmp_path / "m.xlsx")
        [warning] = result.warnings
        found = re.fullmatch(CONTINUED[language][count - 1], warning)
        assert found, warning
        assert found[1] == {"en": "32,767", "de": "32.767"}[language]  # as the language writes numbers
        assert found[2] == named


def test_the_german_warning_names_ten_continued_texts_and_counts_the_rest(tmp_path: Path):
    from app import i18n

    i18n.set_language("de")
    journey_map = _long_text_map(["a " * 17_000] * 10, title="t " * 17_000, personas=5, field="owner")
    result = export_excel(journey_map, tmp_path / "long.xlsx")
    assert len(result.continued) == 11
    named = ", ".join(f"{title}!{origin} in {where}" for title, origin, where in result.continued[:10])
    # each persona's cell of two such cards continues in the rows below (a warning of its own)
    assert len(result.continued_below) == 5
    [warning] = [w for w in result.warnings if "rechts daneben" in w]
    assert warning.startswith("11 Texte, länger als eine Zelle fasst (")
    assert warning.endswith(f"Zeichen), werden in den Zellen rechts daneben in derselben Zeile fortgesetzt: {named} "
                            "und 1 weitere")
