"""The file format: canonical round trips, unknown fields, versions, broken files, atomic saves."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from app.model import MapFileError, load_map, map_from_bytes, map_to_bytes, save_map
from app.model.fileformat import TEMP_PREFIX
from tests.conftest import SAMPLE_FILES, SAMPLES
from tests.strategies import journey_maps


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_samples_save_byte_identical(path: Path, tmp_path: Path):
    journey_map = load_map(path)
    out = tmp_path / "out.json"
    save_map(journey_map, out)
    assert out.read_bytes() == path.read_bytes()
    assert load_map(out) == journey_map


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps())
def test_generated_maps_round_trip(journey_map):
    data = map_to_bytes(journey_map)
    again = map_from_bytes(data)
    assert again == journey_map
    assert map_to_bytes(again) == data


def test_file_is_canonical_utf8_json():
    data = (SAMPLES / "onlineshop-retoure.json").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"}\n")
    text = data.decode("utf-8")
    assert "Überlegung" in text and "ß" in text  # not \u-escaped
    assert text.splitlines()[1] == '  "format": "journey-map",'
    assert list(json.loads(text))[:3] == ["format", "schema_version", "id"]


def test_one_edited_card_changes_only_its_lines(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    before = map_to_bytes(journey_map).decode().splitlines()
    journey_map.cards[20].text = "Changed in the workshop"
    after = map_to_bytes(journey_map).decode().splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-"]
    assert changed[2:] == [
        '-      "text": "' + load_map(SAMPLES / "fitness-watch.json").cards[20].text + '",',
        '+      "text": "Changed in the workshop",',
    ]


def with_unknown_fields() -> dict:
    data = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    data["workspace"] = {"team": "CX", "nested": [1, 2, {"x": None}]}
    data["cards"][0]["attachments"] = ["photo-1.jpg"]
    data["personas"][1]["avatar"] = "jonas.png"
    data["phases"][0]["duration_days"] = 14
    data["lanes"][2]["collapsed"] = True
    data["emotions"][0]["confidence"] = 0.8
    return data


def test_unknown_fields_survive_load_and_save(tmp_path: Path):
    data = with_unknown_fields()
    source = tmp_path / "newer.json"
    source.write_text(json.dumps(data), "utf-8")
    journey_map = load_map(source)
    journey_map.title = "Edited"
    save_map(journey_map, tmp_path / "saved.json")
    saved = json.loads((tmp_path / "saved.json").read_text("utf-8"))
    assert saved["workspace"] == data["workspace"]
    assert saved["cards"][0]["attachments"] == ["photo-1.jpg"]
    assert saved["personas"][1]["avatar"] == "jonas.png"
    assert saved["phases"][0]["duration_days"] == 14
    assert saved["lanes"][2]["collapsed"] is True
    assert saved["emotions"][0]["confidence"] == 0.8
    assert saved["title"] == "Edited"


def test_newer_minor_version_opens_and_keeps_its_version(tmp_path: Path):
    data = with_unknown_fields()
    data["schema_version"] = "1.7"
    source = tmp_path / "newer.json"
    source.write_text(json.dumps(data), "utf-8")
    journey_map = load_map(source)
    save_map(journey_map, tmp_path / "saved.json")
    saved = json.loads((tmp_path / "saved.json").read_text("utf-8"))
    assert saved["schema_version"] == "1.7"
    assert saved["workspace"]["team"] == "CX"


def test_older_major_goes_through_the_migration_chain(tmp_path: Path, monkeypatch):
    from app.model import migrations

    def from_0_to_1(data: dict) -> dict:
        data["title"] = data.pop("name")
        data["schema_version"] = "1.0"
        return data

    old = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    old["name"] = old.pop("title")
    old["schema_version"] = "0.3"
    source = tmp_path / "old.json"
    source.write_text(json.dumps(old), "utf-8")
    with pytest.raises(MapFileError, match="older than this app can convert"):
        load_map(source)
    monkeypatch.setitem(migrations.MIGRATIONS, 0, from_0_to_1)
    assert load_map(source).title == "Fitness watch: from first ad to fan"


def sample_text() -> str:
    return (SAMPLES / "fitness-watch.json").read_text("utf-8")


def replace_json(path: str, value) -> bytes:
    data = json.loads(sample_text())
    target = data
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return json.dumps(data).encode()


def conflict_file() -> bytes:
    lines = sample_text().splitlines()
    lines[4:4] = ["<<<<<<< HEAD", '  "title": "Ours",', "=======", '  "title": "Theirs",', ">>>>>>> feature"]
    return "\n".join(lines).encode()


BROKEN = {
    "truncated": (sample_text().encode()[:900], "not valid JSON at line"),
    "empty": (b"", "the file is empty"),
    "not json": (b"Journey map of the fitness watch\nAwareness, Consideration\n", "not valid JSON at line 1"),
    "binary": (bytes(range(256)) * 4, "binary file"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    "utf16": ("{}".encode("utf-16"), "UTF-16"),
    "latin1": ('{"format": "journey-map", "title": "K\xe4se"}'.encode("latin-1"), "not UTF-8 text"),
    "json list": (b"[1, 2, 3]", "JSON list, not an object"),
    "other json": (b'{"name": "package.json", "version": "1.0.0"}', 'not a journey map: "format"'),
    "nan": (sample_text().replace('"votes": 4', '"votes": NaN', 1).encode(), "NaN is not a number"),
    "wrong type": (replace_json("cards.3.votes", "many"), "cards[3].votes"),
    "bool score": (replace_json("emotions.0.score", True), "emotions[0].score"),
    "missing field": (replace_json("phases.1", {"id": "x"}), "phases[1].name: this field is required"),
    "dangling reference": (replace_json("cards.12.phase", "checkout"), "cards[12].phase: no phase with id 'checkout'"),
    "duplicate id": (replace_json("cards.5.id", "c-1"), "cards: id 'c-1' is used more than once"),
    "newer major": (replace_json("schema_version", "2.1"), "needs a newer version of the app: it is file format 2.1"),
    "bad version": (replace_json("schema_version", 1), '"schema_version" must look like "1.0"'),
    "conflict markers": (conflict_file(), "git merge conflict marker (<<<<<<<) on line 5"),
    "deep nesting": (b'{"format": "journey-map", "x": ' + b"[" * 100000 + b"]" * 100000 + b"}", "nested too deeply"),
    "bad colour": (replace_json("personas.0.color", "blue"), "personas[0].color"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_files_raise_one_readable_error(name: str, tmp_path: Path):
    content, expected = BROKEN[name]
    path = tmp_path / f"{name.replace(' ', '-')}.json"
    path.write_bytes(content)
    with pytest.raises(MapFileError) as info:
        load_map(path)
    message = str(info.value)
    assert message.startswith(str(path) + ": ")
    assert expected in message
    assert "Traceback" not in message


def test_bom_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (SAMPLES / "fitness-watch.json").read_bytes())
    assert load_map(path).id == "fitness-watch"


def test_missing_file_and_folder_are_errors_too(tmp_path: Path):
    with pytest.raises(MapFileError, match="no such file"):
        load_map(tmp_path / "nope.json")
    with pytest.raises(MapFileError, match="folder, not a file"):
        load_map(tmp_path)


def test_hostile_strings_always_give_a_file_that_opens(tmp_path: Path):
    data = json.loads(sample_text())
    data["cards"][0]["text"] = "a\ud800b\x00c\x1bd"
    data["cards"][0]["from_the_future"] = "x\udc00y"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data), "utf-8")  # json.dumps escapes surrogates as \\udXXX
    journey_map = load_map(path)
    assert journey_map.cards[0].text == "a\ufffdbcd"
    save_map(journey_map, tmp_path / "again.json")
    raw = (tmp_path / "again.json").read_bytes()
    raw.decode("utf-8")  # strictly valid UTF-8
    again = load_map(tmp_path / "again.json")
    assert again.cards[0].from_the_future == "x\udc00y"


def test_failed_save_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, monkeypatch):
    path = tmp_path / "map.json"
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    save_map(journey_map, path)
    before = path.read_bytes()
    journey_map.title = "Changed"

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(MapFileError, match="No space left on device; the previous file is unchanged"):
        save_map(journey_map, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["map.json"]
    assert not any(p.name.startswith(TEMP_PREFIX) for p in tmp_path.iterdir())


def test_save_into_read_only_folder_is_a_clear_error(tmp_path: Path, monkeypatch):
    """Simulated, because the tests may run as root, who can write anywhere."""
    import tempfile

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(MapFileError, match="do not have permission to write"):
        save_map(load_map(SAMPLES / "fitness-watch.json"), tmp_path / "map.json")
    assert not (tmp_path / "map.json").exists()


def test_save_into_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(MapFileError, match="folder does not exist"):
        save_map(load_map(SAMPLES / "fitness-watch.json"), tmp_path / "gone" / "map.json")


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_one_pass_read_equals_the_careful_read(path: Path):
    """The usual file is read by pydantic's JSON parser in one pass: the same map as json.loads + validation."""
    from app.model.fileformat import _usual_map, map_from_data

    text = path.read_text("utf-8")
    fast = _usual_map(text)
    assert fast is not None
    assert fast == map_from_data(json.loads(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_maps())
def test_one_pass_read_equals_the_careful_read_for_generated_maps(journey_map):
    from app.model.fileformat import _usual_map, map_from_data

    text = map_to_bytes(journey_map).decode("utf-8")
    fast = _usual_map(text)
    if fast is not None:  # maps with unknown fields take the careful path
        assert fast == map_from_data(json.loads(text))
        assert map_to_bytes(fast) == map_to_bytes(journey_map)


def test_unusual_files_take_the_careful_path(tmp_path: Path):
    """Unknown fields (floats to the last digit), NaN and a missing format name are not read in one pass."""
    from app.model.fileformat import _usual_map

    data = json.loads((SAMPLES / "fitness-watch.json").read_bytes())
    data["cards"][0]["x-weight"] = 1.1000000000000001e-300  # pydantic's parser rounds this one differently
    text = json.dumps(data, ensure_ascii=False)
    assert _usual_map(text) is None
    path = tmp_path / "extra.json"
    path.write_text(text, "utf-8")
    assert load_map(path).cards[0].model_extra == {"x-weight": 1.1000000000000001e-300}
    data["cards"][0].pop("x-weight")
    data["cards"][0]["votes"] = float("nan")
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(MapFileError, match="NaN"):
        load_map(path)
    data["cards"][0]["votes"] = 1
    del data["format"]
    assert _usual_map(json.dumps(data)) is None
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(MapFileError, match="format"):
        load_map(path)


@pytest.mark.parametrize("version", ["1" * 4301 + ".0", "١.٠", "1.0" + "0" * 3000])
def test_a_version_that_is_no_plain_number_is_one_short_line(version):
    """Thousands of digits made int() raise a bare ValueError; other scripts' digits were read as numbers."""
    data = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    data["schema_version"] = version
    with pytest.raises(MapFileError) as error:
        map_from_bytes(json.dumps(data).encode())
    message = str(error.value)
    assert '"schema_version" must look like "1.0"' in message and "\n" not in message and len(message) < 200


# --- issue 11: behaviour the mutation run found untested ----------------------------------------------


def _refused(data: bytes) -> MapFileError:
    with pytest.raises(MapFileError) as info:
        map_from_bytes(data)
    return info.value


def test_an_error_without_a_long_list_has_its_problem_as_the_full_problem():
    error = _refused(b"   \n")
    assert error.problem == "the file is empty"
    assert error.full_problem == error.problem


@pytest.mark.parametrize("fourth", [0x80, 0x9C, 0xFF])
def test_three_zero_bytes_before_a_byte_above_ascii_are_binary_not_utf32(fourth: int):
    """Only an ASCII first character leaves the zero pattern of UTF-32; anything else is called binary."""
    error = _refused(b"\x00\x00\x00" + bytes([fourth]) + b"ftypisom")
    assert error.problem == "this is a binary file, not a journey map (it contains NUL bytes)"
    assert _refused("{".encode("utf-32-be")).problem == "the file is UTF-32 encoded; map files are UTF-8"


def test_json_nested_too_deeply_is_one_readable_line():
    error = _refused(b"[" * 200_000 + b"]" * 200_000)
    assert error.problem == "the JSON is nested too deeply to be a journey map"


@pytest.mark.parametrize("length, shown", [(58, "'" + "x" * 58 + "'"), (59, "'" + "x" * 56 + "..."),
                                           (57, "'" + "x" * 57 + "'")])
def test_a_wrong_value_is_shown_whole_up_to_60_characters(length: int, shown: str):
    error = _refused(replace_json("emotions.0.score", "x" * length))
    assert f"(found {shown})" in error.problem
    assert len(shown) <= 60


def test_the_size_of_a_too_large_file_is_named_in_whole_megabytes_with_the_file(tmp_path: Path):
    from app.model.fileformat import read_regular_file

    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(3_500_000)  # sparse: 3.5 MB rounds to 4, as the limit's 1.5 MB rounds to 2
    with pytest.raises(MapFileError) as info:
        read_regular_file(path, limit=1_500_000)
    assert info.value.path == path
    assert str(info.value) == (f"{path}: the file is 4 MB; map files are at most 2 MB, so this is not a "
                               "journey map")


def _unknown_field_problem(key_json: str, value_json: str) -> str:
    text = sample_text()
    opening = text.index("{") + 1
    return _refused((text[:opening] + f"{key_json}: {value_json}, " + text[opening:]).encode()).problem


def test_an_unknown_fields_name_is_shown_as_written_or_escaped_when_it_is_not_printable():
    assert _unknown_field_problem('"größe \\"x\\""', "1e999") == (
        'the unknown field größe "x" holds a number too large to keep; this app could not write it back '
        "unchanged, so the file is not opened")
    assert _unknown_field_problem('"a\\u0007b\\tc"', "1e999").startswith(
        "the unknown field a\\u0007b\\tc holds a number too large")


def test_a_problem_with_no_field_is_said_to_be_at_the_top_level():
    """A key that is not valid text (a lone surrogate escaped in the JSON) belongs to no field."""
    assert _unknown_field_problem('"note\\udc80"', "1") == (
        "not a valid journey map:\n  (top level): Input should be a valid string, unable to parse raw data as a "
        "unicode string (found 'note\\udc80')")


def _overflowing_validation(monkeypatch):
    """The model refuses such times itself; the reader still names any OverflowError that escapes it."""
    from app.model.schema import JourneyMap

    def overflow(*_args, **_kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(JourneyMap, "model_validate", overflow)
    monkeypatch.setattr(JourneyMap, "model_validate_json", overflow)


def test_an_overflowing_created_time_is_named(monkeypatch):
    _overflowing_validation(monkeypatch)
    error = _refused(replace_json("created", "0001-01-01T00:00:00+05:00"))
    assert error.problem == ("created: the time '0001-01-01T00:00:00+05:00' is out of range (in UTC it falls "
                             "before the year 1 or after 9999)")


def test_an_overflowing_modified_time_is_named_after_an_unreadable_created_one(monkeypatch):
    _overflowing_validation(monkeypatch)
    data = json.loads(replace_json("created", "yesterday"))
    data["modified"] = "9999-12-31T23:59:59-05:00"
    error = _refused(json.dumps(data).encode())
    assert error.problem == ("modified: the time '9999-12-31T23:59:59-05:00' is out of range (in UTC it falls "
                             "before the year 1 or after 9999)")


def test_an_overflow_in_no_named_time_is_still_one_line(monkeypatch):
    _overflowing_validation(monkeypatch)
    error = _refused(sample_text().encode())
    assert error.problem == "a time in the map is out of range (in UTC it falls before the year 1 or after 9999)"


def test_a_time_valid_in_utc_is_not_blamed_whatever_the_computers_time_zone(monkeypatch):
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("no time zones to switch here")
    _overflowing_validation(monkeypatch)
    with pytest.MonkeyPatch.context() as zone:
        zone.setenv("TZ", "XYZ-05")  # five hours east: the last hour of 9999 in UTC is the year 10000 here
        time.tzset()
        try:
            error = _refused(replace_json("created", "9999-12-31T23:00:00+00:00"))
        finally:
            zone.undo()
            time.tzset()
    assert error.problem == "a time in the map is out of range (in UTC it falls before the year 1 or after 9999)"


def _someone_elses(monkeypatch, *, my_group: bool, in_my_groups: bool) -> None:
    """Make this process a different user, so that files it wrote are someone else's."""
    mine = os.stat(os.curdir)
    monkeypatch.setattr(os, "geteuid", lambda: mine.st_uid + 4711)
    monkeypatch.setattr(os, "getegid", lambda: mine.st_gid if my_group else mine.st_gid + 4711)
    monkeypatch.setattr(os, "getgroups", lambda: [mine.st_gid] if in_my_groups else [])


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="user and group ids are POSIX")
@pytest.mark.parametrize("my_group, in_my_groups", [(True, False), (False, True)])
def test_a_file_of_my_group_is_read_only_by_its_group_bit(tmp_path: Path, monkeypatch, my_group, in_my_groups):
    from app.model.fileformat import read_only

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "m.json"
    path.write_text("{}")
    _someone_elses(monkeypatch, my_group=my_group, in_my_groups=in_my_groups)
    for mode, expected in ((0o464, False), (0o646, True), (0o444, True), (0o666, False)):
        os.chmod(path, mode)
        assert read_only(path) is expected, oct(mode)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="user and group ids are POSIX")
