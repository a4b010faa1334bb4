"""Deciding a recorded merge conflict (issue 15, item 4): every kind and target with each choice, as one change
that drops the record, keeps the map's rules and undoes exactly."""

from __future__ import annotations

import pytest

from app.merge.resolve import KEEP_MINE, TAKE_THEIRS, Edited, editable, resolve
from app.merge.three_way import merge_maps
from app.model import EmotionPoint, JourneyMap, load_map, map_from_bytes, map_problems, map_to_bytes
from app.operations import changes as ch
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "fitness-watch.json"


def _set(target: str, item_id: str, **values) -> ch.Change:
    return ch.SetFields(target=target, item_id=item_id, values=values)


def _point(journey_map: JourneyMap, score: int, label: str = "") -> ch.Change:
    point = journey_map.emotion("beginner", "purchase")
    return ch.SetEmotion(persona="beginner", phase="purchase",
                         point=EmotionPoint(persona="beginner", phase="purchase", score=score,
                                            label=label or point.label, note=point.note))


#: (target, field) -> (what ours does, what theirs does, how to read the field's value in a map, an edited value)
CHANGED = {
    ("map", "title"): (lambda m: _set("map", "", title="Ours"), lambda m: _set("map", "", title="Theirs"),
                       lambda m: m.title, "Typed title"),
    ("phase", "name"): (lambda m: _set("phase", "purchase", name="Buy"),
                        lambda m: _set("phase", "purchase", name="Kauf"),
                        lambda m: m.phase("purchase").name, "Checkout"),
    ("lane", "name"): (lambda m: _set("lane", "thoughts", name="Ideas"),
                       lambda m: _set("lane", "thoughts", name="Mind"),
                       lambda m: m.lane("thoughts").name, "Thinking"),
    ("persona", "role"): (lambda m: _set("persona", "athlete", role="Coach"),
                          lambda m: _set("persona", "athlete", role="Runner"),
                          lambda m: m.persona("athlete").role, "Triathlete"),
    ("card", "text"): (lambda m: _set("card", "c-1", text="Mine"), lambda m: _set("card", "c-1", text="Theirs"),
                       lambda m: m.card("c-1").text, "Both, rewritten"),
    ("card", "severity"): (lambda m: _set("card", "c-5", severity=1), lambda m: _set("card", "c-5", severity=5),
                           lambda m: m.card("c-5").severity, 3),
    ("card", "tags"): (lambda m: _set("card", "c-1", tags=["a"]), lambda m: _set("card", "c-1", tags=["b"]),
                       lambda m: m.card("c-1").tags, ["a", "b"]),
    ("card", "cell"): (lambda m: ch.MoveCards(card_ids=["c-1"], persona="beginner", phase="purchase",
                                              lane="touchpoints"),
                       lambda m: ch.MoveCards(card_ids=["c-1"], persona="athlete", phase="retention", lane="actions"),
                       lambda m: [m.card("c-1").persona, m.card("c-1").phase, m.card("c-1").lane],
                       ["gift-buyer", "advocacy", "thoughts"]),
    ("emotion", "score"): (lambda m: _point(m, -2), lambda m: _point(m, 2),
                           lambda m: m.emotion("beginner", "purchase").score, 0),
    ("emotion", "label"): (lambda m: _point(m, 1, "Ours"), lambda m: _point(m, 1, "Theirs"),
                           lambda m: m.emotion("beginner", "purchase").label, "Typed"),
}
#: target -> (the removal, a change of the same object, whether the object is in a map)
REMOVED = {
    "card": (lambda m: ch.RemoveCards(card_ids=["c-1"]), lambda m: _set("card", "c-1", text="Changed"),
             lambda m: any(c.id == "c-1" for c in m.cards)),
    "phase": (lambda m: ch.RemoveItem(target="phase", item_id="advocacy"),
              lambda m: _set("phase", "advocacy", goal="Changed"), lambda m: any(p.id == "advocacy" for p in m.phases)),
    "lane": (lambda m: ch.RemoveItem(target="lane", item_id="owners"), lambda m: _set("lane", "owners", name="Teams"),
             lambda m: any(lane.id == "owners" for lane in m.lanes)),
    "persona": (lambda m: ch.RemoveItem(target="persona", item_id="gift-buyer"),
                lambda m: _set("persona", "gift-buyer", quote="Changed"),
                lambda m: any(p.id == "gift-buyer" for p in m.personas)),
    "emotion": (lambda m: ch.SetEmotion(persona="beginner", phase="purchase", point=None), lambda m: _point(m, -1),
                lambda m: m.emotion("beginner", "purchase") is not None),
}


