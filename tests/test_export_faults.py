"""Every map that validates exports in every format; every export that fails says which file and why (issue 20, D)."""

from __future__ import annotations

import json
import re
import xml.dom.minidom
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from pydantic import AfterValidator, BaseModel

from app.cli import main
from app.export import ExportError
from app.export.excel import CARD_COLUMNS, export_excel, sheet_title
from app.export.targets import TARGETS, ExportChoices, Target, export
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase, map_from_bytes, map_to_bytes
from app.model.schema import clean_text
from tests.conftest import SAMPLES

#: the most characters an Excel cell holds (UTF-16 units)
CELL_LIMIT = 32_767
#: the largest integer a spreadsheet number (a double) holds exactly
EXACT_INTEGER = 2**53

#: where each kind of object sits in a map file
PLACES: dict[str | None, type[BaseModel]] = {None: JourneyMap, "phases": Phase, "lanes": Lane, "personas": Persona,
                                             "cards": Card, "emotions": EmotionPoint}


def text_fields(model: type[BaseModel]) -> tuple[list[str], list[str]]:
    """The model's fields of user text: single texts, and lists of texts (found from the model: none is missed)."""
    single, lists = [], []
    for name, info in model.model_fields.items():
        if any(isinstance(m, AfterValidator) and m.func is clean_text for m in info.metadata):
            single.append(name)
        elif getattr(info.annotation, "__origin__", None) is list and "clean_text" in repr(info.annotation):
            lists.append(name)
    return single, lists


def change_every_text(data: dict, change) -> dict:
    """The map's JSON with ``change(where, text)`` applied to every text field of every object."""
    for place, model in PLACES.items():
        single, lists = text_fields(model)
        for index, item in enumerate([data] if place is None else data.get(place, [])):
            where = "map" if place is None else f"{place}[{index}]"
            for name in single:
                item[name] = change(f"{where}.{name}", item.get(name, ""))
            for name in lists:
                item[name] = [change(f"{where}.{name}[{i}]", text) for i, text in enumerate(item.get(name) or [""])]
    return data


def sample_data(name: str = "fitness-watch") -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


# --- 13. what XML cannot carry, and numbers no spreadsheet can hold -----------------------------------------------

NON_CHARACTERS = "a\ufffeb\uffffc"
#: what has broken files, workbooks and XML before: controls, separators, marks, markup, lone and paired surrogates
TROUBLE = "".join(["\x00", "\x01", "\x0b", "\x1b", "\x7f", "\x85", "\xa0", "\u00ad", "\u200b", "\u202e", "\u2028",
                   "\ufeff", "\ufffd", "e\u0301", "\U0010ffff", "\U0001d11e", "\ud800", "\udfff", "x\udfff", "<",
                   "&", "'", '"', "]]>", "<!--", "\ufdd0", "\U0001fffe", "=1+1", "\r\n"])


def hostile_map(ascii_only: bool = True) -> JourneyMap:
    """The sample with U+FFFE, U+FFFF and other trouble in every text field and vote counts no spreadsheet
    number holds."""
    trouble = TROUBLE if ascii_only else re.sub("[\ud800-\udfff]", "", TROUBLE)  # UTF-8 cannot hold them
    data = change_every_text(sample_data(), lambda _where, text: f"{text} {trouble} {NON_CHARACTERS}")
    kinds = {lane["id"]: lane["kind"] for lane in data["lanes"]}
    pains = [card for card in data["cards"] if kinds[card["lane"]] == "pain_points"]
    data["cards"][0]["votes"] = 10**309  # beyond a float
    pains[0]["votes"] = EXACT_INTEGER + 1  # a float, but not exactly
    pains[1]["votes"] = EXACT_INTEGER  # still exact: a number
    return map_from_bytes(json.dumps(data, ensure_ascii=ascii_only).encode("utf-8"))


