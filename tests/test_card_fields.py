"""Each card field is declared once (issue 13, item 5): the declaration covers every field of ``Card``, and the
caption, the layout's card cache, the Inspector and the workbook's Cards sheet follow it rather than lists of
their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.layout import Style, TextWrapper, card_box, card_caption, card_shape
from app.layout.card_fields import (
    CARD_FIELDS,
    EDITED_FIELDS,
    EDITOR_KINDS,
    EXCEL_FIELDS,
    _check,
)
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.conftest import ROOT

FIELDS = {f.name: f for f in CARD_FIELDS}

#: a plain card, and for every field of Card a valid value other than the plain card's
PLAIN = Card(id="c1", persona="lena", phase="aw", lane="tp", text="Short words")
OTHER_VALUES = {
    "id": "c2", "persona": "tom", "phase": "bu", "lane": "pp", "text": "Other words that are long enough to wrap twice",
    "notes": "seen twice", "channel": "Email", "owner": "Sales", "severity": 3, "moment_of_truth": True,
    "evidence": "observed", "votes": 7, "tags": ["web", "speed up"], "color": "#123456", "value": 4, "effort": 2,
}


class MonoMetrics:
    """Every character 0.6 em wide."""

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return len(text) * size * 0.6


def changed(name: str) -> Card:
    return PLAIN.model_copy(update={name: OTHER_VALUES[name]})


def a_map(*cards: Card) -> JourneyMap:
    return JourneyMap(
        id="m", title="Map",
        phases=[Phase(id="aw", name="Awareness"), Phase(id="bu", name="Purchase")],
        lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints"), Lane(id="pp", name="Pains", kind="pain_points")],
        personas=[Persona(id="lena", name="Lena"), Persona(id="tom", name="Tom")],
        cards=list(cards),
    )


def test_every_field_of_a_card_is_declared_once():
    names = [f.name for f in CARD_FIELDS]
    assert sorted(names) == sorted(Card.model_fields), "declare the card's field in app/layout/card_fields.py"
    assert len(names) == len(set(names))
    assert set(OTHER_VALUES) == set(Card.model_fields), "give the new field a value to test with"


def test_a_declared_name_the_model_does_not_have_is_refused():
    with pytest.raises(ValueError, match=r"not in the model \['colour'\]"):
        _check((*CARD_FIELDS, replace(FIELDS["color"], name="colour")))
    with pytest.raises(ValueError, match=r"declared twice \['notes'\]"):
        _check((*CARD_FIELDS, FIELDS["notes"]))


def test_the_declaration_agrees_with_itself():
    for f in CARD_FIELDS:
        assert f.editor is None or f.editor in EDITOR_KINDS, f.name
        assert (f.editor == "text_box") == (f.editor_lines > 0), f.name
        assert f.caption is None or f.layout, f"{f.name} is in the caption, so it changes the card box"
        assert f.refers_to is None or f.refers_to in JourneyMap.model_fields, f.name
    ranks = [f.caption.rank for f in CARD_FIELDS if f.caption]
    assert len(ranks) == len(set(ranks))


# --- caption and layout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FIELDS))
def test_a_field_shows_in_the_caption_exactly_when_declared(name: str):
    assert (card_caption(changed(name)) != card_caption(PLAIN)) == (FIELDS[name].caption is not None)


def test_the_caption_follows_the_declared_ranks():
    card = PLAIN.model_copy(update={name: OTHER_VALUES[name] for name in FIELDS})
    assert card_caption(card) == "●●●○○ 3/5 · Email · Sales · observed · ▲7 · #web #speed up"
    ranked = sorted((f for f in CARD_FIELDS if f.caption), key=lambda f: f.caption.rank)
    assert card_caption(card).split(" · ") == [f.caption.text(getattr(card, f.name)) for f in ranked]


def shown(box) -> tuple:
    """What a card box shows and measures (its id and place aside)."""
    return box.lines, box.caption_lines, box.rect.h, box.severity, box.moment_of_truth


@pytest.mark.parametrize("name", list(FIELDS))
def test_a_field_changes_the_card_box_and_its_cache_key_exactly_when_declared(name: str):
    style = Style()
    layout_field = FIELDS[name].layout
    assert (card_shape(changed(name)) != card_shape(PLAIN)) == layout_field
    before = card_box(PLAIN, 0, 0, style, TextWrapper(MonoMetrics()))
    after = card_box(changed(name), 0, 0, style, TextWrapper(MonoMetrics()))
    assert (shown(after) != shown(before)) == layout_field


@pytest.mark.parametrize("name", [f.name for f in CARD_FIELDS if f.layout])
def test_the_card_cache_never_hands_back_a_stale_box(name: str):
    style = Style()
    wrapper = TextWrapper(MonoMetrics())
    card_box(PLAIN, 0, 0, style, wrapper)
    assert shown(card_box(changed(name), 0, 0, style, wrapper)) == shown(
        card_box(changed(name), 0, 0, style, TextWrapper(MonoMetrics())))


# --- Inspector ---------------------------------------------------------------------------------------------


def test_the_inspector_has_one_row_per_edited_field_in_declared_order(qtbot):
    from PySide6.QtWidgets import QCheckBox, QFormLayout

    from app.ui.inspector import CARD_EDITORS, InspectorDock

    assert set(CARD_EDITORS) == set(EDITOR_KINDS)
    dock = InspectorDock()
    qtbot.addWidget(dock)
    assert [binding.field for binding in dock.card_bindings] == [f.name for f in EDITED_FIELDS]
    form = dock.stack.widget(0).layout()
    rows = []
    for row in range(1, form.rowCount()):  # row 0 names the card's cell
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        editor = form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
        rows.append((label.widget().text() if label else None, editor))
    # A check box carries its label itself, every other editor has it beside it.
    assert rows == [(None if f.editor == "check" else f.label, dock.card_editors[f.name]) for f in EDITED_FIELDS]
    assert isinstance(dock.card_moment_of_truth, QCheckBox)
    assert dock.card_moment_of_truth.text() == "Moment of truth"
    assert [label for label, _widget in rows] == ["Text", "Notes", "Channel", "Owner", "Severity", "Evidence", None,
                                                  "Votes", "Tags", "Colour", "Value", "Effort"]


def test_the_inspector_shows_every_edited_field_of_the_selected_card(qtbot):
    from app.ui.document import MapDocument
    from app.ui.inspector import InspectorDock

    card = PLAIN.model_copy(update={f.name: OTHER_VALUES[f.name] for f in EDITED_FIELDS})
    dock = InspectorDock()
    qtbot.addWidget(dock)
    dock.set_document(MapDocument(a_map(card)))
    dock.show_selection(card.id, (card.phase, card.lane))
    for binding in dock.card_bindings:
        assert binding._read() == getattr(card, binding.field), binding.field


def test_the_inspector_offers_value_and_effort_for_opportunity_cards_only(qtbot):
    from app.ui.document import MapDocument
    from app.ui.inspector import InspectorDock

    journey_map = a_map(PLAIN)
    journey_map.lanes.append(Lane(id="op", name="Ideas", kind="opportunities"))
    journey_map.cards.append(PLAIN.model_copy(update={"id": "c3", "lane": "op", "value": 4}))
    dock = InspectorDock()
    qtbot.addWidget(dock)
    dock.set_document(MapDocument(journey_map))
    form = dock.card_form
    for card_id, lane_id, offered in (("c1", "tp", False), ("c3", "op", True), ("c1", "tp", False)):
        dock.show_selection(card_id, ("aw", lane_id))
        for name in ("value", "effort"):
            assert form.isRowVisible(dock.card_editors[name]) is offered, (card_id, name)
        assert form.isRowVisible(dock.card_editors["severity"])
    dock.show_selection("c3", ("aw", "op"))
    assert dock.card_editors["value"].currentData() == 4 and dock.card_editors["effort"].currentData() is None
    assert dock.card_editors["value"].itemText(0) == "not rated"


@pytest.mark.parametrize("votes", [0, 12_000, 2**31 - 1, 2**31, 10**30])
def test_the_inspector_shows_any_count_of_votes_a_file_holds(votes, qtbot):
    """A count beyond what a spin box holds is shown as "> 2147483647" and not offered for editing (it raised an
    OverflowError; counts over 9,999 showed as 9,999); the next card's count shows as usual again."""
    from app.ui.document import MapDocument
    from app.ui.inspector import InspectorDock

    card = PLAIN.model_copy(update={"votes": votes})
    other = PLAIN.model_copy(update={"id": "c9", "votes": 3})
    dock = InspectorDock()
    qtbot.addWidget(dock)
    dock.set_document(MapDocument(a_map(card, other)))
    dock.show_selection(card.id, (card.phase, card.lane))
    spin = next(b.widget for b in dock.card_bindings if b.field == "votes")
    beyond = votes > 2**31 - 1
    assert spin.isEnabled() is not beyond
    assert (spin.prefix(), spin.value()) == (("> ", 2**31 - 1) if beyond else ("", votes))
    assert (str(votes) in spin.toolTip()) is beyond
    dock.show_selection(other.id, (other.phase, other.lane))
    assert spin.isEnabled() and (spin.prefix(), spin.value()) == ("", 3)