def test_someone_elses_file_is_read_only_by_its_others_bit(tmp_path: Path, monkeypatch):
    from app.model.fileformat import read_only

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "m.json"
    path.write_text("{}")
    _someone_elses(monkeypatch, my_group=False, in_my_groups=False)
    for mode, expected in ((0o664, True), (0o444, True), (0o446, False), (0o666, False)):
        os.chmod(path, mode)
        assert read_only(path) is expected, oct(mode)


def test_without_user_ids_read_only_is_the_write_bit(tmp_path: Path, monkeypatch):
    """Windows has no user ids: its read-only attribute shows as the missing write bit."""
    from app.model.fileformat import read_only

    path = tmp_path / "m.json"
    path.write_text("{}")
    monkeypatch.delattr(os, "geteuid", raising=False)
    os.chmod(path, 0o444)
    assert read_only(path) is True
    os.chmod(path, 0o644)
    assert read_only(path) is False


def _saved_twice(tmp_path: Path) -> tuple[Path, object]:
    path = tmp_path / "map.json"
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    save_map(journey_map, path)
    journey_map.title = "Changed"
    return path, journey_map


@pytest.mark.parametrize("failure, reason", [
    (OSError(28, "No space left on device"), "No space left on device"),
    (OSError("the network drive went away"), "the network drive went away"),
])
def test_a_backup_that_cannot_be_copied_is_reported_and_the_save_goes_on(tmp_path: Path, monkeypatch, failure,
                                                                         reason):
    import shutil

    path, journey_map = _saved_twice(tmp_path)

    def fail(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr(os, "link", fail)
    monkeypatch.setattr(shutil, "copy2", fail)
    problems = save_map(journey_map, path, keep_backup=True)
    assert problems == [f"the previous version could not be kept as map.json.bak: {reason}"]
    assert load_map(path).title == "Changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.json"]


