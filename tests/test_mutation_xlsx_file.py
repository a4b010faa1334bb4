"""The workbook as a file: its document properties hold only what XML carries, its "modified" time is UTC
whatever the computer's time zone, and its parts are compressed as a spreadsheet program writes them.

The model cleans control characters and U+FFFE/U+FFFF at its door; the maps here get them past it (``model_copy``
does not validate), so that the workbook's own cleaning of each property is what is tested.
"""

from __future__ import annotations

import os
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.model import JourneyMap, Lane, Persona, Phase
from app.model.schema import Deliverable

#: what a workbook cannot hold, as it may reach the export past the model's door
DIRTY = "\x01{}\x1f\ufffe{}\uffff\x0b"
#: control characters that are also white space (the branded header prints them as spaces, one line)
DIRTY_SPACES = "\x0b{}\x1c\x1d\x1e\x1f{}\x0c"


def small_map(**past_the_door) -> JourneyMap:
    """Two personas, one phase; ``past_the_door`` set on the map without validation."""
    journey_map = JourneyMap(id="m", title="Watch journey", goal="Know the buyer",
                             phases=[Phase(id="aw", name="Awareness")],
                             lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints")],
                             personas=[Persona(id="p0", name="Lena"), Persona(id="p1", name="Tom")],
                             deliverable=Deliverable(author="Nordlicht"))
    return journey_map.model_copy(update=past_the_door)


def written(journey_map: JourneyMap, tmp_path: Path) -> Path:
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out)
    return out


def test_each_property_is_cleaned_of_what_xml_cannot_hold(tmp_path: Path):
    base = small_map()
    journey_map = small_map(
        title=DIRTY.format("Watch", " journey"), goal=DIRTY.format("Know", " the buyer"),
        personas=[base.personas[0].model_copy(update={"name": DIRTY.format("Le", "na")}),
                  base.personas[1].model_copy(update={"name": DIRTY.format("T", "om")})],
        deliverable=base.deliverable.model_copy(update={"author": DIRTY_SPACES.format("Nord", "licht")}))
    book = load_workbook(written(journey_map, tmp_path))
    properties = book.properties
    assert properties.title == "Watch journey"
    assert properties.description == "Know the buyer"
    assert properties.creator == "Nordlicht"
    assert properties.keywords == "Lena, Tom"
    assert properties.subject == "Customer journey map: Lena, Tom"
    assert book.worksheets[0].oddHeader.center.text == "Prepared by: Nord licht"  # white space there, one line


def test_a_goal_of_nothing_but_what_xml_cannot_hold_is_no_description(tmp_path: Path):
    properties = load_workbook(written(small_map(goal=DIRTY.format("", "")), tmp_path)).properties
    assert properties.description is None


@pytest.mark.parametrize("zone", ["XST-14", "YST+11", "IST-05:30"])  # POSIX: 14 hours ahead, 11 behind, 5:30 ahead
def test_the_modified_time_is_utc_in_every_time_zone(zone: str, tmp_path: Path):
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        assert time.localtime().tm_gmtoff != 0  # the zone took effect
        out = written(small_map(), tmp_path)
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
    modified = load_workbook(out).properties.modified
    now = datetime.now(UTC).replace(tzinfo=None)
    assert now - timedelta(minutes=5) <= modified <= now + timedelta(seconds=1), (zone, modified, now)
    with zipfile.ZipFile(out) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert f'W3CDTF">{modified.isoformat(timespec="seconds")}Z<' in core  # written as UTC, marked Z


def test_every_part_of_the_file_is_compressed(tmp_path: Path):
    with zipfile.ZipFile(written(small_map(), tmp_path)) as archive:
        parts = archive.infolist()
    assert len(parts) >= 10
    assert {part.compress_type for part in parts} == {zipfile.ZIP_DEFLATED}
    assert sum(part.compress_size for part in parts) < sum(part.file_size for part in parts) / 2