@pytest.mark.parametrize("ascii_only", [True, False], ids=["escaped", "utf-8"])
def test_the_door_makes_xml_forbidden_characters_the_replacement_character_in_every_text(ascii_only: bool):
    journey_map = hostile_map(ascii_only)
    seen = []

    def check(where: str, text: str) -> str:
        seen.append(where)
        assert "\ufffe" not in text and "\uffff" not in text, where
        assert text.endswith("a\ufffdb\ufffdc"), where
        return text

    change_every_text(json.loads(map_to_bytes(journey_map)), check)
    assert len(seen) > 100
    assert {"map.title", "cards[0].tags[0]", "emotions[0].note", "personas[0].goals[0]"} <= set(seen)


def test_the_samples_hold_nothing_the_door_changes():
    """Files written before still open unchanged: the samples read and write back byte for byte."""
    for path in sorted(SAMPLES.glob("*.json")):
        journey_map = map_from_bytes(path.read_bytes())
        assert map_to_bytes(journey_map) == path.read_bytes(), path.name


@pytest.mark.parametrize("kind", list(TARGETS))
def test_a_map_with_such_values_exports_in_every_format(kind: str, tmp_path: Path, qapp):
    journey_map = hostile_map()
    out = tmp_path / f"hostile{TARGETS[kind].suffix}"
    personas = [p.id for p in journey_map.personas]
    written = export(kind, journey_map, out, ExportChoices(personas=personas, dpi=30))
    data = out.read_bytes()
    if kind == "pdf":
        assert data.startswith(b"%PDF")
    elif kind == "png":
        assert data.startswith(b"\x89PNG")
    elif kind == "svg":
        document = xml.dom.minidom.parseString(data)  # well-formed XML
        assert document.documentElement.tagName == "svg"
        assert "a\ufffdb\ufffdc" in data.decode("utf-8")
    elif kind == "csv":  # read back as a BI tool does: every record whole, the huge vote counts as their digits
        import csv
        import io

        header, *records = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        assert len(records) == len(journey_map.cards) + len(journey_map.emotions)
        assert all(len(record) == len(header) for record in records)
        votes = {record[header.index("Votes")] for record in records}
        assert {str(10**309), str(EXACT_INTEGER + 1), str(EXACT_INTEGER)} <= votes
        assert sum("a\ufffdb\ufffdc" in cell for record in records for cell in record) > 100
    else:
        workbook = load_workbook(out)
        cards = workbook["Cards"]
        votes = [cell.value for cell in cards["K"][1:] if cell.value not in (None, 0)]
        assert str(10**309) in votes and str(EXACT_INTEGER + 1) in votes and EXACT_INTEGER in votes
        assert cards["K1"].value == "Votes"
        pains = workbook["Pain points"]
        assert {str(EXACT_INTEGER + 1), EXACT_INTEGER} <= {cell.value for cell in pains["G"][1:]}
        assert all(cell.data_type == "s" for cell in cards["K"][1:] if isinstance(cell.value, str))
        # 10**309 in the Cards table, 2**53 + 1 there and in Pain points
        assert "3 numbers too large for a spreadsheet number were written as text" in written.warnings
        texts = [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
                 if isinstance(cell.value, str)]
        assert sum("a\ufffdb\ufffdc" in text for text in texts) > 100


# --- 15. texts longer than a cell holds --------------------------------------------------------------------------