def test_a_backup_that_is_a_folder_is_named_as_one_when_the_system_says_access_denied(tmp_path: Path, monkeypatch):
    """Windows refuses to replace a folder with 'access denied' (a PermissionError), not 'is a directory'."""
    path, journey_map = _saved_twice(tmp_path)
    (tmp_path / "map.json.bak").mkdir()
    replace = os.replace

    def windows_replace(source, target, *args, **kwargs):
        if Path(target).is_dir():
            raise PermissionError(13, "Access is denied")
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", windows_replace)
    problems = save_map(journey_map, path, keep_backup=True)
    assert problems == ["the previous version could not be kept as map.json.bak: map.json.bak is a folder"]
    assert load_map(path).title == "Changed"


def test_stale_temp_cleanup_skips_what_it_cannot_remove(tmp_path: Path):
    from app.model.fileformat import host_name, remove_stale_temp_files

    dead = 2147483646  # above any pid_max: no such process
    folder = tmp_path / f"{TEMP_PREFIX}{dead}@{host_name()}-abc.tmp"  # named like a temp file, but a folder
    folder.mkdir()
    stale = tmp_path / f"{TEMP_PREFIX}{dead}@{host_name()}-def.tmp"
    stale.write_text("x")
    for entry in (folder, stale):
        os.utime(entry, (1_000_000, 1_000_000))
    assert remove_stale_temp_files(tmp_path) == [stale]
    assert folder.is_dir() and not stale.exists()


