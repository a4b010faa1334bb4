"""A diff and merge conflicts in words, for a person (the CLI, git's diff, the editor's lists) or as JSON.

One line per object that differs, in the UI language: "Card 'Checkout and
payment' (c12) moved Purchase/Touchpoints → Retention/Touchpoints; severity 3 → 4".
Objects are named by what a person sees (a card's text, a phase's name) and
then by id, which is what stays the same across versions.
"""

from __future__ import annotations

from typing import Any

from app.i18n import N_, _
from app.merge.diff import Difference
from app.model import JourneyMap
from app.model.schema import Conflict

#: how many characters of a text a line shows before "…"
SHOWN_CHARS = 40
#: the name of each field a person sees, by its name in the file (unknown fields keep their own)
FIELD_NAMES = {
    "text": N_("text"), "notes": N_("notes"), "channel": N_("channel"), "owner": N_("owner"),
    "severity": N_("severity"), "moment_of_truth": N_("moment of truth"), "evidence": N_("evidence"),
    "votes": N_("votes"), "tags": N_("tags"), "color": N_("colour"), "name": N_("name"), "goal": N_("goal"),
    "description": N_("description"), "role": N_("role"), "goals": N_("goals"), "pains": N_("pains"),
    "channels": N_("channels"), "decision_criteria": N_("decision criteria"), "quote": N_("quote"),
    "kind": N_("kind"), "score": N_("score"), "label": N_("label"), "note": N_("note"), "title": N_("title"),
    "language": N_("language"), "created": N_("created"), "modified": N_("last modified"),
    "conflicts": N_("merge conflicts"), "id": N_("id"), "cell": N_("cell"), "position": N_("place"),
}
_ADDED = {
    "phase": N_("Phase {name} added"), "lane": N_("Lane {name} added"), "persona": N_("Persona {name} added"),
    "card": N_("Card {name} added in {cell}"), "emotion": N_("Emotion point of {name} set"),
}
_REMOVED = {
    "phase": N_("Phase {name} removed"), "lane": N_("Lane {name} removed"), "persona": N_("Persona {name} removed"),
    "card": N_("Card {name} removed from {cell}"), "emotion": N_("Emotion point of {name} removed"),
}
_CHANGED = {
    "map": N_("Map {name}"), "phase": N_("Phase {name}"), "lane": N_("Lane {name}"), "persona": N_("Persona {name}"),
    "card": N_("Card {name}"), "emotion": N_("Emotion point of {name}"),
}


def field_name(name: str) -> str:
    return _(FIELD_NAMES[name]) if name in FIELD_NAMES else name