def long_text(where: str, length: int) -> str:
    """A text of ``length`` characters that says where it belongs, with wide characters and line breaks in it."""
    words = f"{where} 😀 ünïcode wörds\n"
    return (f"<{where}> " + words * (length // len(words) + 1))[:length]


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def long_map(length: int = 40_000) -> tuple[JourneyMap, list[str]]:
    """A small map whose every text is longer than a cell holds."""
    data = {
        "id": "m", "title": "", "phases": [{"id": "a", "name": ""}, {"id": "b", "name": ""}],
        "lanes": [{"id": "t", "name": "", "kind": "touchpoints"}, {"id": "p", "name": "", "kind": "pain_points"},
                  {"id": "e", "name": "", "kind": "emotions"}],
        "personas": [{"id": "x", "name": ""}, {"id": "y", "name": ""}],
        "cards": [{"id": "c1", "persona": "x", "phase": "a", "lane": "t", "votes": 3},
                  {"id": "c2", "persona": "x", "phase": "a", "lane": "t"},
                  {"id": "c3", "persona": "y", "phase": "b", "lane": "p", "severity": 4}],
        "emotions": [{"persona": "x", "phase": "a", "score": 2}, {"persona": "y", "phase": "b", "score": -1}],
    }
    texts = []

    def make(where: str, _text: str) -> str:
        texts.append(long_text(where, length))
        return texts[-1]

    return JourneyMap.model_validate(change_every_text(data, make)), texts


def _cells(where: str) -> list[str]:
    min_col, min_row, max_col, max_row = range_boundaries(where)
    return [f"{get_column_letter(column)}{row}"
            for row in range(min_row, max_row + 1) for column in range(min_col, max_col + 1)]


def _below(sheet, origin: str, where: str) -> str:
    """A text continued in the rows below, read whole: each piece but the first starts with "… ", each but the
    last ends in "…"; with the marks taken off, the pieces joined are the text."""
    pieces = [sheet[origin].value] + [sheet[cell].value for cell in _cells(where)]
    last = len(pieces) - 1
    assert all(piece.endswith("…") for piece in pieces[:last]) and all(p.startswith("… ") for p in pieces[1:])
    return "".join(piece.removeprefix("… " if i else "").removesuffix("…" if i < last else "")
                   for i, piece in enumerate(pieces))


def test_a_text_longer_than_a_cell_continues_on_every_sheet_and_is_reported(tmp_path: Path):
    """A one-line text too long for its cell continues in the cells to its right, in its row; a wrapped one (a
    card's text in a table, a cell of a persona sheet, whose columns are the phases) in the rows below (issue 19:
    it is taller than a row holds long before it is longer than a cell holds). Both are named."""
    journey_map, texts = long_map()
    out = tmp_path / "long.xlsx"
    result = export_excel(journey_map, out)
    workbook = load_workbook(out)
    whole = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert utf16(cell.value) <= CELL_LIMIT, (sheet.title, cell.coordinate)
                    whole.append(cell.value)
    # each cut cell read with the cells it continues in gives the whole text
    assert result.continued and result.continued_below, "no text was continued"
    continued_sheets = set()
    for title, origin, where in result.continued:
        sheet = workbook[title]
        continued_sheets.add(title)
        pieces = _cells(where)
        assert range_boundaries(where)[0] > range_boundaries(origin)[0] and pieces[0][1:] == origin[1:]
        whole.append(sheet[origin].value + "".join(sheet[cell].value for cell in pieces))
    personas = workbook.sheetnames[1:1 + len(journey_map.personas)]
    for title, origin, where in result.continued_below:
        sheet = workbook[title]
        continued_sheets.add(title)
        first_column, first_row, last_column, _last_row = range_boundaries(where)
        assert first_column == last_column == range_boundaries(origin)[0]  # the same column: the same phase
        assert first_row == range_boundaries(origin)[1] + 1  # from the row right below
        if title in personas:
            assert all(sheet[f"A{cell[1:]}"].value.endswith(" (continued)") for cell in _cells(where))
        else:  # a table's continued rows name their card
            card = sheet.cell(int(origin[1:]), len(CARD_COLUMNS)).value if title == "Cards" else None
            assert all(sheet.cell(int(cell[1:]), len(CARD_COLUMNS)).value == card for cell in _cells(where))
        whole.append(_below(sheet, origin, where))
    missing = [text[:30] for text in texts if not any(text in value for value in whole)]
    assert not missing, f"texts cut in the workbook: {missing}"
    assert continued_sheets == set(workbook.sheetnames)  # every sheet had one
    right = next(w for w in result.warnings if "to the right" in w)
    assert right.startswith(f"{len(result.continued)} texts longer than a cell holds (32,767 characters) continue "
                            "in the cells to the right, in the same row: ")
    assert right.endswith(f"and {len(result.continued) - 10} more")
    title, origin, where = result.continued[0]
    assert f"'{title}'!{origin} in {where}" in right or f"{title}!{origin} in {where}" in right
    below = next(w for w in result.warnings if "rows below" in w)
    assert len(result.continued_below) > 10  # the first ten named, the rest counted

    def quoted(title: str) -> str:
        return title if title.isalnum() else "'" + title.replace("'", "''") + "'"

    named = ", ".join(f"{quoted(title)}!{origin} in {where}" for title, origin, where in result.continued_below[:10])
    assert below == (f"{len(result.continued_below)} texts longer than a cell holds (32,767 characters) continue "
                     f"in the rows below them, marked as continued: {named} and {len(result.continued_below) - 10} "
                     "more")
    assert len(result.warnings) == 2


def test_continued_cells_leave_the_tables_and_the_grid_as_they_were(tmp_path: Path):
    """A table's card takes as many rows as its tallest wrapped text needs (at most 409 points each), the rows
    after its first naming the card (its words repeated, not its numbers) and holding the marked pieces. A persona
    sheet keeps a column per phase and its lanes in order: a lane takes as many rows as its tallest cell needs,
    every row after its first labelled "<lane> (continued)"; a text longer than a cell holds is one of those, not
    more columns."""
    from app.export.excel import CARD_WRAP_COLUMNS, ROW_CAP

    journey_map, _texts = long_map(33_000)
    out = tmp_path / "long.xlsx"
    result = export_excel(journey_map, out)
    workbook = load_workbook(out)
    cards = workbook["Cards"]
    last = len(CARD_COLUMNS)
    assert cards.tables["Cards"].ref == f"A1:{get_column_letter(last)}{cards.max_row}"  # every row of every card
    assert [cell.value for cell in cards[1][last:]] == ["(continued)"] * (cards.max_column - last)
    ids = [cards.cell(row, last).value for row in range(2, cards.max_row + 1)]
    assert ids == sorted(ids) and set(ids) == {"c1", "c2", "c3"}  # each card's rows follow each other
    firsts = [ids.index(card) + 2 for card in ("c1", "c2", "c3")]
    for row in firsts:  # a one-line text's pieces follow each other from the first column after the table
        filled = [cell.value is not None for cell in cards[row][last:]]
        assert filled == sorted(filled, reverse=True) and filled[0], row
    votes = CARD_COLUMNS.index("Votes") + 1
    for row in range(2, cards.max_row + 1):
        assert cards.row_dimensions[row].height <= ROW_CAP
        if row not in firsts:
            pieces = [cards.cell(row, column).value for column in CARD_WRAP_COLUMNS]  # text, notes, tags
            assert any(piece and piece.startswith("… ") for piece in pieces), row
            assert cards.cell(row, votes).value is None, row
    pains = workbook["Pain points"]
    assert pains.max_row > 2 and pains.auto_filter.ref == f"A1:G{pains.max_row}"
    for _title, origin, where in result.continued:
        assert range_boundaries(where)[1] == range_boundaries(origin)[1]  # the same row
    persona = workbook.worksheets[1]
    lanes = [lane.name for lane in journey_map.lanes]
    labels = [persona.cell(row, 1).value for row in range(3, persona.max_row + 1)]
    firsts = [row for row, label in enumerate(labels, 3) if not label.endswith(" (continued)")]
    assert len(firsts) == len(lanes)
    assert all(lane.startswith(persona.cell(row, 1).value) for row, lane in zip(firsts, lanes, strict=True))
    for row, label in enumerate(labels, 3):
        if row not in firsts:  # a lane's continued rows repeat the start of its name (100 UTF-16 units at most)
            lane = lanes[len([first for first in firsts if first <= row]) - 1]
            start = label.removesuffix("… (continued)")
            assert lane.startswith(start) and 90 < utf16(start) <= 100, row
        assert persona.row_dimensions[row].height <= ROW_CAP
    # the 33,000 characters of the first persona's touchpoints and its caption take many rows, its empty pain
    # point lane one, its feeling (a label and a note) many
    assert firsts[0] == 3 and firsts[1] - firsts[0] > 50 and persona.max_row - firsts[2] > 50
    # the grid's columns: the lane labels and one per phase; right of them only the rests of too long labels
    grid_rests = {origin for title, origin, _where in result.continued if title == persona.title}
    assert all(origin[0] == "A" or origin[1:] == "2" or origin == "A1" for origin in grid_rests)
    for _title, origin, where in result.continued_below:
        assert range_boundaries(where)[0] == range_boundaries(origin)[0]  # the same column


def test_a_short_map_reports_nothing_continued(tmp_path: Path):
    result = export_excel(map_from_bytes((SAMPLES / "fitness-watch.json").read_bytes()), tmp_path / "x.xlsx")
    assert result.continued == [] and result.warnings == []


def test_the_command_line_says_what_was_continued(tmp_path: Path, capsys):
    data = sample_data()
    data["cards"][0]["text"] = long_text("card", 40_000)
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["export", str(path), "--xlsx", str(tmp_path / "long.xlsx")]) == 0
    err = capsys.readouterr().err
    # the persona sheet and the Cards table in the rows below, the grid and the table's columns kept
    rows = re.search(r"warning: 2 texts longer than a cell holds \(32,767 characters\) continue in the rows below "
                     r"them, marked as continued: 'Lena, beginner runner'!B3 in B4:B(\d+), Cards!D2 in D3:D(\d+)\n",
                     err)
    assert rows, err
    sheet = load_workbook(tmp_path / "long.xlsx")["Lena, beginner runner"]
    assert sheet[f"A{rows[1]}"].value.endswith(" (continued)") and not sheet[f"A{int(rows[1]) + 1}"].value.endswith(
        " (continued)")  # the range named is every row it continues in


# --- 16. sheet names and images without personas -----------------------------------------------------------------

@pytest.mark.parametrize(("name", "title"), [
    ("Procurement lead, key accounts' view", "Procurement lead, key accounts"),
    ("Procurement lead, key accounts'", "Procurement lead, key accounts"),
    ("abcdefghijklmnopqrstuvwxyz012 '' x", "abcdefghijklmnopqrstuvwxyz012"),
    ("' ' 'x' ' '", "x"),
    ("😀" * 20, "😀" * 15),  # Excel counts UTF-16 units: 30 of 31
])
def test_a_sheet_name_cut_to_length_does_not_end_in_an_apostrophe(name: str, title: str):
    assert sheet_title(name, set()) == title


def assert_valid_sheet_title(title: str) -> None:
    assert 1 <= utf16(title) <= 31, title
    assert not re.search(r"[\[\]:*?/\\\ufffe\uffff\x00-\x1f]", title), title
    assert not title.startswith("'") and not title.endswith("'"), title
    assert title.casefold() != "history"


@settings(max_examples=300, deadline=None)
@given(names=st.lists(st.text(alphabet=st.sampled_from("ab '’:/[]*?\\😀\x01\ufffe ÿ"), max_size=45),
                      min_size=1, max_size=6))
def test_every_sheet_name_is_one_excel_takes(names: list[str]):
    taken: set[str] = set()
    titles = [sheet_title(name, taken) for name in [*names, "History", "Cards"]]
    for title in titles:
        assert_valid_sheet_title(title)
    assert len({title.casefold() for title in titles}) == len(titles)


def test_every_sheet_of_a_workbook_with_such_persona_names_is_valid(tmp_path: Path):
    journey_map = map_from_bytes((SAMPLES / "b2b-it-services.json").read_bytes())
    for index, name in enumerate(["Procurement lead, key accounts' view", "'", "x" * 30 + "'" * 5, "History''"]):
        journey_map.personas.append(Persona(id=f"n{index}", name=name))
    out = tmp_path / "names.xlsx"
    result = export_excel(journey_map, out)
    assert load_workbook(out).sheetnames == result.sheets
    for title in result.sheets:
        assert_valid_sheet_title(title)


def no_persona_map() -> JourneyMap:
    data = sample_data()
    data["personas"], data["cards"], data["emotions"] = [], [], []
    return map_from_bytes(json.dumps(data).encode())


@pytest.mark.parametrize("kind", ["png", "svg", "pdf"])
def test_an_image_or_poster_of_a_map_without_personas_is_refused_in_one_line(kind: str, tmp_path: Path, qapp):
    out = tmp_path / f"x.{kind}"
    with pytest.raises(ExportError, match="the map has no persona to"):
        export(kind, no_persona_map(), out, ExportChoices(personas=[]))
    assert not out.exists()


def test_the_command_line_exports_a_map_without_personas_without_a_traceback(tmp_path: Path, capsys):
    path = tmp_path / "empty.json"
    path.write_bytes(map_to_bytes(no_persona_map()))
    outputs = {kind: tmp_path / f"out.{kind}" for kind in TARGETS}
    args = ["export", str(path)]
    for kind, out in outputs.items():
        args += [f"--{kind}", str(out)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"{outputs['pdf']}: the map has no persona to print",
                                         f"{outputs['png']}: the map has no persona to draw",
                                         f"{outputs['svg']}: the map has no persona to draw"]
    # the workbook and the table need no persona
    assert captured.out == f"{outputs['xlsx']}: written\n{outputs['csv']}: written (0 cards, 0 emotion points)\n"
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith("out")) == ["out.csv", "out.xlsx"]


