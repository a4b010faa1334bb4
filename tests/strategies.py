"""Hypothesis strategies for whole, valid journey maps."""

from __future__ import annotations

from hypothesis import strategies as st

from app.model import EVIDENCE_VALUES, LANE_KINDS, Card, EmotionPoint, JourneyMap, Lane, Persona, Phase

ids = st.from_regex(r"[a-z0-9][a-z0-9_.\-]{0,11}", fullmatch=True)
texts = st.text(max_size=40)
colors = st.from_regex(r"#[0-9A-F]{6}", fullmatch=True)


@st.composite
def journey_maps(draw, max_cards: int = 25) -> JourneyMap:
    phase_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    lane_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    persona_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    lanes = [Lane(id=i, name=draw(texts), kind=draw(st.sampled_from(LANE_KINDS))) for i in lane_ids]
    card_lanes = [lane.id for lane in lanes if lane.kind != "emotions"]
    cards = []
    if card_lanes:
        card_ids = draw(st.lists(ids, max_size=max_cards, unique=True))
        for card_id in card_ids:
            cards.append(
                Card(
                    id=card_id,
                    persona=draw(st.sampled_from(persona_ids)),
                    phase=draw(st.sampled_from(phase_ids)),
                    lane=draw(st.sampled_from(card_lanes)),
                    text=draw(st.text(max_size=80)),
                    notes=draw(texts),
                    channel=draw(texts),
                    owner=draw(texts),
                    severity=draw(st.none() | st.integers(1, 5)),
                    moment_of_truth=draw(st.booleans()),
                    evidence=draw(st.none() | st.sampled_from(EVIDENCE_VALUES)),
                    votes=draw(st.integers(0, 99)),
                    tags=draw(st.lists(texts, max_size=3)),
                    color=draw(st.none() | colors),
                )
            )
    emotion_keys = draw(
        st.lists(st.tuples(st.sampled_from(persona_ids), st.sampled_from(phase_ids)), unique=True, max_size=8)
    )
    return JourneyMap(
        id=draw(ids),
        title=draw(texts),
        description=draw(texts),
        goal=draw(texts),
        phases=[Phase(id=i, name=draw(texts), goal=draw(texts)) for i in phase_ids],
        lanes=lanes,
        personas=[
            Persona(id=i, name=draw(texts), goals=draw(st.lists(texts, max_size=3)), color=draw(colors))
            for i in persona_ids
        ],
        cards=cards,
        emotions=[
            EmotionPoint(persona=p, phase=ph, score=draw(st.integers(-2, 2)), label=draw(texts))
            for p, ph in emotion_keys
        ],
    )
