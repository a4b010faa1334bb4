"""The executive summary's last corners, and the narrowest paper a handout accepts (mutation survivors).

- A map without personas says "No personas" (muted) under the Personas heading.
- A pain point or opportunity card without text is listed as "–" beside its number, never as a blank line.
- One finding is announced in the singular: "1 finding to look at before handing the map over".
- A handout column exactly MIN_CARD_WIDTH wide is still accepted; a hair narrower is refused.

Pages are laid out on the recording canvas of the KPI page tests (design points, y down).
"""

from __future__ import annotations

import pytest

from app.export.handout import SCALE, handout_style
from app.export.pdf import MIN_CARD_WIDTH, ExportError
from app.insight import health
from app.layout import Style
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_insight_s14 import MUTED, summary_texts


def test_a_map_without_personas_says_so_under_the_personas_heading():
    journey_map = JourneyMap(id="nobody", title="Nobody", goal="G", lanes=[Lane(id="notes", name="Notes")],
                             phases=[Phase(id="ph0", name="Awareness")], personas=[], cards=[])
    texts = summary_texts(journey_map)
    names = [t.text for t in texts]
    line = texts[names.index("Personas") + 1]
    assert line.text == "No personas" and line.color == MUTED


@pytest.mark.parametrize(("lane", "kind", "heading"), [("pain", "pain_points", "Top pain points"),
                                                       ("opp", "opportunities", "Top opportunities")])
def test_a_card_without_text_is_listed_as_a_dash_beside_its_number(lane, kind, heading):
    card = Card(id="c", persona="ann", phase="ph0", lane=lane, text="", severity=3, votes=2, value=4, effort=2)
    journey_map = JourneyMap(id="blank", title="Blank", goal="G", lanes=[Lane(id=lane, name="L", kind=kind)],
                             phases=[Phase(id="ph0", name="Awareness")],
                             personas=[Persona(id="ann", name="Ann")], cards=[card])
    names = [t.text for t in summary_texts(journey_map)]
    start = names.index(heading)
    assert names[start + 1] == "–" and "1." in names[start + 2:start + 4]  # the text, its facts, then its number


def test_a_single_finding_is_announced_in_the_singular():
    journey_map = JourneyMap(id="one", title="One", goal="G",
                             lanes=[Lane(id="notes", name="Notes"), Lane(id="empty", name="Empty")],
                             phases=[Phase(id="ph0", name="Awareness")], personas=[Persona(id="ann", name="Ann")],
                             cards=[Card(id="c", persona="ann", phase="ph0", lane="notes", text="Hi")])
    assert len(health.check_map(journey_map)) == 1
    names = [t.text for t in summary_texts(journey_map)]
    assert names[names.index("Open health-check findings") + 1] == \
        "1 finding to look at before handing the map over"


def test_a_handout_column_exactly_the_narrowest_card_wide_is_accepted_and_a_hair_less_refused():
    base = Style()
    journey_map = JourneyMap(id="one", title="One", lanes=[Lane(id="notes", name="Notes")],
                             phases=[Phase(id="ph0", name="Awareness")], personas=[Persona(id="ann", name="Ann")])
    room = MIN_CARD_WIDTH + 2 * base.cell_padding
    width = (room + base.lane_header_width) * SCALE
    assert width / SCALE - base.lane_header_width - 2 * base.cell_padding == MIN_CARD_WIDTH  # exact in floats
    style, per_page = handout_style(journey_map, width)
    assert (style.card_width, per_page) == (MIN_CARD_WIDTH, 1)
    with pytest.raises(ExportError, match="too narrow"):
        handout_style(journey_map, width - 0.01)