def test_an_image_with_no_persona_chosen_is_refused(tmp_path: Path, qapp):
    journey_map = map_from_bytes((SAMPLES / "fitness-watch.json").read_bytes())
    with pytest.raises(ExportError, match="choose at least one persona to draw"):
        export("png", journey_map, tmp_path / "x.png", ExportChoices(personas=[]))


# --- 17. every failure of the editor's export says which file and why ---------------------------------------------

FAULTS = [
    pytest.param(ExportError("the paper is too small"), "the paper is too small", id="export-error"),
    pytest.param(ValueError("max() arg is an empty sequence"),
                 "unexpected error: ValueError: max() arg is an empty sequence", id="value-error"),
    pytest.param(OSError(28, "No space left on device"), "could not be written: No space left on device", id="disk"),
    pytest.param(MemoryError(), "there is not enough memory to write this export", id="memory"),
    pytest.param(RuntimeError("x" * 5000), "unexpected error: RuntimeError: xxx", id="long-message"),
]


@pytest.mark.parametrize(("error", "said"), FAULTS)
@pytest.mark.parametrize("kind", list(TARGETS))
def test_every_export_failure_in_the_editor_names_the_file_and_the_cause(kind, error, said, qtbot, tmp_path: Path,
                                                                         monkeypatch, dialogs):
    from PySide6.QtWidgets import QWidget

    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportRequest, run_export

    def failing(*_args):
        raise error

    monkeypatch.setitem(TARGETS, kind, Target(TARGETS[kind].suffix, failing))
    parent = QWidget()
    qtbot.addWidget(parent)
    document = MapDocument(map_from_bytes((SAMPLES / "fitness-watch.json").read_bytes()), None)
    out = tmp_path / f"map{TARGETS[kind].suffix}"
    dialogs.expect("critical", f"Export failed: {out}:\n")
    assert not run_export(parent, document, ExportRequest(kind=kind, path=out, personas=["beginner"]))
    (shown_kind, text), = [m for m in dialogs.messages if m[0] != "open"]
    assert shown_kind == "critical" and said in text and "Unexpected error:" not in text
    assert len(text) < 600  # a long message is cut
    assert not out.exists()
    if "unexpected error" in said:
        from app.ui.safety import log_file

        assert f"Details are in {log_file()}" in text
        assert "Traceback" in log_file().read_text(encoding="utf-8")


