"""The KPI rule of the health check, and the live check: kept per persona, it always equals a fresh check."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import operations as ops
from app.insight.health import RULES, LiveCheck, check_map
from app.model import Card, Kpis, load_map
from app.operations import changes
from tests.conftest import SAMPLE_FILES
from tests.test_health_check import card, journey, names_not_ids

KPI_LANES = ("ln-tp", "ln-opp")
RULE = {rule.id: rule for rule in RULES}


def kpis(value: float, target: float, direction: str = "higher", persona: str | None = None, phase: str = "ph-co",
         name: str = "Conversion rate", unit: str = "%") -> Kpis:
    return Kpis.model_validate({
        "metrics": [{"id": "conv", "name": name, "unit": unit, "direction": direction}],
        "values": [{"metric": "conv", "phase": phase, "persona": persona, "value": value, "target": target}]})


def with_kpis(table: Kpis, cards=(), personas=("pe-lena",)):
    journey_map = journey(cards, lanes=KPI_LANES, personas=personas)
    journey_map.kpis = table
    return journey_map


@pytest.mark.parametrize(("value", "target", "direction", "missed"), [
    (2.0, 3.0, "higher", True), (3.0, 3.0, "higher", False), (4.0, 3.0, "higher", False),
    (6.0, 5.0, "lower", True), (5.0, 5.0, "lower", False), (4.0, 5.0, "lower", False),
])
def test_a_kpi_below_target_without_an_opportunity_is_found_by_its_direction(value, target, direction, missed):
    findings = RULE["kpi_below_target"].check(with_kpis(kpis(value, target, direction)))
    assert bool(findings) is missed
    if missed:
        finding = findings[0]
        assert (finding.persona, finding.phase, finding.card) == (None, "ph-co", None)
        names_not_ids(finding, "Conversion rate", "Consideration")
        assert f"{value:g} %" in finding.message and f"{target:g} %" in finding.message


def test_a_value_or_target_missing_is_no_finding():
    table = Kpis.model_validate({"metrics": [{"id": "conv", "name": "Conversion"}],
                                 "values": [{"metric": "conv", "phase": "ph-co", "value": 1},
                                            {"metric": "conv", "phase": "ph-aw", "target": 9}]})
    assert RULE["kpi_below_target"].check(with_kpis(table)) == []


@pytest.mark.parametrize(("text", "addressed"), [
    ("Raise the conversion rate with a trial", True),
    ("CONVERSION RATE: one-click checkout", True),
    ("Shorter checkout", False),
    ("Improve conversion", False),  # it names another thing than the metric
    ("See conv", True),  # the metric's id
])
def test_an_opportunity_in_the_phase_that_names_the_metric_addresses_it(text, addressed):
    opportunity = card("c1", "pe-lena", "ph-co", "ln-opp", text)
    assert (RULE["kpi_below_target"].check(with_kpis(kpis(2, 3), [opportunity])) == []) is addressed


def test_an_opportunity_in_another_phase_does_not_address_it():
    opportunity = card("c1", "pe-lena", "ph-aw", "ln-opp", "Raise the conversion rate")
    assert len(RULE["kpi_below_target"].check(with_kpis(kpis(2, 3), [opportunity]))) == 1


def test_a_personas_own_value_needs_its_own_opportunity_and_says_whose_it_is():
    jonas_idea = card("c1", "pe-jonas", "ph-co", "ln-opp", "Raise the conversion rate")
    journey_map = with_kpis(kpis(2, 3, persona="pe-lena"), [jonas_idea], personas=("pe-lena", "pe-jonas"))
    finding, = RULE["kpi_below_target"].check(journey_map)
    assert finding.persona == "pe-lena" and finding.message.startswith("Lena: ")
    lena_idea = card("c2", "pe-lena", "ph-co", "ln-opp", "Raise the conversion rate")
    journey_map.cards.append(lena_idea)
    assert RULE["kpi_below_target"].check(journey_map) == []


def test_a_value_of_all_personas_is_addressed_by_any_personas_opportunity():
    jonas_idea = card("c1", "pe-jonas", "ph-co", "ln-opp", "conversion rate up")
    journey_map = with_kpis(kpis(2, 3), [jonas_idea], personas=("pe-lena", "pe-jonas"))
    assert RULE["kpi_below_target"].check(journey_map) == []
    assert check_map(journey_map) == [f for f in check_map(journey_map) if f.rule != "kpi_below_target"]


def test_the_rule_is_in_check_map_and_can_be_switched_off():
    journey_map = with_kpis(kpis(2, 3))
    assert [f.rule for f in check_map(journey_map)].count("kpi_below_target") == 1
    journey_map.checks_off = ["kpi_below_target"]
    assert "kpi_below_target" not in [f.rule for f in check_map(journey_map)]


# --- the live check ------------------------------------------------------------------------------------------


def index_cards_of(index: ops.index.CardIndex):
    """What the editor hands the live check: a persona's cards from the card index, with their positions."""
    def cards_of(persona_id: str) -> list[tuple[int, Card]]:
        cards = [card for cell in index.cells(persona_id).values() for card in cell]
        return sorted(((index.position(card), card) for card in cards), key=lambda pair: pair[0])
    return cards_of


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_a_fresh_live_check_is_check_map(path):
    journey_map = load_map(path)
    assert LiveCheck(journey_map).findings() == check_map(journey_map)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_updating_only_the_personas_an_edit_touched_gives_what_a_fresh_check_gives(data):
    journey_map = load_map(data.draw(st.sampled_from(SAMPLE_FILES)))
    table = Kpis.model_validate({"metrics": [{"id": "nps", "name": "NPS"}], "values": [
        {"metric": "nps", "phase": journey_map.phases[1].id, "value": 10, "target": 40},
        {"metric": "nps", "phase": journey_map.phases[2].id, "persona": journey_map.personas[0].id, "value": 1,
         "target": 2}]})
    journey_map.kpis = table
    index = ops.index.CardIndex(journey_map)
    live = LiveCheck(journey_map, index_cards_of(index))
    lanes = [lane for lane in journey_map.lanes if lane.kind != "emotions"]
    for _step in range(data.draw(st.integers(1, 6))):
        cards = journey_map.cards
        persona = data.draw(st.sampled_from(journey_map.personas)).id
        phase = data.draw(st.sampled_from(journey_map.phases)).id
        lane = data.draw(st.sampled_from(lanes))
        kind = data.draw(st.sampled_from(["add", "remove", "move", "text", "owner", "emotion"]))
        touched = {persona}
        if kind == "add":
            text = data.draw(st.sampled_from(["NPS up", "Sales to Service hand-over", "", "Marketing"]))
            new = Card(id=f"new-{len(cards)}-{_step}", persona=persona, phase=phase, lane=lane.id, text=text,
                       owner=data.draw(st.sampled_from(["", "Sales"])))
            change = changes.AddCards(placed=[(data.draw(st.integers(0, len(cards))), new)])
        elif kind == "emotion":
            score = data.draw(st.integers(-2, 2))
            change = changes.SetEmotion(persona=persona, phase=phase,
                                        point={"persona": persona, "phase": phase, "score": score})
        else:
            if not cards:
                continue
            target = data.draw(st.sampled_from(cards))
            touched.add(target.persona)
            if kind == "remove":
                change = changes.RemoveCards(card_ids=[target.id])
            elif kind == "move":
                change = changes.MoveCards(card_ids=[target.id], persona=persona, phase=phase, lane=lane.id)
            else:
                change = changes.SetFields(target="card", item_id=target.id, values={
                    kind: data.draw(st.sampled_from(["", "Marketing", "Service", "the NPS"]))})
        changes.apply_checked(journey_map, change, index)
        live.update(touched)
        assert live.findings() == check_map(journey_map), kind
