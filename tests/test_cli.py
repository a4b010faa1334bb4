"""The journeymap command: exit codes and messages of the headless commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.model import load_map
from app.model.json_schema import json_schema_text
from tests.conftest import ROOT, SAMPLE_FILES


def test_validate_samples_ok(capsys):
    assert main(["validate", *map(str, SAMPLE_FILES)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{path}: ok" for path in SAMPLE_FILES]


def test_validate_reports_each_bad_file_and_exits_1(tmp_path: Path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "journey-map", "schema_version": "1.0", "id": "x"}', "utf-8")
    missing = tmp_path / "missing.json"
    assert main(["validate", str(SAMPLE_FILES[0]), str(bad), str(missing)]) == 1
    out = capsys.readouterr().out
    assert f"{SAMPLE_FILES[0]}: ok" in out
    assert f"{bad}: not a valid journey map:\n  title: this field is required but missing" in out
    assert f"{missing}: there is no such file" in out
    assert "Traceback" not in out


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["new", "--template", "nope", "-o", "x.json"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize("template", ["five-phase", "five-phase-de", "b2b"])
def test_new_from_template(template: str, tmp_path: Path, capsys):
    out = tmp_path / "new.json"
    assert main(["new", "--template", template, "--title", "Workshop 1", "-o", str(out)]) == 0
    journey_map = load_map(out)
    assert journey_map.title == "Workshop 1"
    assert journey_map.id.startswith("map-")
    kinds = [lane.kind for lane in journey_map.lanes]
    for kind in ("touchpoints", "actions", "thoughts", "emotions", "pain_points", "opportunities", "owners"):
        assert kind in kinds
    assert len(journey_map.phases) == (3 if template == "b2b" else 5)
    assert journey_map.personas


def test_new_templates_have_their_phases(tmp_path: Path):
    main(["new", "--template", "five-phase-de", "-o", str(tmp_path / "de.json")])
    names = [p.name for p in load_map(tmp_path / "de.json").phases]
    assert names == ["Wahrnehmung", "Recherche", "Überlegung", "Kauf", "Unterstützung"]


def test_new_does_not_overwrite_without_force(tmp_path: Path, capsys):
    out = tmp_path / "mine.json"
    shutil.copyfile(SAMPLE_FILES[0], out)
    assert main(["new", "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == SAMPLE_FILES[0].read_bytes()


def test_schema_prints_the_shipped_schema(capsys):
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == json_schema_text()
    assert json.loads(out)["properties"]["schema_version"]


def test_console_script_runs_in_a_subprocess(tmp_path: Path):
    bad = tmp_path / "broken.json"
    bad.write_bytes(b"{not json")
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(SAMPLE_FILES[1]), str(bad)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 1
    assert f"{SAMPLE_FILES[1]}: ok" in result.stdout
    assert f"{bad}: not valid JSON at line 1, column 2" in result.stdout
    assert result.stderr == ""
