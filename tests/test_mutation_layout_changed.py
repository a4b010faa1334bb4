"""What an incremental layout reports as changed (app.layout.persona_layout with ``previous``).

``PersonaLayout.changed`` names the cards whose box is new since the previous layout, so that a view
redraws those and keeps the rest: every card whose box differs must be in it, and nothing that is not
one of the layout's cards (an id of a card, not a placeholder)."""

from __future__ import annotations

from app.export.fonts import ReportlabMetrics
from app.layout import Style, TextWrapper, persona_layout
from app.model import Card, JourneyMap, Lane, Persona, Phase, load_map
from tests.conftest import SAMPLES

LONG = "a touchpoint described at length so that its card wraps over a good many lines " * 3


def _small_map() -> JourneyMap:
    phases = [Phase(id=p, name=p.upper()) for p in ("a", "b")]
    lanes = [Lane(id="doing", name="Doing"), Lane(id="feel", name="Feel", kind="emotions"),
             Lane(id="notes", name="Notes")]
    cards = [Card(id="top", persona="p", phase="a", lane="doing", text="short"),
             Card(id="below", persona="p", phase="a", lane="doing", text="under the first"),
             Card(id="beside", persona="p", phase="b", lane="doing", text="next column"),
             Card(id="lower", persona="p", phase="a", lane="notes", text="a row further down")]
    return JourneyMap(id="m", title="Changed", phases=phases, lanes=lanes, personas=[Persona(id="p", name="P")],
                      cards=cards)


def _check(before, after, dirty: set[str]) -> None:
    assert after.changed is not None
    assert after.changed <= set(after.cards), after.changed - set(after.cards)
    moved = {card_id for card_id, box in after.cards.items() if before.cards.get(card_id) != box}
    assert moved <= after.changed
    assert {card_id for card_id in dirty if card_id in after.cards} <= after.changed


def test_a_grown_card_its_neighbour_below_and_the_rows_below_are_reported_and_nothing_else():
    journey_map, style = _small_map(), Style()
    wrapper = TextWrapper(ReportlabMetrics())
    before = persona_layout(journey_map, "p", wrapper, style)
    assert before.changed is None  # built from scratch: everything is new
    journey_map.cards[0].text = LONG
    after = persona_layout(journey_map, "p", wrapper, style, previous=before, dirty={"top"})
    _check(before, after, {"top"})
    assert after.changed == {"top", "below", "lower"}  # "beside" kept its box, in a cell nobody touched
    assert after.cards["beside"] is before.cards["beside"]


def test_an_added_card_is_reported_by_its_id():
    journey_map, style = _small_map(), Style()
    wrapper = TextWrapper(ReportlabMetrics())
    before = persona_layout(journey_map, "p", wrapper, style)
    journey_map.cards.append(Card(id="new", persona="p", phase="b", lane="notes", text="just added"))
    after = persona_layout(journey_map, "p", wrapper, style, previous=before, dirty={"new"})
    _check(before, after, {"new"})
    assert "new" in after.changed


def test_editing_any_card_of_a_sample_reports_exactly_card_ids():
    journey_map, style = load_map(SAMPLES / "b2b-it-services.json"), Style()
    wrapper = TextWrapper(ReportlabMetrics())
    persona = journey_map.personas[0].id
    before = persona_layout(journey_map, persona, wrapper, style)
    own = [card for card in journey_map.cards if card.persona == persona]
    for card in own[:: max(1, len(own) // 6)]:
        card.text = LONG
        after = persona_layout(journey_map, persona, wrapper, style, previous=before, dirty={card.id})
        _check(before, after, {card.id})
        before = after
