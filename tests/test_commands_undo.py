"""Every undoable edit does what it says, tells the document what changed, and undo and redo give back
exactly the map the user had: cards in their places, emotion points in their order, typing merged into
one undo step only when it is the same field of the same object."""

from __future__ import annotations

import pytest

from app import operations as ops
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from app.operations.index import CardIndex
from app.ui.commands import (
    MERGE_EDIT_ID,
    AddCardsCommand,
    EditFieldsCommand,
    MoveCardsCommand,
    RemoveCardsCommand,
    SetEmotionCommand,
    StructureCommand,
)
from app.ui.document import MapDocument


def grid_map() -> JourneyMap:
    cards = [Card(id=f"{p}{ph}{n}", persona=p, phase=ph, lane="t", text=f"{p}{ph}{n}")
             for p in "pq" for ph in "ab" for n in range(3)]
    return JourneyMap(
        id="m", title="Grid",
        phases=[Phase(id="a", name="A"), Phase(id="b", name="B")],
        lanes=[Lane(id="t", name="T", kind="touchpoints"), Lane(id="e", name="E", kind="emotions")],
        personas=[Persona(id="p", name="P"), Persona(id="q", name="Q")],
        cards=cards,
        emotions=[EmotionPoint(persona="p", phase="a", score=1), EmotionPoint(persona="p", phase="b", score=-1),
                  EmotionPoint(persona="q", phase="a", score=2)],
    )


class Heard:
    """What the document told its listeners."""

    def __init__(self, document: MapDocument) -> None:
        self.events: list[tuple] = []
        document.cards_changed.connect(lambda ids: self.events.append(("cards", frozenset(ids))))
        document.emotion_changed.connect(lambda persona, phase: self.events.append(("emotion", persona, phase)))
        document.structure_changed.connect(lambda: self.events.append(("structure",)))
        document.persona_changed.connect(lambda persona: self.events.append(("persona", persona)))
        document.map_changed.connect(lambda: self.events.append(("map",)))

    def take(self) -> list[tuple]:
        events, self.events = self.events, []
        return events


@pytest.fixture
def document(qapp) -> MapDocument:
    return MapDocument(grid_map())


def dump(document: MapDocument) -> dict:
    return document.journey_map.model_dump(mode="json")


def index_agrees(document: MapDocument) -> bool:
    fresh = CardIndex(document.journey_map)
    index = document.cards
    return index.by_id == fresh.by_id and all(
        [c.id for c in index.cell(p.id, ph.id, "t")] == [c.id for c in fresh.cell(p.id, ph.id, "t")]
        for p in document.journey_map.personas for ph in document.journey_map.phases
    ) and all(index.position(c) == i for i, c in enumerate(document.journey_map.cards))


def cell(document: MapDocument, persona: str, phase: str) -> list[str]:
    return [c.id for c in document.journey_map.cards_in(persona, phase, "t")]


# --- cards ---------------------------------------------------------------------------------------


def test_added_cards_appear_where_placed_and_undo_takes_exactly_them_away(document):
    heard, before = Heard(document), dump(document)
    new = [Card(id="n1", persona="p", phase="a", lane="t"), Card(id="n2", persona="q", phase="b", lane="t")]
    placed = [(ops.cell_insert_index(document.journey_map, "p", "a", "t", 1), new[0]),
              (ops.cell_insert_index(document.journey_map, "q", "b", "t", None) + 1, new[1])]
    document.undo_stack.push(AddCardsCommand(document, placed, "Add cards"))
    assert cell(document, "p", "a") == ["pa0", "n1", "pa1", "pa2"] and cell(document, "q", "b")[-1] == "n2"
    assert heard.take() == [("cards", frozenset({"n1", "n2"}))] and index_agrees(document)
    assert document.undo_stack.undoText() == "Add cards"
    document.undo_stack.undo()
    assert dump(document) == before and "n1" not in document.cards and index_agrees(document)
    assert heard.take() == [("cards", frozenset({"n1", "n2"}))]
    document.undo_stack.redo()
    assert cell(document, "p", "a") == ["pa0", "n1", "pa1", "pa2"] and index_agrees(document)