# --- workbook ----------------------------------------------------------------------------------------------


def test_the_cards_sheet_has_one_column_per_declared_field(tmp_path: Path):
    full = Card(**{name: OTHER_VALUES[name] for name in FIELDS})
    export_excel(a_map(PLAIN, full), tmp_path / "m.xlsx")
    sheet = load_workbook(tmp_path / "m.xlsx")["Cards"]
    header = [cell.value for cell in sheet[1]]
    assert header == [f.label for f in EXCEL_FIELDS]
    assert header == ["Persona", "Phase", "Lane", "Text", "Notes", "Channel", "Owner", "Severity", "Evidence",
                      "Moment of truth", "Votes", "Tags", "Card id"]
    assert [cell.value for cell in sheet[3]] == ["Tom", "Purchase", "Pains", OTHER_VALUES["text"], "seen twice",
                                                 "Email", "Sales", 3, "observed", "yes", 7, "web, speed up", "c2"]
    for column, f in enumerate(EXCEL_FIELDS, 1):
        cell = sheet.cell(row=3, column=column)
        assert bool(cell.alignment.wrap_text) == f.excel.wrap, f.name
        assert sheet.column_dimensions[cell.column_letter].width == f.excel.width, f.name
        if f.refers_to is None:
            assert cell.value == (f.excel.cell(getattr(full, f.name)) or None), f.name