def test_a_temp_file_goes_once_it_is_exactly_as_old_as_the_limit(tmp_path: Path, monkeypatch):
    from app.model import fileformat

    dead = 2147483646
    stale = tmp_path / f"{TEMP_PREFIX}{dead}@{fileformat.host_name()}-def.tmp"
    stale.write_text("x")
    os.utime(stale, (1_000_000, 1_000_000))

    class Clock:
        @staticmethod
        def time() -> float:
            return 1_000_000 + 60.0

    monkeypatch.setattr(fileformat, "time", Clock)
    assert fileformat.remove_stale_temp_files(tmp_path, min_age=61) == []
    assert fileformat.remove_stale_temp_files(tmp_path, min_age=60) == [stale]


# --- issue 11: what a German user reads when a file is refused (mutation survivors of fileformat) ------------


def _unknown_field_file(key_json: str, value_json: str) -> bytes:
    text = sample_text()
    opening = text.index("{") + 1
    return (text[:opening] + f"{key_json}: {value_json}, " + text[opening:]).encode()


@pytest.fixture
def in_german():
    """Run the test body in German; back to English afterwards, whatever happens."""
    from app.i18n import set_language

    set_language("de")
    yield
    set_language("en")


#: broken content -> (the English problem, the German problem): every value filled in, in the user's language
REFUSED_IN_WORDS = {
    "json list": (b"[1]", "not a journey map: the file holds a JSON list, not an object",
                  "keine Journey Map: die Datei enthält JSON vom Typ Liste, kein Objekt"),
    "other format": (b'{"format": "x"}', 'not a journey map: "format" must be "journey-map"',
                     "keine Journey Map: „format“ muss „journey-map“ sein"),
    "short version": (replace_json("schema_version", "1"), "\"schema_version\" must look like \"1.0\" (found '1')",
                      "„schema_version“ muss wie „1.0“ aussehen (gefunden: '1')"),
    "version of 40 shown": (replace_json("schema_version", "x" * 38),
                            "\"schema_version\" must look like \"1.0\" (found '" + "x" * 38 + "')",
                            "„schema_version“ muss wie „1.0“ aussehen (gefunden: '" + "x" * 38 + "')"),
    "version of 41 cut": (replace_json("schema_version", "x" * 39),
                          "\"schema_version\" must look like \"1.0\" (found '" + "x" * 39 + "…)",
                          "„schema_version“ muss wie „1.0“ aussehen (gefunden: '" + "x" * 39 + "…)"),
    "newer major": (replace_json("schema_version", "2.1"),
                    "this map needs a newer version of the app: it is file format 2.1, this app reads up to 1.x",
                    "diese Map braucht eine neuere Version der App: sie hat das Dateiformat 2.1, diese App liest "
                    "bis 1.x"),
    "key not text": (_unknown_field_file('"note"', '{"a\\ud800": 1}'),
                     "the unknown field note holds a key that is not valid text (a lone surrogate); this app could "
                     "not write it back unchanged, so the file is not opened",
                     "das unbekannte Feld note enthält einen Schlüssel, der kein gültiger Text ist (ein einzelnes "
                     "Surrogat); diese App könnte es nicht unverändert zurückschreiben, daher wird die Datei nicht "
                     "geöffnet"),
    "number too large before a plain one": (
        _unknown_field_file('"note"', "[1e999, 1]"),
        "the unknown field note holds a number too large to keep; this app could not write it back unchanged, so "
        "the file is not opened",
        "das unbekannte Feld note enthält eine zu große Zahl; diese App könnte es nicht unverändert "
        "zurückschreiben, daher wird die Datei nicht geöffnet"),
    "201 levels": (_unknown_field_file('"note"', "[" * 201 + "]" * 201),
                   "the unknown field note is nested more than 200 levels deep; this app could not write it back "
                   "unchanged, so the file is not opened",
                   "das unbekannte Feld note ist mehr als 200 Ebenen tief verschachtelt; diese App könnte es nicht "
                   "unverändert zurückschreiben, daher wird die Datei nicht geöffnet"),
    "id too short": (replace_json("cards.0.id", ""),
                     "not a valid journey map:\n  cards[0].id: String should have at least 1 character (found '')",
                     "keine gültige Journey Map:\n  cards[0].id: der Text muss mindestens 1 Zeichen lang sein "
                     "(gefunden: '')"),
    "id too long": (replace_json("cards.0.id", "c" * 65),
                    "not a valid journey map:\n  cards[0].id: String should have at most 64 characters (found '"
                    + "c" * 56 + "...)",
                    "keine gültige Journey Map:\n  cards[0].id: der Text darf höchstens 64 Zeichen lang sein "
                    "(gefunden: '" + "c" * 56 + "...)"),
    "lane kind": (replace_json("lanes.0.kind", "feelings"),
                  "not a valid journey map:\n  lanes[0].kind: Input should be 'touchpoints', 'actions', 'goals', "
                  "'thoughts', 'emotions', 'pain_points', 'opportunities', 'owners', 'kpis' or 'notes' "
                  "(found 'feelings')",
                  "keine gültige Journey Map:\n  lanes[0].kind: erwartet wird 'touchpoints', 'actions', 'goals', "
                  "'thoughts', 'emotions', 'pain_points', 'opportunities', 'owners', 'kpis' oder 'notes' "
                  "(gefunden: 'feelings')"),
    "negative votes": (replace_json("cards.3.votes", -1),
                       "not a valid journey map:\n  cards[3].votes: Input should be greater than or equal to 0 "
                       "(found -1)",
                       "keine gültige Journey Map:\n  cards[3].votes: der Wert muss mindestens 0 sein (gefunden: -1)"),
    "cut off": (b'{"format": ', "not valid JSON at line 1, column 12: Expecting value (the file may be cut off)",
                "kein gültiges JSON in Zeile 1, Spalte 12: Wert erwartet (die Datei ist vielleicht abgeschnitten)"),
}