def shown(value: Any) -> str:
    """A value in a line: texts quoted and cut, lists joined, nothing as "—"."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, str):
        text = " ".join(value.split())
        return repr(text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…")
    return str(value)


class Namer:
    """Names of objects and cells from the maps they are in (the newer map first, then the older)."""

    def __init__(self, *maps: JourneyMap) -> None:
        self.maps = maps
        self.names: dict[tuple[str, str], str] = {}
        for journey_map in reversed(maps):
            for target, items in (("phase", journey_map.phases), ("lane", journey_map.lanes),
                                  ("persona", journey_map.personas)):
                self.names.update({(target, item.id): item.name for item in items})
            self.names[("map", journey_map.id)] = journey_map.title
        self._cards_read = False  # cards are named on the first card asked for: most lines name none

    def _name(self, target: str, item_id: str) -> str | None:
        if target == "card" and not self._cards_read:
            for journey_map in reversed(self.maps):
                self.names.update({("card", card.id): card.text for card in journey_map.cards})
            self._cards_read = True
        return self.names.get((target, item_id))

    def item(self, target: str, item_id: str, data: dict[str, Any] | None = None) -> str:
        """"'Purchase' (purchase)", a card by its text; an emotion point by persona and phase."""
        if target == "emotion":
            persona, _slash, phase = item_id.partition("/")
            return _("{persona} in {phase}").format(persona=self.plain("persona", persona),
                                                      phase=self.plain("phase", phase))
        label = (data or {}).get({"card": "text", "map": "title"}.get(target, "name"))
        if label is None:
            label = self._name(target, item_id) or ""
        return f"{shown(label)} ({item_id})" if label else f"({item_id})"

    def plain(self, target: str, item_id: str) -> str:
        return self.names.get((target, item_id)) or item_id

    def cell(self, cell: list[str], other: list[str] | None = None) -> str:
        """"Purchase/Touchpoints", with the persona first when it is not the same as in ``other``."""
        persona, phase, lane = cell
        parts = [self.plain("phase", phase), self.plain("lane", lane)]
        if other is None or other[0] != persona:
            parts.insert(0, self.plain("persona", persona))
        return "/".join(parts)


def describe(difference: Difference, namer: Namer) -> str:
    """One line for one object that differs."""
    target, data = difference.target, difference.data
    name = namer.item(target, difference.item_id, data)
    if difference.kind in ("added", "removed"):
        words = _ADDED if difference.kind == "added" else _REMOVED
        cell = namer.cell([data.get("persona", ""), data.get("phase", ""), data.get("lane", "")]) \
            if target == "card" else ""
        return _(words[target]).format(name=name, cell=cell)
    parts = []
    for field, (old, new) in difference.fields.items():
        if field == "cell":
            parts.append(_("moved {old} → {new}").format(old=namer.cell(old, new), new=namer.cell(new, old)))
        elif field == "position":
            parts.append(_("moved from place {old} to {new}").format(old=old + 1, new=new + 1))
        elif target in ("phase", "lane", "persona") and field == "name":
            parts.append(_("renamed {old} → {new}").format(old=shown(old), new=shown(new)))
        elif field == "conflicts":
            parts.append(_("merge conflicts {old} → {new}").format(old=len(old or []), new=len(new or [])))
        else:
            parts.append(_("{field} {old} → {new}").format(field=field_name(field), old=shown(old), new=shown(new)))
    if target == "card" and "text" in difference.fields:
        name = f"({difference.item_id})"  # its text is in the line
    return _("{object} {changes}").format(object=_(_CHANGED[target]).format(name=name), changes="; ".join(parts))


def diff_lines(differences: list[Difference], old: JourneyMap, new: JourneyMap) -> list[str]:
    namer = Namer(new, old)
    return [describe(difference, namer) for difference in differences]


def describe_conflict(conflict: Conflict, namer: Namer) -> str:
    """"Card 'Checkout' (c12): text — ours 'A', theirs 'B'", or what one side removed."""
    data = conflict.ours if isinstance(conflict.ours, dict) else conflict.theirs
    name = _(_CHANGED[conflict.target]).format(
        name=namer.item(conflict.target, conflict.item_id, data if isinstance(data, dict) else None))
    ours = conflict.ours_label or _("ours")
    theirs = conflict.theirs_label or _("theirs")
    if conflict.kind == "changed":
        old, new = conflict.ours, conflict.theirs
        if conflict.field == "cell":
            old, new = namer.cell(old or ["", "", ""], new), namer.cell(new or ["", "", ""], old)
        else:
            old, new = shown(old), shown(new)
        return _("{object}: {field} changed on both sides: {ours} {old}, {theirs} {new}").format(
            object=name, field=field_name(conflict.field or ""), ours=ours, old=old, theirs=theirs, new=new)
    remover, changer = (ours, theirs) if conflict.kind == "removed_by_ours" else (theirs, ours)
    return _("{object}: removed on one side ({remover}), changed on the other ({changer}); kept for now").format(
        object=name, remover=remover, changer=changer)


def conflict_lines(journey_map: JourneyMap) -> list[str]:
    namer = Namer(journey_map)
    return [describe_conflict(conflict, namer) for conflict in journey_map.conflicts or []]