def test_a_real_fault_inside_an_exporter_is_said_with_its_file(qtbot, tmp_path: Path, monkeypatch, dialogs):
    """Not a stand-in for the exporter: the workbook's own code fails half-way (here, its encoder, which the
    workbook calls itself to name the product as the application that wrote it)."""
    from PySide6.QtWidgets import QWidget

    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportRequest, run_export

    def broken_save(_writer):
        raise KeyError("styles")

    monkeypatch.setattr("openpyxl.writer.excel.ExcelWriter.save", broken_save)
    parent = QWidget()
    qtbot.addWidget(parent)
    document = MapDocument(map_from_bytes((SAMPLES / "fitness-watch.json").read_bytes()), None)
    out = tmp_path / "map.xlsx"
    dialogs.expect("critical", f"Export failed: {out}:\nThe export stopped on an unexpected error: KeyError: 'styles'")
    assert not run_export(parent, document, ExportRequest(kind="xlsx", path=out))
    assert not out.exists()


@pytest.mark.parametrize(("error", "said"), [
    (OSError(28, "No space left on device"), "could not be written: No space left on device"),
    (MemoryError(), "there is not enough memory to write this export"),
])
def test_the_command_line_says_a_failing_system_call_in_one_line(error, said, tmp_path: Path, monkeypatch, capsys):
    def failing(*_args, **_kwargs):
        raise error

    monkeypatch.setattr("app.export.excel.export_excel", failing)
    out = tmp_path / "map.xlsx"
    assert main(["export", str(SAMPLES / "fitness-watch.json"), "--xlsx", str(out)]) == 1
    assert capsys.readouterr().err == f"{out}: {said}\n"