def _refused_at(data: bytes, path: Path) -> MapFileError:
    with pytest.raises(MapFileError) as info:
        map_from_bytes(data, path)
    assert info.value.path == path
    assert str(info.value) == f"{path}: {info.value.problem}"
    return info.value


@pytest.mark.parametrize("name", list(REFUSED_IN_WORDS))
def test_a_refused_file_is_explained_with_its_values_in_english(name: str, tmp_path: Path):
    content, english, _german = REFUSED_IN_WORDS[name]
    assert _refused_at(content, tmp_path / "map.json").problem == english


@pytest.mark.parametrize("name", list(REFUSED_IN_WORDS))
def test_a_refused_file_is_explained_with_its_values_in_german(name: str, tmp_path: Path, in_german):
    content, _english, german = REFUSED_IN_WORDS[name]
    assert _refused_at(content, tmp_path / "map.json").problem == german


def test_an_unknown_field_200_levels_deep_opens_and_is_written_back_unchanged(tmp_path: Path):
    """The limit is 200 levels: the deepest value the writer can still write back sits below it."""
    path = tmp_path / "deep.json"
    path.write_bytes(_unknown_field_file('"note"', "[" * 200 + "]" * 200))
    journey_map = load_map(path)
    save_map(journey_map, path)
    assert json.loads(path.read_text("utf-8"))["note"] == json.loads("[" * 200 + "]" * 200)


