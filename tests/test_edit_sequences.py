"""Random edit sequences with undo and redo interleaved (a hypothesis state machine).

Edits go through the editor's one door, ``push_change`` with change values, as the
canvas and the menus make them; edits that would break the map are tried too and
must be refused with the map and the undo stack untouched. Every intermediate
state is a valid map that saves and loads; undoing
everything gives the opened map back, redoing everything the final one.
The document's card index and a layout kept up to date edit by edit (as the
canvas keeps it) always equal a fresh scan and a layout from scratch.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from PySide6.QtWidgets import QApplication

from app import operations as ops
from app.layout import TextWrapper, persona_layout
from app.model import Card, EmotionPoint, Phase, load_map, map_from_bytes, map_to_bytes
from app.model.schema import map_problems
from app.operations import changes
from app.operations.index import CardIndex
from app.ui.commands import push_change
from app.ui.document import MapDocument
from tests.conftest import SAMPLES
from tests.test_layout_and_operations import MonoMetrics

texts = st.text(max_size=30)


class EditSequences(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.opened = load_map(SAMPLES / "b2b-it-services.json")
        self.document = MapDocument(self.opened.model_copy(deep=True))
        self.stack = self.document.undo_stack
        self.counter = 0
        self.wrapper = TextWrapper(MonoMetrics())
        self.persona = self.map.personas[0].id
        self.layout = persona_layout(self.map, self.persona, self.wrapper, cards=self.document.cards)
        self.document.cards_changed.connect(self.relayout)
        self.document.emotion_changed.connect(lambda *_: self.relayout(set()))
        self.document.structure_changed.connect(lambda: self.relayout(set(), rebuild=True))

    def relayout(self, dirty: set[str], rebuild: bool = False) -> None:
        """What the canvas does on each change: reuse the previous layout, re-lay out what changed."""
        if self.persona not in [p.id for p in self.map.personas]:
            self.persona, rebuild = self.map.personas[0].id, True
        previous = None if rebuild else self.layout
        self.layout = persona_layout(self.map, self.persona, self.wrapper, previous=previous, dirty=dirty,
                                     cards=self.document.cards)

    @property
    def map(self):
        return self.document.journey_map

    def card_lanes(self):
        return [lane.id for lane in self.map.lanes if lane.kind != "emotions"]

    def fresh_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"

    @rule(data=st.data(), text=texts)
    def add_card(self, data, text):
        if not self.map.phases or not self.card_lanes():
            return
        persona = data.draw(st.sampled_from([p.id for p in self.map.personas]))
        phase = data.draw(st.sampled_from([p.id for p in self.map.phases]))
        lane = data.draw(st.sampled_from(self.card_lanes()))
        card = Card(id=self.fresh_id("n"), persona=persona, phase=phase, lane=lane, text=text)
        index = ops.cell_insert_index(self.map, persona, phase, lane, None)
        assert push_change(self.document, changes.AddCards(placed=[(index, card)]), "Add card")

    @precondition(lambda self: self.map.cards)
    @rule(data=st.data())
    def move_cards(self, data):
        ids = data.draw(st.lists(st.sampled_from([c.id for c in self.map.cards]), min_size=1, max_size=3,
                                 unique=True))
        persona = data.draw(st.sampled_from([p.id for p in self.map.personas]))
        phase = data.draw(st.sampled_from([p.id for p in self.map.phases]))
        lane = data.draw(st.sampled_from(self.card_lanes()))
        position = data.draw(st.none() | st.integers(0, 5))
        assert push_change(self.document, changes.MoveCards(card_ids=ids, persona=persona, phase=phase, lane=lane,
                                                            position=position), "Move")

    @precondition(lambda self: self.map.cards)
    @rule(data=st.data())
    def delete_cards(self, data):
        ids = data.draw(st.sets(st.sampled_from([c.id for c in self.map.cards]), min_size=1, max_size=4))
        assert push_change(self.document, changes.RemoveCards(card_ids=sorted(ids)), "Delete")

    @precondition(lambda self: self.map.cards)
    @rule(data=st.data(), text=texts, merge=st.booleans())
    def edit_card(self, data, text, merge):
        card = data.draw(st.sampled_from([c.id for c in self.map.cards]))
        field = data.draw(st.sampled_from(["text", "owner", "severity", "votes"]))
        value = {"text": text, "owner": text, "severity": data.draw(st.none() | st.integers(1, 5)),
                 "votes": data.draw(st.integers(0, 9))}[field]
        edit = changes.SetFields(target="card", item_id=card, values={field: value})
        assert push_change(self.document, edit, "Edit", merge_key=field if merge else None)

    @rule(data=st.data())
    def set_emotion(self, data):
        if not self.map.phases:
            return
        persona = data.draw(st.sampled_from([p.id for p in self.map.personas]))
        phase = data.draw(st.sampled_from([p.id for p in self.map.phases]))
        score = data.draw(st.none() | st.integers(-2, 2))
        point = None if score is None else EmotionPoint(persona=persona, phase=phase, score=score)
        assert push_change(self.document, changes.SetEmotion(persona=persona, phase=phase, point=point), "Emotion")

    @rule(name=texts, index=st.integers(0, 6))
    def add_phase(self, name, index):
        phase = Phase(id=self.fresh_id("ph"), name=name)
        assert push_change(self.document, changes.InsertItem(target="phase", index=min(index, len(self.map.phases)),
                                                             item=phase), "Add phase")

    @precondition(lambda self: len(self.map.phases) > 1)
    @rule(data=st.data())
    def delete_or_move_phase(self, data):
        phase = data.draw(st.sampled_from([p.id for p in self.map.phases]))
        if data.draw(st.booleans()):
            assert push_change(self.document, changes.RemoveItem(target="phase", item_id=phase), "Delete phase")
        else:
            to = data.draw(st.integers(0, len(self.map.phases)))
            assert push_change(self.document, changes.MoveItem(target="phase", item_id=phase, index=to), "Move")

    @rule(data=st.data())
    def duplicate_or_delete_persona(self, data):
        persona = data.draw(st.sampled_from([p.id for p in self.map.personas]))
        if len(self.map.personas) > 1 and data.draw(st.booleans()):
            assert push_change(self.document, changes.RemoveItem(target="persona", item_id=persona), "Delete")
        elif len(self.map.personas) < 6:
            copy = changes.duplicate_persona(self.map, persona, "Copy")
            assert push_change(self.document, copy, "Duplicate persona")

    @rule(data=st.data())
    def a_change_that_breaks_the_map_is_refused(self, data):
        emotion_lanes = [lane.id for lane in self.map.lanes if lane.kind == "emotions"]
        broken = [changes.RemoveCards(card_ids=["no-such-card"]),
                  changes.InsertItem(target="persona", index=0, item=self.map.personas[0].model_copy())]
        if self.map.cards and emotion_lanes and self.map.phases:
            card = data.draw(st.sampled_from(self.map.cards))
            broken.append(changes.MoveCards(card_ids=[card.id], persona=card.persona, phase=card.phase,
                                            lane=emotion_lanes[0]))
            broken.append(changes.AddCards(placed=[(0, card.model_copy())]))  # its id is taken
        change = data.draw(st.sampled_from(broken))
        before, steps, index = self.map.model_copy(deep=True), self.stack.count(), self.stack.index()
        assert not push_change(self.document, change, "Broken")
        assert self.map == before and (self.stack.count(), self.stack.index()) == (steps, index)

    @precondition(lambda self: self.stack.canUndo())
    @rule(steps=st.integers(1, 3))
    def undo(self, steps):
        for _ in range(steps):
            if self.stack.canUndo():
                self.stack.undo()

    @precondition(lambda self: self.stack.canRedo())
    @rule(steps=st.integers(1, 3))
    def redo(self, steps):
        for _ in range(steps):
            if self.stack.canRedo():
                self.stack.redo()

    @invariant()
    def state_is_a_valid_map_that_saves_and_loads(self):
        assert map_problems(self.map) == []
        data = map_to_bytes(self.map)
        assert map_from_bytes(data) == self.map

    @invariant()
    def index_and_incremental_layout_equal_a_fresh_scan(self):
        index, fresh = self.document.cards, CardIndex(self.map)
        assert index.by_id.keys() == fresh.by_id.keys()
        assert all(index.by_id[i] is card for i, card in fresh.by_id.items())
        for persona, cells in fresh.personas.items():
            for cell, cards in cells.items():
                assert [c.id for c in index.cell(persona, *cell)] == [c.id for c in cards]
        for card in self.map.cards[::7]:
            assert self.map.cards[index.position(card)] is card
        assert self.layout == persona_layout(self.map, self.persona, TextWrapper(MonoMetrics()))

    def teardown(self):
        while self.stack.canRedo():
            self.stack.redo()
        final = self.map.model_copy(deep=True)
        while self.stack.canUndo():
            self.stack.undo()
        assert self.map == self.opened
        while self.stack.canRedo():
            self.stack.redo()
        assert self.map == final


def test_random_edit_sequences_undo_and_redo():
    QApplication.instance() or QApplication([])
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(
        EditSequences,
        settings=settings(max_examples=100, stateful_step_count=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]),
    )