# --- a changed declaration reaches every consumer ----------------------------------------------------------

#: Runs the app with notes made a captioned, one-line "Remarks" field and owner left out of everything, and
#: reports what the caption, the cache key, the workbook and the Inspector make of it.
CHANGED_DECLARATION = r"""
import importlib.util, json, sys, tempfile
from pathlib import Path
source = Path("app/layout/card_fields.py").read_text("utf-8")
def entry(name, new):
    global source
    start = source.index(f'    CardField(name="{name}"')
    end = source.index("    CardField(", start + 1)
    source = source[:start] + new + source[end:]
entry("notes", '    CardField(name="notes", label="Remarks", editor="line", caption=Caption(0), layout=True, '
               'excel=ExcelColumn(12)),\n')
entry("owner", '    CardField(name="owner", label="Owner", editor=None, caption=None, layout=False, excel=None),\n')
module = importlib.util.module_from_spec(importlib.util.spec_from_loader("app.layout.card_fields", loader=None))
sys.modules["app.layout.card_fields"] = module
exec(compile(source, "card_fields.py", "exec"), module.__dict__)

from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication, QFormLayout
from app.export.excel import export_excel
from app.layout import card_caption, card_shape
from app.model import Card, JourneyMap, Lane, Persona, Phase
from app.ui.inspector import InspectorDock

card = Card(id="c1", persona="p", phase="f", lane="l", text="t", notes="n", channel="c", owner="o")
facts = {"caption": card_caption(card),
         "notes_shape": card_shape(card) != card_shape(card.model_copy(update={"notes": "m"})),
         "owner_shape": card_shape(card) != card_shape(card.model_copy(update={"owner": "x"}))}
journey_map = JourneyMap(id="m", title="M", phases=[Phase(id="f", name="F")], lanes=[Lane(id="l", name="L")],
                         personas=[Persona(id="p", name="P")], cards=[card])
with tempfile.TemporaryDirectory() as folder:
    export_excel(journey_map, Path(folder) / "m.xlsx")
    sheet = load_workbook(Path(folder) / "m.xlsx")["Cards"]
    facts["header"] = [cell.value for cell in sheet[1]]
    facts["row"] = [cell.value for cell in sheet[2]]
app = QApplication([])
form = InspectorDock().stack.widget(0).layout()
labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(1, form.rowCount())]
facts["inspector"] = [label.widget().text() if label else "" for label in labels]
print(json.dumps(facts))
"""


def test_a_changed_declaration_reaches_the_caption_the_layout_the_workbook_and_the_inspector():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", CHANGED_DECLARATION], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    facts = json.loads(result.stdout.splitlines()[-1])
    assert facts["caption"] == "n · c"
    assert facts["notes_shape"] and not facts["owner_shape"]
    assert facts["header"] == ["Persona", "Phase", "Lane", "Text", "Remarks", "Channel", "Severity", "Evidence",
                               "Moment of truth", "Votes", "Tags", "Card id"]
    assert facts["row"] == ["P", "F", "L", "t", "n", "c", None, None, None, 0, None, "c1"]
    assert facts["inspector"] == ["Text", "Remarks", "Channel", "Severity", "Evidence", "", "Votes", "Tags", "Colour",
                                  "Value", "Effort"]