def test_the_command_line_says_a_fault_inside_an_exporter_in_one_line_and_writes_the_other_files(
        tmp_path: Path, monkeypatch, capsys):
    """A bug of this app inside one exporter is one line for that file, not a traceback; the next file is written."""
    def broken(*_args, **_kwargs):
        raise KeyError("styles")

    monkeypatch.setattr("app.export.excel.export_excel", broken)
    xlsx, svg = tmp_path / "map.xlsx", tmp_path / "map.svg"
    assert main(["export", str(SAMPLES / "fitness-watch.json"), "--xlsx", str(xlsx), "--svg", str(svg)]) == 1
    err = capsys.readouterr().err
    assert err == f"{xlsx}: the export stopped on an unexpected error: KeyError: 'styles'\n"
    assert svg.exists() and not xlsx.exists()

def test_a_fault_of_the_poster_preview_is_said_beside_it_and_the_dialog_stays_usable(qtbot, monkeypatch, dialogs):
    from app.export.pdf import PosterPlanner
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog
    from app.ui.safety import log_file

    def broken_plan(_planner, _options):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(PosterPlanner, "plan", broken_plan)
    dialog = ExportDialog(MapDocument(map_from_bytes((SAMPLES / "fitness-watch.json").read_bytes()), None))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    dialog.update_preview()
    assert dialog.preview_text.text() == "No preview: ZeroDivisionError: division by zero"
    assert dialog.preview.pixmap().isNull()
    assert "ZeroDivisionError" in log_file().read_text(encoding="utf-8")
    dialog.kind.setCurrentIndex(dialog.kind.findData("xlsx"))
    assert dialog.preview_text.text() == "The preview shows PDF posters."
    assert not [message for message in dialogs.messages if message[0] != "open"]


@pytest.mark.parametrize("count", [3, 10, 25])
def test_the_editor_lists_ten_export_warnings_and_counts_the_rest(count, qtbot, tmp_path: Path, monkeypatch,
                                                                  dialogs):
    """A thousand cut cards must not make a warning box taller than the screen."""
    from PySide6.QtWidgets import QWidget

    from app.export.targets import Written
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportRequest, run_export

    warnings = [f"card {n} is cut" for n in range(count)]
    monkeypatch.setitem(TARGETS, "xlsx", Target(".xlsx", lambda *_args: Written(list(warnings))))
    parent = QWidget()
    qtbot.addWidget(parent)
    document = MapDocument(map_from_bytes((SAMPLES / "fitness-watch.json").read_bytes()), None)
    dialogs.expect("warning", "Exported with warnings")
    assert run_export(parent, document, ExportRequest(kind="xlsx", path=tmp_path / "map.xlsx", personas=["beginner"]))
    (_kind, text), = [m for m in dialogs.messages if m[0] == "warning"]
    lines = text.split(": ", 1)[1].split("\n")
    assert lines[:min(count, 10)] == warnings[:10]
    assert lines[10:] == ([f"… and {count - 10} more warnings"] if count > 10 else [])
