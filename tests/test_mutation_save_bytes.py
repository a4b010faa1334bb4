"""Saving a map file's bytes keeps the previous file as NAME.json.bak only when asked: a plain save (the
command line, a script, an export of the map) leaves no backup beside the file and an old backup as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.model import JourneyMap, Phase
from app.model.fileformat import backup_path, encode_map, save_bytes, save_map


def a_map(title: str) -> JourneyMap:
    return JourneyMap(id="m", title=title, phases=[Phase(id="f", name="Phase")])


@pytest.mark.parametrize("save", ["bytes", "map"])
def test_a_plain_save_over_a_file_keeps_no_backup(tmp_path: Path, save: str):
    path = tmp_path / "journey.json"
    for title in ("First", "Second", "Third"):  # a new file, then twice over an existing one
        journey_map = a_map(title)
        problems = (save_bytes(encode_map(journey_map), path) if save == "bytes" else save_map(journey_map, path))
        assert problems == []
        assert path.read_bytes() == encode_map(journey_map)
        assert not backup_path(path).exists(), title
        assert sorted(p.name for p in tmp_path.iterdir()) == ["journey.json"]


@pytest.mark.parametrize("save", ["bytes", "map"])
def test_a_plain_save_leaves_an_old_backup_alone_and_an_asked_one_is_the_previous_file(tmp_path: Path, save: str):
    path = tmp_path / "journey.json"
    backup = backup_path(path)
    backup.write_bytes(b"an old backup")
    path.write_bytes(encode_map(a_map("Before")))

    def write(journey_map: JourneyMap, **options) -> list[str]:
        if save == "bytes":
            return save_bytes(encode_map(journey_map), path, **options)
        return save_map(journey_map, path, **options)

    assert write(a_map("After")) == []
    assert backup.read_bytes() == b"an old backup"
    assert write(a_map("Later"), keep_backup=True) == []
    assert backup.read_bytes() == encode_map(a_map("After"))
    assert path.read_bytes() == encode_map(a_map("Later"))
