"""KPI badges when a card is dragged into or out of a KPI lane below a row that changes height
(app.layout.persona_layout, incremental): the KPI row is laid out again for the cell the card went to or
came from, and its other cells, untouched, only move with the row. Their badges must move with them: the
canvas draws the badges of the incremental layout, the poster those of a fresh one, and both must show the
badges at the top of their cell with the cards below them."""

from __future__ import annotations

import pytest

from app.export.fonts import ReportlabMetrics
from app.layout import PersonaLayout, Style, TextWrapper, persona_layout
from app.model import Card, JourneyMap, Kpis, Lane, Persona, Phase
from app.model.schema import KpiValue
from app.operations import move_cards
from tests.test_layout_behaviour import _kpi_map

LONG = "a touchpoint described at length so that its card wraps over a good many lines " * 3


def _small_map() -> JourneyMap:
    """Three phases, a notes row above an emotions row above the KPI row; values for everyone and per persona."""
    phases = [Phase(id=p, name=p.upper()) for p in ("a", "b", "c")]
    lanes = [Lane(id="notes", name="Notes"), Lane(id="feel", name="Feel", kind="emotions"),
             Lane(id="kpis", name="KPIs", kind="kpis")]
    cards = [Card(id="n1", persona="p", phase="a", lane="notes", text=LONG),
             Card(id="n2", persona="p", phase="b", lane="notes", text="short"),
             Card(id="n3", persona="q", phase="c", lane="notes", text=LONG * 2),
             Card(id="n4", persona="q", phase="a", lane="notes", text="brief note"),
             Card(id="k1", persona="p", phase="b", lane="kpis", text=LONG),
             Card(id="k2", persona="q", phase="a", lane="kpis", text="a KPI remark")]
    kpis = Kpis.model_validate({
        "metrics": [{"id": "nps", "name": "NPS"}, {"id": "conv", "name": "Conversion of trial users", "unit": "%"}],
        "values": [{"metric": "nps", "phase": "a", "value": 20, "target": 30},
                   {"metric": "conv", "phase": "a", "value": 41.5, "target": 40},
                   {"metric": "nps", "phase": "b", "value": 12},
                   {"metric": "conv", "phase": "c", "persona": "q", "value": 3, "target": 5},
                   {"metric": "nps", "phase": "c", "value": 50, "target": 45}]})
    return JourneyMap(id="m", title="KPIs", phases=phases, lanes=lanes,
                      personas=[Persona(id="p", name="P"), Persona(id="q", name="Q")], cards=cards, kpis=kpis)


def _sample_map() -> JourneyMap:
    """The b2b sample with the layout tests' KPIs, and one more value so that a third phase has a badge."""
    journey_map = _kpi_map()
    journey_map.kpis.values.append(KpiValue(metric="nps", phase="consideration", value=7, target=9))
    return journey_map


def _moves(journey_map: JourneyMap, persona: str, kpi_lane: str) -> list[tuple[str, str, str]]:
    """(card, phase, lane) drags that change the KPI row and, as likely as not, the height of a row above it:
    the tallest card of each row above into each KPI cell, and each KPI card up into each row above."""
    lanes = [lane.id for lane in journey_map.lanes if lane.kind != "emotions"]
    above = lanes[:lanes.index(kpi_lane)]
    own = [card for card in journey_map.cards if card.persona == persona]
    moves = []
    for lane in above:
        in_lane = [card for card in own if card.lane == lane]
        if in_lane:
            tallest = max(in_lane, key=lambda card: len(card.text))
            moves += [(tallest.id, phase.id, kpi_lane) for phase in journey_map.phases]
    for card in own:
        if card.lane == kpi_lane:
            moves += [(card.id, phase.id, lane) for phase in journey_map.phases for lane in above]
    return moves


def _check_badges_sit_atop_their_cells(layout: PersonaLayout, kpi_lane: str, style: Style) -> None:
    for (phase_id, lane_id), cell in layout.cells.items():
        badges = layout.kpi_badges.get((phase_id, lane_id), ())
        if lane_id != kpi_lane:
            assert not badges
            continue
        y = cell.y + style.cell_padding
        for badge in badges:
            assert badge.rect.x == cell.x + style.cell_padding and badge.rect.y == pytest.approx(y)
            assert badge.rect.bottom <= cell.bottom
            y = badge.rect.bottom + style.card_gap / 2
        cards = [layout.cards[card_id].rect for card_id in layout.cell_cards[(phase_id, lane_id)]]
        if badges and cards:
            assert cards[0].y == pytest.approx(badges[-1].rect.bottom + style.card_gap)
        for card in cards:
            assert cell.y < card.y and card.bottom <= cell.bottom


@pytest.mark.parametrize(("make", "personas"), [(_small_map, ("p", "q")), (_sample_map, ("evaluator", "cfo"))],
                         ids=["small", "b2b"])
def test_badges_of_untouched_kpi_cells_move_with_their_row_when_a_card_is_dragged_into_or_out_of_the_row(
        make, personas):
    style = Style()
    wrapper = TextWrapper(ReportlabMetrics())
    base = make()
    kpi_lane = next(lane.id for lane in base.lanes if lane.kind == "kpis")
    moved_with_badges = 0
    for persona in personas:
        before = persona_layout(base, persona, wrapper, style)
        for card_id, phase, lane in _moves(base, persona, kpi_lane):
            journey_map = base.model_copy(deep=True)
            old_cell = before.card_cell[card_id]
            move_cards(journey_map, [card_id], persona, phase, lane, None)
            after = persona_layout(journey_map, persona, wrapper, style, previous=before, dirty={card_id})
            fresh = persona_layout(journey_map, persona, wrapper, style)
            where = (card_id, phase, lane)
            assert after.kpi_badges == fresh.kpi_badges, where
            assert after.cells == fresh.cells and after.cards == fresh.cards, where
            _check_badges_sit_atop_their_cells(after, kpi_lane, style)
            # count the KPI cells with badges that the drag left alone but moved (the case this file is about)
            for key, badges in before.kpi_badges.items():
                if key not in (old_cell, (phase, lane)) and after.cells[key].y != before.cells[key].y:
                    dy = after.cells[key].y - before.cells[key].y
                    assert len(after.kpi_badges[key]) == len(badges), where
                    for old, new in zip(badges, after.kpi_badges[key], strict=True):
                        assert tuple(new.rect) == pytest.approx(tuple(old.rect._replace(y=old.rect.y + dy))), where
                    moved_with_badges += 1
    assert moved_with_badges >= 4, moved_with_badges
