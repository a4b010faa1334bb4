"""What a PDF cannot print: every character no font has a glyph for, and every text it is in.

The warning names each such character once (up to 60, then "and N more")
and then each card or other text holding one, by persona · phase · lane and
the start of its text, a screenful at most and "and N more" past it. No Qt here.
"""

from __future__ import annotations

from app.export.font_fallback import missing_characters
from app.i18n import _, ngettext
from app.model import JourneyMap

#: texts named one per line before "and N more": about a screenful
SHOWN_PLACES = 20
#: characters named in the warning's first line before "and N more" (a font-less system may miss thousands)
SHOWN_CHARACTERS = 60
#: how much of a text names it
START_LENGTH = 30


def printed_texts(journey_map: JourneyMap, persona_ids: list[str], insight: bool) -> list[tuple[str, str]]:
    """(where it prints, text) for every text of the map a PDF of these personas prints."""
    phases = {phase.id: phase.name for phase in journey_map.phases}
    lanes = {lane.id: lane.name for lane in journey_map.lanes}
    texts = [(_("map title"), journey_map.title), (_("map goal"), journey_map.goal)]
    for persona_id in persona_ids:
        persona = journey_map.persona(persona_id)
        texts.append((_("persona"), persona.name))
        texts += [(persona.name, text) for text in (persona.role, *persona.goals, *persona.pains)]
        for card in journey_map.cards:
            if card.persona == persona.id:
                where = " · ".join((persona.name, phases.get(card.phase, card.phase), lanes.get(card.lane, card.lane)))
                texts += [(where, text) for text in (card.text, card.channel, card.owner) if text]
        texts += [(" · ".join((persona.name, phases.get(e.phase, e.phase), _("emotion"))), e.label)
                  for e in journey_map.emotions if e.persona == persona.id]
    texts += [(_("phase"), text) for phase in journey_map.phases for text in (phase.name, phase.goal)]
    texts += [(_("lane"), lane.name) for lane in journey_map.lanes]
    if insight and journey_map.kpis is not None:
        texts += [(_("KPI"), text) for metric in journey_map.kpis.metrics for text in (metric.name, metric.unit)]
    if journey_map.deliverable is not None:  # printed on the title block and every page's footer
        brand = journey_map.deliverable
        texts += [(_("deliverable settings"), text)
                  for text in (brand.client, brand.author, brand.version, brand.confidentiality)]
    return [(where, text) for where, text in texts if text]


def _named(char: str) -> str:
    return f"“{char}” U+{ord(char):04X}"


def _start(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= START_LENGTH else flat[:START_LENGTH].rstrip() + "…"


def glyph_warnings(journey_map: JourneyMap, persona_ids: list[str], insight: bool) -> tuple[set[str], list[str]]:
    """The characters no font can draw among what was printed, and the one warning that lists them."""
    texts = printed_texts(journey_map, persona_ids, insight)
    missing = missing_characters([text for _where, text in texts])
    if not missing:
        return missing, []
    named = ", ".join(map(_named, sorted(missing)[:SHOWN_CHARACTERS]))
    if len(missing) > SHOWN_CHARACTERS:
        more = len(missing) - SHOWN_CHARACTERS
        named += " " + ngettext("… and {count} more character", "… and {count} more characters", more).format(
            count=more)
    lines = [ngettext("no font has a glyph for {count} character, which prints as an empty box: {characters}",
                      "no font has a glyph for {count} characters, which print as empty boxes: {characters}",
                      len(missing)).format(count=len(missing), characters=named)]
    places = []
    for where, text in texts:
        chars = sorted(missing.intersection(text))
        if chars:
            places.append(_("{characters} in {place}: {start}").format(
                characters=", ".join(map(_named, chars)), place=where, start=f"“{_start(text)}”"))
    lines += ["  " + place for place in places[:SHOWN_PLACES]]
    if len(places) > SHOWN_PLACES:
        more = len(places) - SHOWN_PLACES
        lines.append("  " + ngettext("… and {count} more text", "… and {count} more texts", more).format(count=more))
    return missing, ["\n".join(lines)]