def test_many_cards_added_in_two_cells_are_one_step_told_once_and_undone_exactly(document):
    heard, before = Heard(document), dump(document)
    new = [Card(id=f"n{i}", persona="p" if i % 3 else "q", phase="a", lane="t", text=str(i)) for i in range(90)]
    ends = {persona: document.cards.insert_position(persona, "a", "t", None) for persona in "pq"}
    # Each cell's new cards after its last card, p's before q's in the list: p's cell comes first.
    p_new, q_new = [c for c in new if c.persona == "p"], [c for c in new if c.persona == "q"]
    placed = [(ends["p"] + i, c) for i, c in enumerate(p_new)] + [
        (ends["q"] + len(p_new) + i, c) for i, c in enumerate(q_new)]
    document.undo_stack.push(AddCardsCommand(document, placed[::-1], "Paste 90 cards"))
    assert cell(document, "p", "a") == ["pa0", "pa1", "pa2"] + [c.id for c in p_new]
    assert cell(document, "q", "a") == ["qa0", "qa1", "qa2"] + [c.id for c in q_new]
    assert all(document.journey_map.cards[i] is c for i, c in placed) and index_agrees(document)
    assert heard.take() == [("cards", frozenset(c.id for c in new))]
    document.undo_stack.undo()
    assert dump(document) == before and index_agrees(document)
    assert heard.take() == [("cards", frozenset(c.id for c in new))]
    document.undo_stack.redo()
    assert all(document.journey_map.cards[i] is c for i, c in placed) and index_agrees(document)


def test_removed_cards_come_back_in_their_places_on_undo(document):
    heard, before = Heard(document), dump(document)
    document.undo_stack.push(RemoveCardsCommand(document, {"pa1", "qb0", "qb2"}, "Delete"))
    assert cell(document, "p", "a") == ["pa0", "pa2"] and cell(document, "q", "b") == ["qb1"]
    assert "pa1" not in document.cards and index_agrees(document)
    assert heard.take() == [("cards", frozenset({"pa1", "qb0", "qb2"}))]
    document.undo_stack.undo()
    assert dump(document) == before and index_agrees(document)
    assert heard.take() == [("cards", frozenset({"pa1", "qb0", "qb2"}))]
    document.undo_stack.redo()
    assert cell(document, "q", "b") == ["qb1"] and index_agrees(document)


def test_moved_cards_land_in_order_at_the_position_and_undo_puts_them_back(document):
    heard, before = Heard(document), dump(document)
    command = MoveCardsCommand(document, ["pa2", "qa0"], ("q", "b", "t"), 1, "Move")
    document.undo_stack.push(command)
    assert cell(document, "q", "b") == ["qb0", "pa2", "qa0", "qb1", "qb2"]
    assert document.journey_map.card("pa2").persona == "q" and document.cards.cell_of("pa2") == ("q", "b", "t")
    assert heard.take() == [("cards", frozenset({"pa2", "qa0"}))] and index_agrees(document)
    document.undo_stack.undo()
    assert dump(document) == before and index_agrees(document)
    assert document.cards.cell_of("pa2") == ("p", "a", "t")
    assert heard.take() == [("cards", frozenset({"pa2", "qa0"}))]
    document.undo_stack.redo()
    assert cell(document, "q", "b") == ["qb0", "pa2", "qa0", "qb1", "qb2"] and index_agrees(document)


