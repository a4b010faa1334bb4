"""The poster planner's height model (``app.export.pdf._HeightModel``) counts the lines the layout wraps.

Filling a sheet tries many card widths and predicts each grid's height from word widths instead of laying the
grid out; the width chosen is then laid out for real, and the page prints at the scale the prediction promised
only when both agree. So, for every card width a sheet may ask for, the predicted grid height is the laid-out
one: with short texts, texts that wrap, several paragraphs, long words, a moment of truth
(its mark takes room from the text), captions, and a line that fills the card's text width exactly (the wrap
keeps a word that fits to the last point on its line).

DejaVu Sans widths at 10 pt are multiples of 1/1024 pt, so the sums below are exact. Every word here is
narrower than the narrowest card's text: a word wider than the card is cut into pieces at characters by the
layout but at the point by the model, which may then count a line fewer (not asserted here).
"""

from __future__ import annotations

import pytest

from app.export.pdf import MIN_CARD_WIDTH, PosterPlanner
from app.layout import persona_layout
from app.model import Card, JourneyMap, Lane, Persona, Phase

#: (first, second, inner): "first second" exactly as wide as a card's text (``inner``: the card width less
#: 2 × 8 padding); the third word never fits after "second": the exact line keeps both words, the third
#: wraps alone (a model that dropped "second" to the next line would count three lines)
EXACT = [
    ("0iiiiiiiiiiiiiiiiiiii", "maaaaaaaaa", 130.0),
    ("000iiiiiiiii", "mmmmmaaaaaaaa", 145.0),
    ("000000000000", "mmmmmaaaaaa", 165.0),
    ("00000iiiiiiiiiiiiii", "mmmmmaaaaaaaaaaa", 190.0),
    ("00000iiiiiiiiiiiiiiiiiiiiiiiiiiiiii", "maaaaaaaaaaaaaaa", 220.0),
]
THIRD = "aaaaaaaaaaaaaaaaaaaa"

TEXTS = [
    "Sign up",
    "Compares three offers on the web and reads the reviews before deciding which watch to buy",
    "First paragraph of notes\nSecond paragraph, a little longer than the first one\n\nafter an empty line",
    "Supercalifragilisticexpialidocious words, each narrower than the narrowest card",
]


def make_map(exact_marked: bool) -> JourneyMap:
    phases = [Phase(id=f"ph{i}", name=name) for i, name in enumerate(["Aware", "Buy", "Use"])]
    lanes = [Lane(id="doing", name="Doing"), Lane(id="thinking", name="Thinking and feeling"),
             Lane(id="feel", name="Emotions", kind="emotions")]
    cards = []
    for i, (first, second, _inner) in enumerate(EXACT):
        cards.append(Card(id=f"x{i}", persona="ann", phase=phases[i % 3].id, lane="doing",
                          text=f"{first} {second} {THIRD}", moment_of_truth=exact_marked))
    for i, text in enumerate(TEXTS):
        cards.append(Card(id=f"t{i}", persona="ann", phase=phases[i % 3].id, lane="thinking", text=text,
                          votes=i, severity=(i % 5) + 1 if i % 2 else None))
    return JourneyMap(id="height-model", title="Fitness watch", lanes=lanes, phases=phases,
                      personas=[Persona(id="ann", name="Ann")], cards=cards)


def card_widths(exact_marked: bool) -> list[float]:
    """Every whole card width from the narrowest on to past the exact lines, and the exact ones themselves."""
    room = 8.0 + 8.0 + (16.0 if exact_marked else 0.0)  # padding both sides (and the mark's room)
    exact = [inner + room for _f, _s, inner in EXACT]
    return sorted({*range(int(MIN_CARD_WIDTH), 300, 3), *exact})


@pytest.mark.parametrize("exact_marked", [False, True], ids=["plain", "moment of truth"])
def test_the_predicted_grid_height_is_the_laid_out_one_at_every_card_width(exact_marked: bool):
    journey_map = make_map(exact_marked)
    planner = PosterPlanner(journey_map, "en")
    model = planner._model("ann")
    for width in card_widths(exact_marked):
        laid_out = persona_layout(journey_map, "ann", planner.wrapper, planner.style(float(width))).height
        assert model.height(float(width)) == pytest.approx(laid_out, abs=1e-6), width


@pytest.mark.parametrize("exact_marked", [False, True], ids=["plain", "moment of truth"])
def test_a_line_exactly_as_wide_as_the_card_text_keeps_its_last_word(exact_marked: bool):
    """The exact lines are two lines with the third word; a point narrower, "second" goes down a line alone."""
    journey_map = make_map(exact_marked)
    planner = PosterPlanner(journey_map, "en")
    for i, (first, second, inner) in enumerate(EXACT):
        width = inner + 16.0 + (16.0 if exact_marked else 0.0)
        layout = persona_layout(journey_map, "ann", planner.wrapper, planner.style(width))
        assert layout.cards[f"x{i}"].lines == [f"{first} {second}", THIRD]
        narrower = persona_layout(journey_map, "ann", planner.wrapper, planner.style(width - 1))
        assert narrower.cards[f"x{i}"].lines == [first, second, THIRD]
