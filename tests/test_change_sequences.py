"""Random sequences of changes, undo and redo through the change layer, without Qt (issue 20, G).

A hypothesis state machine opens a generated map (or a sample) and applies changes of
every kind (``app.operations.changes``: cards added, removed, moved and placed, fields of
any object set to any value, emotion points, phases, lanes and personas inserted,
removed, moved and duplicated, batches of these), made for the map as it is at that
step, with hostile text, and now and then naming what does not exist or breaking a rule
on purpose. Each goes through ``apply_checked``, as read from JSON or as made. A change
that is refused leaves the map's bytes exactly as they were; one that is let in gives an
inverse, kept on an undo list; undo and redo apply those inverses, through the same check.

After every step: the map keeps every rule (``map_problems``), saves to bytes that load
back to the same map and the same bytes, and the editor's card index (when the run uses
one) agrees with a fresh scan. Every undo restores the bytes from before its change,
every redo the bytes from after it; at the end, undoing everything gives the first bytes
and redoing everything the last.

``tests/test_edit_sequences.py`` does the like through the Qt undo stack with a few
well-formed edits; this one is Qt-free and throws everything at the change layer's door.
Profiles: ``tests/hypothesis_profiles.py`` (``JOURNEYMAP_HYPOTHESIS=long``).
"""

from __future__ import annotations

import re

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from app.model import JourneyMap, load_map, map_from_bytes, map_problems, map_to_bytes
from app.operations import changes as ch
from app.operations.index import CardIndex
from tests.conftest import SAMPLE_FILES
from tests.hypothesis_profiles import MARKS, profile
from tests.strategies import journey_maps, map_changes
from tests.test_operations_behaviour import assert_index_agrees

pytestmark = MARKS
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def saved(journey_map: JourneyMap) -> bytes:
    return map_to_bytes(journey_map)


def _has_lone_surrogate(value) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_lone_surrogate(v) for v in value)
    return False


def sendable(change) -> bool:
    """Whether a change can go through JSON. A field edit carries its values as given, and a lone
    surrogate in one cannot be written as JSON (PydanticSerializationError; applied, it is stored as
    U+FFFD). Reported with the G tests; such changes are applied as made, for now."""
    return not _has_lone_surrogate(change.model_dump())


class ChangeSequences(RuleBasedStateMachine):
    @initialize(journey_map=journey_maps(max_cards=15) | st.sampled_from(SAMPLE_FILES).map(load_map),
                use_index=st.booleans())
    def open_map(self, journey_map: JourneyMap, use_index: bool) -> None:
        self.map = journey_map
        self.first = saved(journey_map)
        self.index = CardIndex(journey_map) if use_index else None
        #: (inverse, bytes before the change) of what was done, last done last
        self.done: list[tuple[ch.Change, bytes]] = []
        #: (the change again, bytes after it) of what was undone, last undone last
        self.undone: list[tuple[ch.Change, bytes]] = []

    @rule(data=st.data())
    def change(self, data) -> None:
        change = data.draw(map_changes(self.map), label="change")
        if sendable(change) and data.draw(st.booleans(), label="as read from JSON"):
            change = ch.from_json(ch.to_json(change))  # a colleague's edit, a replayed session
        before = saved(self.map)
        try:
            inverse = ch.apply_checked(self.map, change, self.index)
        except ch.ChangeRefusedError as refused:
            event(f"refused {change.kind}")
            assert refused.problems and all(p.strip() for p in refused.problems)
            assert saved(self.map) == before, "a refused change left the map changed"
            return
        event(f"made {change.kind}")
        if sendable(inverse) and data.draw(st.booleans(), label="inverse kept as JSON"):
            inverse = ch.from_json(ch.to_json(inverse))
        self.done.append((inverse, before))
        self.undone.clear()

    @precondition(lambda self: self.done)
    @rule()
    def undo(self) -> None:
        inverse, before = self.done.pop()
        after = saved(self.map)
        redo = ch.apply_checked(self.map, inverse, self.index)  # an undo is never refused
        assert saved(self.map) == before, "undo did not restore the map as it was"
        self.undone.append((redo, after))

    @precondition(lambda self: self.undone)
    @rule()
    def redo(self) -> None:
        change, after = self.undone.pop()
        before = saved(self.map)
        inverse = ch.apply_checked(self.map, change, self.index)  # nor is a redo
        assert saved(self.map) == after, "redo did not make the change again"
        self.done.append((inverse, before))

    @invariant()
    def the_map_keeps_every_rule_and_saves_and_loads_back_identically(self) -> None:
        if not hasattr(self, "map"):
            return
        assert map_problems(self.map) == []
        data = saved(self.map)
        again = map_from_bytes(data)
        assert again == self.map
        assert saved(again) == data
        if self.index is not None:
            assert_index_agrees(self.index, self.map)

    def teardown(self) -> None:
        if not hasattr(self, "map"):
            return
        while self.undone:
            self.redo()
        last = saved(self.map)
        while self.done:
            self.undo()
        assert saved(self.map) == self.first, "undoing everything did not give the first map back"
        while self.undone:
            self.redo()
        assert saved(self.map) == last, "redoing everything did not give the last map back"


def test_random_change_sequences_keep_the_map_whole_and_undo_restores_every_byte():
    run_state_machine_as_test(ChangeSequences, settings=profile(examples=60, steps=25))
