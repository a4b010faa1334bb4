"""Large synthetic maps for tests and benchmarks: realistic text mixes, reproducible by seed."""

from __future__ import annotations

import random

from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase

LANE_KINDS = ["touchpoints", "actions", "goals", "thoughts", "emotions", "pain_points", "opportunities",
              "owners", "kpis", "notes"]
_VOCABULARY = {
    "en": "customer checkout delivery newsletter price review support onboarding app store campaign "
    "trust comparison invoice return exchange loyalty subscription portal feedback",
    "de": "Kundin Lieferung Rücksendung Bestätigung Überweisung Größenberatung Geschäftsführer "
    "Zufriedenheit Erstattung Kaufabbruch Öffnungszeiten Straße",
    "pl": "zamówienie dostawa płatność reklamacja zwrot sklep klientka łatwość źródło żółty",
}
WORDS = {language: words.split() for language, words in _VOCABULARY.items()}


def sentence(rng: random.Random, long: bool) -> str:
    language = rng.choice(list(WORDS))
    count = rng.randint(25, 60) if long else rng.randint(2, 8)
    return " ".join(rng.choice(WORDS[language]) for _ in range(count)).capitalize()


def big_map(cards: int, personas: int = 20, phases: int = 12, lanes: int = 10, seed: int = 1) -> JourneyMap:
    """A map with ``cards`` cards spread evenly over personas, phases and the card lanes."""
    rng = random.Random(seed)
    phase_list = [Phase(id=f"ph{i}", name=f"Phase {i + 1}", goal=sentence(rng, False)) for i in range(phases)]
    lane_list = [Lane(id=f"ln{i}", name=f"Lane {i + 1}", kind=LANE_KINDS[i % len(LANE_KINDS)]) for i in range(lanes)]
    persona_list = [Persona(id=f"pe{i}", name=f"Persona {i + 1}") for i in range(personas)]
    card_lanes = [lane.id for lane in lane_list if lane.kind != "emotions"]
    card_list = []
    for n in range(cards):
        persona = persona_list[n % personas].id
        kind_lane = rng.choice(card_lanes)
        card_list.append(
            Card(
                id=f"c{n}", persona=persona, phase=rng.choice(phase_list).id, lane=kind_lane,
                text=sentence(rng, rng.random() < 0.1), owner=rng.choice(["", "Sales", "Service"]),
                severity=rng.choice([None, 1, 3, 5]), votes=rng.randint(0, 5),
            )
        )
    emotions = [
        EmotionPoint(persona=p.id, phase=ph.id, score=rng.randint(-2, 2), label=rng.choice(WORDS["en"]))
        for p in persona_list for ph in phase_list
    ]
    return JourneyMap(
        id="big", title=f"Synthetic map with {cards} cards", phases=phase_list, lanes=lane_list,
        personas=persona_list, cards=card_list, emotions=emotions,
    )


def long_word(length: int, seed: int = 1) -> str:
    """One word of ``length`` letters and digits, no space to break it at (issue 20: a 10 MB word)."""
    rng = random.Random(seed)
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=length))


def with_duplicate_ids(document: dict) -> dict:
    """A map file's JSON with the second half of its cards reusing the ids of the first half."""
    cards = document["cards"]
    half = len(cards) // 2
    for index in range(half, 2 * half):
        cards[index]["id"] = cards[index - half]["id"]
    return document