# --- field edits ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "item_id", "field", "told"), [
    ("card", "pb1", "text", ("cards", frozenset({"pb1"}))),
    ("phase", "b", "goal", ("structure",)),
    ("lane", "t", "name", ("structure",)),
    ("persona", "q", "role", ("persona", "q")),
    ("map", "m", "goal", ("map",)),
])
def test_a_field_edit_of_any_object_is_undone_and_redone_and_told(document, kind, item_id, field, told):
    heard, before = Heard(document), dump(document)
    target = {"card": document.journey_map.card, "phase": document.journey_map.phase,
              "lane": document.journey_map.lane, "persona": document.journey_map.persona,
              "map": lambda _id: document.journey_map}[kind](item_id)
    old = getattr(target, field)
    document.undo_stack.push(EditFieldsCommand(document, kind, item_id, {field: "changed"}, "Edit"))
    assert getattr(target, field) == "changed" and heard.take() == [told]
    document.undo_stack.undo()
    assert getattr(target, field) == old and dump(document) == before and heard.take() == [told]
    document.undo_stack.redo()
    assert getattr(target, field) == "changed"
    document.undo_stack.undo()
    assert getattr(target, field) == old  # a second undo still goes back to the value before the first edit


def test_a_card_edit_that_moves_it_refiles_it(document):
    document.undo_stack.push(EditFieldsCommand(document, "card", "pa0", {"phase": "b"}, "Edit"))
    assert document.cards.cell_of("pa0") == ("p", "b", "t") and index_agrees(document)
    document.undo_stack.undo()
    assert document.cards.cell_of("pa0") == ("p", "a", "t") and index_agrees(document)


def test_typing_in_one_field_merges_into_one_undo_step(document):
    stack = document.undo_stack
    for text in ("H", "He", "Hel", "Hello"):
        stack.push(EditFieldsCommand(document, "card", "pa0", {"text": text}, "Typing", merge_key="text"))
    assert stack.count() == 1 and document.journey_map.card("pa0").text == "Hello"
    stack.undo()
    assert document.journey_map.card("pa0").text == "pa0"
    stack.redo()
    assert document.journey_map.card("pa0").text == "Hello"


@pytest.mark.parametrize(("first", "second"), [
    (("card", "pa0", {"text": "x"}, "text"), ("card", "pa1", {"text": "y"}, "text")),  # another card
    (("card", "pa0", {"text": "x"}, "text"), ("card", "pa0", {"notes": "y"}, "text")),  # another field
    (("card", "pa0", {"text": "x"}, "text"), ("card", "pa0", {"text": "y"}, "notes")),  # another merge key
    (("card", "pa0", {"text": "x"}, None), ("card", "pa0", {"text": "y"}, None)),  # no merge key: no merging
    (("phase", "a", {"name": "x"}, "name"), ("lane", "a", {"name": "y"}, "name")),  # another kind, same id
    (("card", "pa0", {"text": "x"}, "text"), ("card", "pa0", {"text": "y", "notes": "z"}, "text")),
])
def test_edits_of_different_things_stay_separate_undo_steps(document, first, second):
    stack = document.undo_stack
    if second[0] == "lane":
        document.journey_map.lanes.append(Lane(id="a", name="Lane a"))
    before = dump(document)
    for kind, item_id, changes, key in (first, second):
        stack.push(EditFieldsCommand(document, kind, item_id, changes, "Edit", merge_key=key))
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert dump(document) == before


def test_only_edits_with_a_merge_key_offer_to_merge(document):
    merging = EditFieldsCommand(document, "card", "pa0", {"text": "x"}, "Edit", merge_key="text")
    plain = EditFieldsCommand(document, "card", "pa0", {"text": "x"}, "Edit")
    assert merging.id() == MERGE_EDIT_ID and plain.id() == -1
    assert not merging.mergeWith(StructureCommand(document, lambda m: None, "other"))
    assert merging.changes == {"text": "x"}
    later = EditFieldsCommand(document, "card", "pa0", {"text": "xyz"}, "Edit", merge_key="text")
    assert merging.mergeWith(later) and merging.changes == {"text": "xyz"}
    later.changes["text"] = "changed afterwards"
    assert merging.changes == {"text": "xyz"}  # the merged command keeps its own copy


# --- emotions ------------------------------------------------------------------------------------


def order(document: MapDocument) -> list[tuple[str, str, int]]:
    return [(e.persona, e.phase, e.score) for e in document.journey_map.emotions]


