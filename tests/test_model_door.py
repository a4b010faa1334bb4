"""What the model refuses or cleans at the door, so that every map it holds can be saved, read back and exported."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from app.cli import main
from app.model import Card, JourneyMap, MapFileError, map_from_bytes, map_problems, map_to_bytes
from tests.conftest import SAMPLES


def sample_data() -> dict:
    return json.loads((SAMPLES / "fitness-watch.json").read_text(encoding="utf-8"))


# --- times: every time the model holds is a UTC time between the years 1 and 9999 -------------------

OUT_OF_RANGE = ["9999-12-31T23:59:59-05:00", "9999-12-31T20:00:00-04:00", "0001-01-01T00:00:00+05:00",
                "0001-01-01T04:59:59+05:00"]


@pytest.mark.parametrize("field", ["created", "modified"])
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_time_outside_the_utc_years_is_refused_in_one_line(field: str, value: str):
    data = sample_data()
    data[field] = value
    with pytest.raises(MapFileError) as caught:
        map_from_bytes(json.dumps(data).encode())
    problems = caught.value.problem.splitlines()[1:]
    assert len(problems) == 1
    assert problems[0].strip().startswith(f"{field}: the time is out of range")
    assert value in problems[0]
    with pytest.raises(ValidationError):  # and every other way into the model
        JourneyMap.model_validate(data)


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_validate_and_export_of_such_a_time_print_one_error_and_no_traceback(value: str, tmp_path, capsys):
    data = sample_data()
    data["created"] = value
    path = tmp_path / "map.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert main(["export", str(path), "--xlsx", str(tmp_path / "map.xlsx")]) != 0
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text and "OverflowError" not in text
    assert text.count("the time is out of range") == 2
    assert not (tmp_path / "map.xlsx").exists()


def test_assigning_an_out_of_range_time_is_refused_and_the_map_keeps_its_time():
    journey_map = map_from_bytes((SAMPLES / "fitness-watch.json").read_bytes())
    before = journey_map.created
    with pytest.raises(ValidationError, match="out of range"):
        journey_map.created = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert journey_map.created == before


@pytest.mark.parametrize("value, stored", [
    ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ("0001-01-01T05:00:00+05:00", "0001-01-01T00:00:00Z"),
    ("0099-06-30T12:00:00Z", "0099-06-30T12:00:00Z"),
    ("0999-12-31T23:59:59Z", "0999-12-31T23:59:59Z"),
    ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
    ("9999-12-31T23:59:59+05:00", "9999-12-31T18:59:59Z"),
    ("2024-05-01T09:30:00.999+02:00", "2024-05-01T07:30:00Z"),
])
def test_every_time_in_range_is_written_so_that_it_reads_back(value: str, stored: str):
    """The year is written in four digits (strftime wrote the year 1 as "1", which no reader takes back)."""
    data = sample_data()
    data["created"] = data["modified"] = value
    written = map_to_bytes(map_from_bytes(json.dumps(data).encode()))
    assert json.loads(written)["created"] == stored
    again = map_from_bytes(written)
    assert again.created == datetime.fromisoformat(stored.replace("Z", "+00:00")).astimezone(UTC)
    assert map_to_bytes(again) == written


def test_the_samples_times_are_written_as_before():
    for path in sorted(SAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        written = json.loads(map_to_bytes(map_from_bytes(path.read_bytes())))
        assert (written["created"], written["modified"]) == (data["created"], data["modified"])


# --- duplicate ids: each reported once, in linear time ---------------------------------------------------

class CountedId(str):
    """An id that counts how often it is compared: a linear check compares each id a bounded number of times."""

    comparisons = 0

    def __eq__(self, other):
        CountedId.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def _map_with_duplicates(count: int, id_type=str) -> JourneyMap:
    """``count`` cards, every second one repeating the id of the card before it."""
    valid = JourneyMap.model_validate({
        "id": "m", "title": "M", "phases": [{"id": "a", "name": "A"}],
        "lanes": [{"id": "t", "name": "T", "kind": "touchpoints"}], "personas": [{"id": "p", "name": "P"}]})
    card = {"persona": "p", "phase": "a", "lane": "t"}
    cards = [Card.model_construct(id=id_type(f"c{index - index % 2}"), **card) for index in range(count)]
    return valid.model_copy(update={"cards": cards})


@pytest.mark.parametrize("name", ["phases", "lanes", "personas", "cards"])
def test_each_duplicate_id_is_reported_once_with_its_first_place(name: str):
    data = {"id": "m", "title": "M", "phases": [{"id": "a", "name": "A"}],
            "lanes": [{"id": "t", "name": "T", "kind": "touchpoints"}], "personas": [{"id": "p", "name": "P"}]}
    first = {"phases": {"name": "X"}, "lanes": {"name": "X"}, "personas": {"name": "X"},
             "cards": {"persona": "p", "phase": "a", "lane": "t"}}[name]
    data.setdefault(name, []).extend(
        {"id": item_id, **first} for item_id in ["x", "y", "x", "z", "x", "y", "w"])
    with pytest.raises(ValidationError) as caught:
        JourneyMap.model_validate(data)
    message = str(caught.value)
    offset = 1 if name != "cards" else 0  # the list held one item before
    assert f"{name}: id 'x' is used more than once (first at {name}[{offset}])" in message
    assert f"{name}: id 'y' is used more than once (first at {name}[{offset + 1}])" in message
    assert message.count("is used more than once") == 2


def test_the_duplicate_check_compares_each_id_a_bounded_number_of_times():
    """Linear, not quadratic: 4,000 cards with 2,000 ids used twice (the old check made millions of comparisons)."""
    journey_map = _map_with_duplicates(4000, CountedId)
    CountedId.comparisons = 0
    problems = map_problems(journey_map)
    assert len([p for p in problems if "used more than once" in p]) == 2000
    assert problems[0] == "cards: id 'c0' is used more than once (first at cards[0])"
    assert problems[-1] == "cards: id 'c3998' is used more than once (first at cards[3998])"
    assert CountedId.comparisons <= 4 * 4000


def test_a_big_map_with_many_duplicates_gives_a_bounded_message():
    data = {"format": "journey-map", "schema_version": "1.0", "id": "m", "title": "M",
            "phases": [{"id": "a", "name": "A"}], "lanes": [{"id": "t", "name": "T", "kind": "touchpoints"}],
            "personas": [{"id": "p", "name": "P"}],
            "cards": [{"id": f"c{index - index % 2}", "persona": "p", "phase": "a", "lane": "t"}
                      for index in range(20_000)]}
    with pytest.raises(MapFileError) as caught:
        map_from_bytes(json.dumps(data).encode())
    lines = caught.value.problem.splitlines()
    assert len(lines) <= 12 and max(len(line) for line in lines) < 200
    assert lines[-1].strip() == "... and 9990 more problems"


@pytest.mark.parametrize("value", OUT_OF_RANGE[::2])
def test_the_editor_says_why_it_cannot_open_such_a_time(value: str, qtbot, tmp_path, dialogs):
    from app.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    data = sample_data()
    data["modified"] = value
    path = tmp_path / "map.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    dialogs.expect("critical", "Cannot open the map")
    assert not window.open_file(path)
    (kind, text), = [message for message in dialogs.messages if message[0] != "open"]
    assert kind == "critical" and "modified: the time is out of range" in text and "Unexpected error" not in text
