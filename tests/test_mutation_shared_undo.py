"""Undo in a map shared live: a step that no longer fits what others left is refused and told, never forced.

Without a live session an undo is applied unchecked (an inverse made on this map always fits it); in a
shared map others may have removed what the step would restore. These tests are Qt-free enough for the
mutation run (a QApplication, no window): ``app/ui/commands.py``'s ``ChangeCommand._apply``.
"""

from __future__ import annotations

import pytest

from app.model import Lane
from app.operations import changes as ch
from app.ui.commands import StructureCommand, push_change
from app.ui.document import MapDocument
from tests.test_commands_undo import grid_map


def shared_document(shared: bool = True) -> tuple[MapDocument, list[tuple[str, str]]]:
    journey_map = grid_map()
    journey_map.lanes.append(Lane(id="n", name="N", kind="notes"))
    document = MapDocument(journey_map)
    document.shared = shared
    refused: list[tuple[str, str]] = []
    document.edit_refused.connect(lambda what, why: refused.append((what, why)))
    return document, refused


def someone_else(document: MapDocument, change: ch.Change) -> None:
    """What a live session does with another person's change: applied, not on this editor's undo stack."""
    document.apply(change, checked=False)


def test_an_undo_that_no_longer_fits_a_shared_map_is_refused_with_every_reason(qapp):
    document, refused = shared_document()
    assert push_change(document, ch.SetFields(target="card", item_id="pa0", values={"phase": "b", "lane": "n"}),
                       "Move card")
    someone_else(document, ch.Batch(changes=[ch.RemoveItem(target="phase", item_id="a"),
                                             ch.RemoveItem(target="lane", item_id="t")]))
    left = document.journey_map.model_dump()
    document.undo_stack.undo()
    assert refused == [("Move card", "there is no phase 'a'; there is no lane 't'")]
    assert document.journey_map.model_dump() == left  # the map stays as the others left it
    document.undo_stack.redo()  # the step's redo: the card is where the move put it, nothing is forced
    assert document.journey_map.model_dump() == left


def test_an_undo_that_still_fits_a_shared_map_is_made(qapp):
    document, refused = shared_document()
    assert push_change(document, ch.SetFields(target="card", item_id="pa0", values={"text": "mine"}), "Edit card")
    someone_else(document, ch.SetFields(target="card", item_id="pb0", values={"text": "theirs"}))
    document.undo_stack.undo()
    assert refused == []
    assert document.journey_map.cards_in("p", "a", "t")[0].text == "pa0"
    assert document.journey_map.cards_in("p", "b", "t")[0].text == "theirs"


@pytest.mark.parametrize("shared", [False, True])
def test_an_undo_and_redo_in_a_map_of_one_editor_or_shared_restore_exactly(qapp, shared):
    document, refused = shared_document(shared)
    before = document.journey_map.model_dump()
    assert push_change(document, ch.RemoveCards(card_ids=["pa0", "qb2"]), "Delete cards")
    after = document.journey_map.model_dump()
    document.undo_stack.undo()
    assert document.journey_map.model_dump() == before
    document.undo_stack.redo()
    assert document.journey_map.model_dump() == after and refused == []


def test_a_structure_step_takes_its_snapshot_on_its_first_run(qapp):
    document, _refused = shared_document(False)
    before = document.journey_map.model_dump()
    step = StructureCommand(document, lambda journey_map: journey_map.phases.reverse(), "Reverse phases")
    document.undo_stack.push(step)
    assert [phase.id for phase in document.journey_map.phases] == ["b", "a"]
    document.undo_stack.undo()
    assert document.journey_map.model_dump() == before


def test_a_typing_step_does_not_merge_with_a_step_of_any_other_kind(qapp):
    from PySide6.QtGui import QUndoCommand

    from app.ui.commands import push_field_edit

    document, _refused = shared_document(False)
    assert push_field_edit(document, "persona", "q", {"quote": "N"}, "Quote", merge_key="quote")
    typing = document.undo_stack.command(0)
    assert not typing.mergeWith(QUndoCommand("another application's step"))
    assert document.journey_map.persona("q").quote == "N"