def test_an_unknown_field_name_that_is_no_text_names_the_file_in_german(tmp_path: Path, in_german):
    """Reached when the map is made in memory (the JSON reader refuses such a key itself, see above)."""
    from app.model.fileformat import _check_unknown_fields

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.__pydantic_extra__["note\ud800"] = 1
    with pytest.raises(MapFileError) as info:
        _check_unknown_fields(journey_map, tmp_path / "map.json")
    assert info.value.path == tmp_path / "map.json"
    assert info.value.problem == (
        "das unbekannte Feld note\\ud800 hat einen Namen, der kein gültiger Text ist (ein einzelnes Surrogat); "
        "diese App könnte es nicht unverändert zurückschreiben, daher wird die Datei nicht geöffnet")


def test_an_older_format_without_a_conversion_names_the_file_in_german(tmp_path: Path, in_german):
    from app.model.fileformat import map_from_data

    path = tmp_path / "old.json"
    with pytest.raises(MapFileError) as info:
        map_from_data(json.loads(replace_json("schema_version", "0.9")), path)
    assert info.value.path == path
    assert info.value.problem == ("das Dateiformat 0.9 ist älter, als diese App umwandeln kann (sie liest 1.x "
                                  "und wandelt nichts Älteres um)")


def test_a_map_too_deep_for_validation_is_one_line_naming_the_file_in_german(tmp_path: Path, monkeypatch,
                                                                               in_german):
    """Whatever recursion escapes the model's validation is worded, like the parser's."""
    from app.model.schema import JourneyMap

    def too_deep(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(JourneyMap, "model_validate", too_deep)
    monkeypatch.setattr(JourneyMap, "model_validate_json", too_deep)
    error = _refused_at(sample_text().encode(), tmp_path / "map.json")
    assert error.problem == "das JSON ist zu tief verschachtelt, um eine Journey Map zu sein"


def test_an_overflowing_time_names_the_file(tmp_path: Path, monkeypatch):
    _overflowing_validation(monkeypatch)
    error = _refused_at(sample_text().encode(), tmp_path / "map.json")
    assert error.problem == "a time in the map is out of range (in UTC it falls before the year 1 or after 9999)"


def test_a_length_limit_goes_through_the_catalogue_in_its_plural_too():
    """The test language wraps every catalogue string in ⟦…⟧: pydantic's own English would show bare."""
    from app.i18n import set_language

    set_language("pseudo")
    try:
        problem = _refused(replace_json("cards.0.id", "c" * 65)).problem
    finally:
        set_language("en")
    assert "⟦⟦String should have at most 64 characters⟧ (found '" in problem


def test_an_older_major_version_is_refused_on_the_fast_path_too(tmp_path):
    """The one-pass reader must judge the version the file says, not the one the model writes (0.9 read as 1.0)."""
    data = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    data["schema_version"] = "0.9"
    path = tmp_path / "old.json"
    path.write_bytes(map_to_bytes_of(data))
    for read in (lambda: map_from_bytes(path.read_bytes()), lambda: load_map(path)):
        with pytest.raises(MapFileError, match="older than this app can convert"):
            read()


def map_to_bytes_of(data: dict) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