def merged(ours_edit, theirs_edit) -> tuple[JourneyMap, JourneyMap, JourneyMap]:
    """(ours, theirs, merged) from the sample, each side made by one change through the door."""
    base = load_map(SAMPLE)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ch.apply_checked(ours, ours_edit(ours))
    ch.apply_checked(theirs, theirs_edit(theirs))
    result = merge_maps(base, ours, theirs, ours_label="mine", theirs_label="disk")
    assert len(result.conflicts) == 1, result.conflicts
    return ours, theirs, result.merged


def decide(journey_map: JourneyMap, choice) -> ch.Change:
    """Resolve the map's one conflict; check the record is gone, the map whole, and the undo exact."""
    before = journey_map.model_copy(deep=True)
    before_bytes = map_to_bytes(journey_map)
    assert journey_map.schema_version == "1.1"
    inverse = ch.apply_checked(journey_map, resolve(journey_map, journey_map.conflicts[0].id, choice))
    assert journey_map.conflicts is None
    assert journey_map.schema_version == "1.0"  # nothing else of 1.1 is used: written as 1.0 again
    assert map_problems(journey_map) == []
    assert map_from_bytes(map_to_bytes(journey_map)) == journey_map
    after = journey_map.model_copy(deep=True)
    ch.apply(journey_map, inverse)
    assert journey_map == before
    assert map_to_bytes(journey_map) == before_bytes
    return after


@pytest.mark.parametrize("target_field", list(CHANGED), ids=lambda key: "-".join(key))
@pytest.mark.parametrize("choice", ["ours", "theirs", "edited"])
def test_a_field_changed_on_both_sides_takes_the_chosen_value(target_field, choice):
    make_ours, make_theirs, value_of, typed = CHANGED[target_field]
    ours, theirs, journey_map = merged(make_ours, make_theirs)
    conflict = journey_map.conflicts[0]
    assert (conflict.kind, conflict.target, conflict.field) == ("changed", *target_field)
    assert value_of(journey_map) == value_of(ours)
    wanted = {"ours": value_of(ours), "theirs": value_of(theirs), "edited": typed}[choice]
    after = decide(journey_map, {"ours": KEEP_MINE, "theirs": TAKE_THEIRS, "edited": Edited(typed)}[choice])
    assert value_of(after) == wanted
    assert value_of(ours) != value_of(theirs) != typed


@pytest.mark.parametrize("target", list(REMOVED))
@pytest.mark.parametrize("remover", ["ours", "theirs"])
@pytest.mark.parametrize("choice", [KEEP_MINE, TAKE_THEIRS])
def test_an_object_removed_on_one_side_and_changed_on_the_other_goes_or_stays_as_chosen(target, remover, choice):
    removal, change, present = REMOVED[target]
    sides = (removal, change) if remover == "ours" else (change, removal)
    ours, theirs, journey_map = merged(*sides)
    conflict = journey_map.conflicts[0]
    assert (conflict.kind, conflict.target) == (f"removed_by_{remover}", target)
    assert present(journey_map)  # the merge kept it: nobody's work disappears unseen
    after = decide(journey_map, choice)
    assert present(after) == (choice != remover)  # the remover's choice removes it
    if present(after):  # kept as the side that changed it has it
        changer = theirs if remover == "ours" else ours
        assert present(changer)


def test_keeping_a_changed_object_keeps_the_changed_version():
    _ours, _theirs, journey_map = merged(lambda m: _set("card", "c-1", text="Changed"),
                                         lambda m: ch.RemoveCards(card_ids=["c-1"]))
    after = decide(journey_map, KEEP_MINE)
    assert after.card("c-1").text == "Changed"


