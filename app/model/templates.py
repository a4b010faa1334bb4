"""New maps from the templates shipped in ``resources/templates``.

A template without a ``language`` is written in the source language (English):
its words (title, phase names and goals, lane names, persona names and roles)
are listed below for the catalogue, and a new map gets them in the UI language.
A template that says its language (``five-phase-de``) is taken as it is. A new
map records the language of its content: the template's, else the UI language.
"""

from __future__ import annotations

from app import i18n
from app.i18n import N_, _
from app.model.fileformat import MapFileError, map_from_bytes
from app.model.ids import new_id
from app.model.schema import JourneyMap, utc_now
from app.resource_files import resource

DEFAULT_TEMPLATE = "five-phase"

#: every word of the English templates (five-phase.json, b2b.json), marked for the catalogue; a test checks
#: that each text of those files is here
TEMPLATE_WORDS: tuple[str, ...] = (
    # titles
    N_("New journey map"),
    N_("New B2B journey map"),
    # phases and their goals
    N_("Awareness"),
    N_("Create attention"),
    N_("Consideration"),
    N_("Build trust"),
    N_("Purchase"),
    N_("Make buying easy"),
    N_("Retention"),
    N_("Keep the customer happy"),
    N_("Advocacy"),
    N_("Turn customers into fans"),
    N_("Be found when the problem is felt"),
    N_("Prove competence and fit"),
    N_("Decision"),
    N_("Make the business case easy to approve"),
    # lanes
    N_("Touchpoints"),
    N_("Customer actions"),
    N_("Thoughts and questions"),
    N_("Emotions"),
    N_("Pain points"),
    N_("Opportunities"),
    N_("Owner"),
    N_("KPIs"),
    # personas
    N_("New persona"),
    N_("Technical evaluator"),
    N_("Checks that the solution fits the architecture"),
    N_("Purchasing lead"),
    N_("Compares offers and negotiates terms"),
    N_("CFO"),
    N_("Approves the budget"),
)


#: how File → New from Template names each shipped template (a template not listed shows its file name)
TEMPLATE_TITLES: dict[str, str] = {
    "five-phase": N_("Five phases: Awareness to Advocacy"),
    "five-phase-de": N_("Five phases, German content: Wahrnehmung to Unterstützung"),
    "b2b": N_("B2B buying journey with a buying centre"),
}


def template_title(name: str) -> str:
    """A template's name for people, in the UI language."""
    return _(TEMPLATE_TITLES[name]) if name in TEMPLATE_TITLES else name


def template_names() -> list[str]:
    """Names of the shipped templates, sorted."""
    folder = resource("templates")
    return sorted(entry.name.removesuffix(".json") for entry in folder.iterdir() if entry.name.endswith(".json"))


def _word(text: str) -> str:
    """A template's word in the UI language (an empty text stays empty; a word not listed stays as it is)."""
    return _(text) if text in TEMPLATE_WORDS else text


def _translate(journey_map: JourneyMap) -> None:
    """The words of an English template in the UI language."""
    journey_map.title = _word(journey_map.title)
    for phase in journey_map.phases:
        phase.name, phase.goal, phase.description = _word(phase.name), _word(phase.goal), _word(phase.description)
    for lane in journey_map.lanes:
        lane.name = _word(lane.name)
    for persona in journey_map.personas:
        persona.name, persona.role = _word(persona.name), _word(persona.role)
        persona.description = _word(persona.description)


def content_language() -> str | None:
    """The language a new map's content is in: the UI language when the format can record it."""
    language = i18n.language()
    return language if language in i18n.LANGUAGES else None


def new_map(template: str = DEFAULT_TEMPLATE, title: str | None = None) -> JourneyMap:
    """A fresh map from a template: new id, created and modified now, its words in the UI language."""
    if template not in template_names():
        raise MapFileError(
            None, _("no template named {name}; choose one of: {choices}").format(
                name=repr(template), choices=", ".join(template_names()))
        )
    source = resource("templates", f"{template}.json")
    journey_map = map_from_bytes(source.read_bytes(), _("template {name}").format(name=template))
    if journey_map.language is None:
        _translate(journey_map)
        journey_map.language = content_language()
    now = utc_now()
    journey_map.id = new_id("map", ())
    journey_map.created = now
    journey_map.modified = now
    if title:
        journey_map.title = title
    return journey_map
