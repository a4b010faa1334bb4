"""What a PDF cannot print: every character no font has a glyph for, and every text it is in.

The warning names each such character once (up to 60, then "and N more")
and then each card or other text holding one, by persona · phase · lane and
the start of its text (or the stretch around the box), a screenful at most
and "and N more" past it. What prints as a box is judged from the drawing's
own font runs (script_text), bold texts in the bold fonts. No Qt here.
"""

from __future__ import annotations

from app.export.script_text import boxes
from app.i18n import Catalogue, _, ngettext
from app.insight.kpis import badge_text, readings
from app.layout import card_caption
from app.model import JourneyMap

#: texts named one per line before "and N more": about a screenful
SHOWN_PLACES = 20
#: characters named in the warning's first line before "and N more" (a font-less system may miss thousands)
SHOWN_CHARACTERS = 60
#: how much of a text names it
START_LENGTH = 30


def printed_texts(journey_map: JourneyMap, persona_ids: list[str], insight: bool,
                  words: Catalogue | None = None) -> list[tuple[str, str, bool]]:
    """(where it prints, text, whether it also prints bold) for every text a PDF of these personas prints.

    A card's caption is taken as :func:`app.layout.card_caption` writes it, so every field the caption
    declares (``card_fields.CAPTION_FIELDS``: channel, owner, tags, …) is checked, a new one too, and a KPI
    lane's badge as :func:`app.insight.kpis.badge_text` writes it (the metric's name is printed there even
    without the KPI pages). Bold are the titles, persona names and roles, phase and lane headers, KPI names,
    badges and the marking.
    """
    phases = {phase.id: phase.name for phase in journey_map.phases}
    lanes = {lane.id: lane.name for lane in journey_map.lanes}
    texts = [(_("map title"), journey_map.title, True), (_("map goal"), journey_map.goal, False)]
    for persona_id in persona_ids:
        persona = journey_map.persona(persona_id)
        texts += [(_("persona"), persona.name, True), (persona.name, persona.role, True)]
        texts += [(persona.name, text, False) for text in (*persona.goals, *persona.pains)]
        for card in journey_map.cards:
            if card.persona == persona.id:
                where = " · ".join((persona.name, phases.get(card.phase, card.phase), lanes.get(card.lane, card.lane)))
                texts += [(where, card.text, False), (where, card_caption(card, words), False)]
        texts += [(" · ".join((persona.name, phases.get(e.phase, e.phase), _("emotion"))), e.label, False)
                  for e in journey_map.emotions if e.persona == persona.id]
        for lane in journey_map.lanes:
            if lane.kind == "kpis":  # a badge per metric with a value in the phase (layout.kpi_badge_boxes)
                texts += [(" · ".join((persona.name, phase.name, lane.name)), badge_text(reading, words), True)
                          for phase in journey_map.phases for reading in readings(journey_map, persona.id, phase.id)]
    texts += [(_("phase"), phase.name, True) for phase in journey_map.phases]
    texts += [(_("phase"), phase.goal, False) for phase in journey_map.phases]
    texts += [(_("lane"), lane.name, True) for lane in journey_map.lanes]
    if insight and journey_map.kpis is not None:
        texts += [(_("KPI"), text, True) for metric in journey_map.kpis.metrics for text in (metric.name, metric.unit)]
    if journey_map.deliverable is not None:  # printed on the title block and every page's footer
        brand = journey_map.deliverable
        texts += [(_("deliverable settings"), text, bold) for text, bold in (
            (brand.client, False), (brand.author, False), (brand.version, False), (brand.confidentiality, True))]
    return [(where, text, bold) for where, text, bold in texts if text]


def _named(char: str) -> str:
    return f"“{char}” U+{ord(char):04X}"


def _start(text: str, chars: set[str] = frozenset()) -> str:
    """The start of a text, or the stretch around its first box when that lies further on (a tag at a
    caption's end)."""
    flat = " ".join(text.split())
    at = min((flat.find(char) for char in chars if char in flat), default=0)
    if at >= START_LENGTH - 2:
        begin = at - START_LENGTH // 2
        if flat[begin - 1] != " ":  # from the start of a word before the box; in one without spaces, mid-word
            space = flat.find(" ", begin, at)
            begin = space + 1 if space != -1 else begin
        flat = "…" + flat[begin:]
    return flat if len(flat) <= START_LENGTH else flat[:START_LENGTH].rstrip() + "…"


def glyph_warnings(journey_map: JourneyMap, persona_ids: list[str], insight: bool,
                   words: Catalogue | None = None) -> tuple[set[str], list[str]]:
    """The characters that print as empty boxes among what was printed (regular, and bold where a text is bold:
    the bold chain's fonts differ), and the one warning that lists them."""
    found = []
    for where, text, bold in printed_texts(journey_map, persona_ids, insight, words):
        chars = boxes([text]) | (boxes([text], bold=True) if bold else set())
        if chars:
            found.append((where, text, chars))
    missing = set().union(*(chars for _where, _text, chars in found))
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
    places = [_("{characters} in {place}: {start}").format(
        characters=", ".join(map(_named, sorted(chars))), place=where, start=f"“{_start(text, chars)}”")
        for where, text, chars in found]
    lines += ["  " + place for place in places[:SHOWN_PLACES]]
    if len(places) > SHOWN_PLACES:
        more = len(places) - SHOWN_PLACES
        lines.append("  " + ngettext("… and {count} more text", "… and {count} more texts", more).format(count=more))
    return missing, ["\n".join(lines)]