def test_an_object_removed_since_the_merge_only_drops_the_record():
    _ours, _theirs, journey_map = merged(*CHANGED[("card", "text")][:2])
    ch.apply_checked(journey_map, ch.RemoveCards(card_ids=["c-1"]))
    change = resolve(journey_map, journey_map.conflicts[0].id, TAKE_THEIRS)
    assert change == ch.Batch(changes=[ch.SetFields(target="map", values={"conflicts": None})])


def test_resolving_one_of_several_conflicts_leaves_the_others():
    base = load_map(SAMPLE)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    for side, word in ((ours, "Mine"), (theirs, "Theirs")):
        ch.apply_checked(side, ch.Batch(changes=[_set("card", "c-1", text=word), _set("card", "c-2", text=word)]))
    journey_map = merge_maps(base, ours, theirs).merged
    first, second = journey_map.conflicts
    ch.apply_checked(journey_map, resolve(journey_map, first.id, TAKE_THEIRS))
    assert journey_map.conflicts == [second] and journey_map.schema_version == "1.1"
    assert journey_map.card("c-1").text == "Theirs" and journey_map.card("c-2").text == "Mine"


def test_a_text_that_says_ours_can_be_typed():
    _ours, _theirs, journey_map = merged(*CHANGED[("card", "text")][:2])
    ch.apply_checked(journey_map, resolve(journey_map, journey_map.conflicts[0].id, Edited("ours")))
    assert journey_map.card("c-1").text == "ours"
    _ours, _theirs, journey_map = merged(*CHANGED[("card", "text")][:2])
    ch.apply_checked(journey_map, resolve(journey_map, journey_map.conflicts[0].id, "Plain value"))
    assert journey_map.card("c-1").text == "Plain value"


@pytest.mark.parametrize(("key", "value"), [(("card", "severity"), 9), (("emotion", "score"), 7),
                                            (("card", "cell"), ["beginner", "purchase", "emotions"]),
                                            (("card", "cell"), "nowhere")])
def test_a_value_that_breaks_a_rule_is_refused_and_nothing_changes(key, value):
    _ours, _theirs, journey_map = merged(*CHANGED[key][:2])
    before = journey_map.model_copy(deep=True)
    with pytest.raises(ch.ChangeRefusedError):
        ch.apply_checked(journey_map, resolve(journey_map, journey_map.conflicts[0].id, Edited(value)))
    assert journey_map == before


def test_a_removal_cannot_be_decided_by_a_value_and_an_unknown_conflict_is_refused():
    _ours, _theirs, journey_map = merged(*REMOVED["card"][:2])
    with pytest.raises(ch.ChangeRefusedError):
        resolve(journey_map, journey_map.conflicts[0].id, Edited("text"))
    with pytest.raises(ch.ChangeRefusedError, match="no conflict"):
        resolve(journey_map, "k-nothing", KEEP_MINE)


def test_only_a_changed_field_other_than_a_cell_can_be_typed():
    assert editable(merged(*CHANGED[("card", "text")][:2])[2].conflicts[0])
    assert not editable(merged(*CHANGED[("card", "cell")][:2])[2].conflicts[0])
    assert not editable(merged(*REMOVED["card"][:2])[2].conflicts[0])


def test_taking_theirs_of_an_unknown_field_of_a_newer_version_sets_it():
    from app.merge.resolve import TAKE_THEIRS, resolve
    from app.merge.three_way import merge_maps
    from app.model import JourneyMap, load_map
    from app.operations.changes import apply_checked
    from tests.conftest import SAMPLE_FILES

    data = load_map(SAMPLE_FILES[0]).model_dump(mode="json")
    data["cards"][0]["x_future"] = "base"
    base = JourneyMap.model_validate(data)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ours.cards[0].x_future = "ours"  # type: ignore[attr-defined]
    theirs.cards[0].x_future = "theirs"  # type: ignore[attr-defined]
    merged = merge_maps(base, ours, theirs).merged
    (conflict,) = merged.conflicts
    assert conflict.field == "x_future"
    undo = apply_checked(merged, resolve(merged, conflict.id, TAKE_THEIRS))
    assert merged.cards[0].x_future == "theirs" and merged.conflicts is None  # type: ignore[attr-defined]
    apply_checked(merged, undo)
    assert merged.cards[0].x_future == "ours" and merged.conflicts == [conflict]  # type: ignore[attr-defined]
