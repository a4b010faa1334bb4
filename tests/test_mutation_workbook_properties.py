"""The workbook's document properties as a reader sees them in File > Properties (docProps/core.xml).

The map's author is the workbook's creator (nobody's name without one); the personas, named in the map's order
and separated by ", ", are its keywords and, after "Customer journey map: " in the workbook's language, its
subject; the map's goal is its description. Each is the start of its text, cut to what the field holds: 250
characters for title, creator, subject and keywords, 1000 for the description.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.model import JourneyMap, Lane, Persona, Phase
from app.model.schema import Deliverable

SUBJECT = {"en": "Customer journey map: {personas}", "de": "Customer-Journey-Map: {personas}"}


def small_map(names: list[str], goal: str = "", author: str | None = None, language: str = "en") -> JourneyMap:
    """One phase, one lane, the personas named ``names`` in that order; the author in a deliverable."""
    return JourneyMap(
        id="m", title="Watch journey", goal=goal, language=language,
        phases=[Phase(id="aw", name="Awareness")], lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints")],
        personas=[Persona(id=f"p{n}", name=name) for n, name in enumerate(names)],
        deliverable=Deliverable(author=author) if author is not None else None)


def properties(journey_map: JourneyMap, tmp_path: Path):
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out)
    return load_workbook(out).properties


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("names", [["Lena"], ["Lena", "Tom"], ["Lena", "Tom", "Ana Maria"]])
def test_the_personas_are_the_keywords_and_the_subject_in_the_maps_order(names, language, tmp_path: Path):
    props = properties(small_map(names, goal="Know the buyer", author="Nordlicht Consulting",
                                 language=language), tmp_path)
    assert props.keywords == ", ".join(names)
    assert props.subject == SUBJECT[language].format(personas=", ".join(names))
    assert props.creator == "Nordlicht Consulting"  # the map's author, whatever the language
    assert props.description == "Know the buyer" and props.language == language


@pytest.mark.parametrize("author", [None, ""])
def test_without_an_author_the_workbook_names_no_creator(author, tmp_path: Path):
    """No creator element at all (openpyxl reads a missing one as its own name, so the file itself is read)."""
    out = tmp_path / "m.xlsx"
    export_excel(small_map(["Lena"], author=author), out)
    with zipfile.ZipFile(out) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "creator" not in core and ">Watch journey</dc:title>" in core


def test_each_long_property_is_the_start_of_its_text_cut_to_what_its_field_holds(tmp_path: Path):
    names = [f"Persona number {n:02d} with a long name" for n in range(12)]  # about 440 characters joined
    goal = " ".join(f"goal{n}" for n in range(400))  # about 2700 characters
    author = "A. " * 120  # 360 characters
    journey_map = small_map(names, goal=goal, author=author)
    journey_map.title = "title " * 60
    props = properties(journey_map, tmp_path)
    joined = ", ".join(names)
    expected = {"title": (journey_map.title, 250), "creator": (author, 250), "keywords": (joined, 250),
                "subject": (SUBJECT["en"].format(personas=joined), 250), "description": (goal, 1000)}
    for field, (text, limit) in expected.items():
        assert len(text) > limit, field
        assert getattr(props, field) == text[:limit], field


def test_a_goal_as_long_as_the_description_holds_is_kept_whole_and_no_goal_is_no_description(tmp_path: Path):
    goal = ("Know the buyer. " * 100)[:1000]
    assert properties(small_map(["Lena"], goal=goal), tmp_path).description == goal
    assert properties(small_map(["Lena"], goal=goal + "!"), tmp_path).description == goal
    assert properties(small_map(["Lena"]), tmp_path).description is None