def test_setting_a_new_emotion_point_is_undone(document):
    heard, before = Heard(document), order(document)
    document.undo_stack.push(SetEmotionCommand(document, "q", "b", EmotionPoint(persona="q", phase="b", score=-2),
                                               "Emotion"))
    assert order(document) == [*before, ("q", "b", -2)] and heard.take() == [("emotion", "q", "b")]
    document.undo_stack.undo()
    assert order(document) == before and heard.take() == [("emotion", "q", "b")]


@pytest.mark.parametrize("new_score", [None, -2])
@pytest.mark.parametrize("where", [0, 1, 2])
def test_a_changed_or_removed_point_comes_back_in_its_place(document, new_score, where):
    heard, before = Heard(document), order(document)
    persona, phase, _score = before[where]
    point = None if new_score is None else EmotionPoint(persona=persona, phase=phase, score=new_score)
    document.undo_stack.push(SetEmotionCommand(document, persona, phase, point, "Emotion"))
    expected = [item for item in before if item[:2] != (persona, phase)]
    if new_score is not None:
        expected.insert(where, (persona, phase, new_score))
    assert order(document) == expected and heard.take() == [("emotion", persona, phase)]
    document.undo_stack.undo()
    assert order(document) == before and heard.take() == [("emotion", persona, phase)]
    document.undo_stack.redo()
    assert order(document) == expected


# --- structure -----------------------------------------------------------------------------------


def test_a_structure_change_runs_once_and_redo_gives_the_same_result(document):
    heard, before = Heard(document), dump(document)
    runs = []

    def duplicate(journey_map):
        runs.append(1)
        return ops.duplicate_persona(journey_map, "p", "P2")

    document.undo_stack.push(StructureCommand(document, duplicate, "Duplicate persona"))
    after = dump(document)
    assert len(document.journey_map.personas) == 3 and heard.take() == [("structure",)]
    copy_id = document.journey_map.personas[1].id
    assert any(c.persona == copy_id for c in document.cards.by_id.values()) and index_agrees(document)
    document.undo_stack.undo()
    assert dump(document) == before and heard.take() == [("structure",)] and index_agrees(document)
    document.undo_stack.redo()
    assert dump(document) == after and runs == [1] and heard.take() == [("structure",)] and index_agrees(document)
    document.undo_stack.undo()
    assert dump(document) == before


# --- the one door for field edits ------------------------------------------------------------------


def test_a_field_edit_that_would_break_the_map_is_refused_and_told(document):
    from app.ui.commands import push_field_edit

    refused = []
    document.edit_refused.connect(lambda what, why: refused.append((what, why)))
    before = dump(document)
    assert not push_field_edit(document, "card", "pa0", {"lane": "e", "severity": 3}, "Move to emotions")
    assert refused == [("Move to emotions", "the emotion curve holds no cards")]
    assert dump(document) == before and document.undo_stack.count() == 0
    assert not push_field_edit(document, "phase", "a", {"id": "b", "name": "x"}, "Rename")
    assert refused[-1] == ("Rename", "the id 'b' is already used")
    assert not push_field_edit(document, "card", "pa0", {"severity": 7, "votes": -1}, "Edit")
    assert refused[-1][1].startswith("severity: ") and "; votes: " in refused[-1][1]
    assert dump(document) == before and document.undo_stack.count() == 0


def test_an_allowed_field_edit_is_one_undo_step_and_typing_merges(document):
    from app.ui.commands import push_field_edit

    refused = []
    document.edit_refused.connect(lambda what, why: refused.append((what, why)))
    assert push_field_edit(document, "lane", "t", {"name": "Channels"}, "Rename lane")
    assert document.journey_map.lane("t").name == "Channels" and document.undo_stack.count() == 1
    for text in ("N", "No", "Now"):
        assert push_field_edit(document, "persona", "q", {"quote": text}, "Quote", merge_key="quote")
    assert document.journey_map.persona("q").quote == "Now" and document.undo_stack.count() == 2
    assert push_field_edit(document, "map", "m", {"title": "New title"}, "Title")
    assert document.undo_stack.undoText() == "Title" and refused == []
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.journey_map.persona("q").quote == "" and document.journey_map.title == "Grid"


