"""The mutation set-up (setup.cfg, tests/conftest.py) counts the test files it names, and only those."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from tests import conftest

ROOT = Path(__file__).resolve().parent.parent


def _listed() -> list[str]:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    return [line.strip() for line in parser.get("mutation", "test_files").splitlines() if line.strip()]


def test_every_listed_test_file_exists_and_is_named_once() -> None:
    listed = _listed()
    assert listed, "setup.cfg [mutation] lists no test file"
    assert len(listed) == len(set(listed))
    missing = [name for name in listed if not (ROOT / name).is_file()]
    assert not missing, f"setup.cfg [mutation] names test files that do not exist: {missing}"


def test_mutmut_collects_the_whole_folder_so_a_new_listed_file_keeps_old_results() -> None:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    selection = parser.get("mutmut", "pytest_add_cli_args_test_selection").split()
    assert selection == ["tests/"]


@pytest.mark.parametrize("under_mutation", [True, False])
def test_only_listed_files_are_collected_under_mutation(monkeypatch, under_mutation: bool) -> None:
    monkeypatch.setattr(conftest, "UNDER_MUTATION", under_mutation)
    monkeypatch.setattr(conftest, "MUTATION_TEST_FILES", {Path(name).name for name in _listed()})
    listed = ROOT / _listed()[0]
    unlisted = ROOT / "tests" / "test_canvas.py"
    assert conftest.pytest_ignore_collect(listed, None) is None
    assert conftest.pytest_ignore_collect(unlisted, None) is (True if under_mutation else None)
    assert conftest.pytest_ignore_collect(ROOT / "tests", None) is None
    assert conftest.pytest_ignore_collect(ROOT / "tests" / "conftest.py", None) is None