def test_the_undo_menu_names_every_kind_of_edit(document):
    stack = document.undo_stack
    commands = [
        AddCardsCommand(document, [(0, Card(id="n", persona="p", phase="a", lane="t"))], "Add card"),
        RemoveCardsCommand(document, {"n"}, "Delete card"),
        MoveCardsCommand(document, ["pa0"], ("q", "a", "t"), None, "Move card"),
        EditFieldsCommand(document, "card", "pa0", {"text": "x"}, "Edit text"),
        SetEmotionCommand(document, "q", "b", EmotionPoint(persona="q", phase="b", score=1), "Set emotion"),
        StructureCommand(document, lambda journey_map: None, "Add phase"),
    ]
    for command in commands:
        stack.push(command)
        assert stack.undoText() == command.text() != ""
    for command in reversed(commands):
        assert stack.undoText() == command.text()
        stack.undo()


def test_a_pushed_change_undone_is_made_again_by_redo_every_time(document):
    from app.ui.commands import push_field_edit

    assert push_field_edit(document, "lane", "t", {"name": "Channels"}, "Rename lane")
    stack = document.undo_stack
    for _round in range(2):
        stack.undo()
        assert document.journey_map.lane("t").name == "T"
        stack.redo()
        assert document.journey_map.lane("t").name == "Channels"
    assert stack.count() == 1


# --- step names in the UI language ---------------------------------------------------------------


def test_a_language_switch_names_every_translatable_step_again_and_leaves_the_others(document):
    from app import i18n
    from app.operations import changes
    from app.ui.commands import StepName, push_change, retranslate_steps

    stack = document.undo_stack
    push_change(document, changes.SetFields(target="map", values={"title": "One"}), StepName(lambda: i18n._(
        "Delete Lane")))
    push_change(document, changes.SetFields(target="map", values={"title": "Two"}), "as typed")
    push_change(document, changes.SetFields(target="map", values={"title": "Three"}), StepName(lambda: i18n._(
        "Edit lane")))
    try:
        i18n.set_language("de")
        retranslate_steps(stack)
        assert [stack.command(i).text() for i in range(stack.count())] == [
            "Zeile löschen", "as typed", "Zeile bearbeiten"]
    finally:
        i18n.set_language("en")
    retranslate_steps(stack)
    assert [stack.command(i).text() for i in range(stack.count())] == ["Delete Lane", "as typed", "Edit lane"]


def test_a_structure_step_is_named_again_after_a_language_switch_too(document):
    from app import i18n
    from app.ui.commands import StepName, retranslate_steps

    stack = document.undo_stack
    stack.push(StructureCommand(document, lambda journey_map: ops.duplicate_persona(journey_map, "p", "P2"),
                                StepName(lambda: i18n._("Duplicate persona"))))
    i18n.set_language("de")
    retranslate_steps(stack)
    assert stack.undoText() == "Persona duplizieren"
    i18n.set_language("en")
    retranslate_steps(stack)
    assert stack.undoText() == "Duplicate persona"


def test_a_step_the_editor_did_not_name_keeps_its_name_and_the_others_are_named_again(document):
    """A script's macro (a plain QUndoCommand holding edits) is left as it is; a switch does not fail on it."""
    from app import i18n
    from app.operations import changes
    from app.ui.commands import StepName, push_change, retranslate_steps

    stack = document.undo_stack
    stack.beginMacro("Tidy up")
    push_change(document, changes.SetFields(target="map", values={"title": "One"}), "Retitle")
    stack.endMacro()
    push_change(document, changes.SetFields(target="map", values={"title": "Two"}), StepName(lambda: i18n._(
        "Delete Lane")))
    i18n.set_language("de")
    retranslate_steps(stack)
    assert [stack.command(i).text() for i in range(stack.count())] == ["Tidy up", "Zeile löschen"]
    assert document.journey_map.title == "Two"
    stack.undo()
    stack.undo()
    assert document.journey_map.title == "Grid"
