"""``journeymap diff``, ``merge``, ``validate`` of a merged map, and git's drivers end to end in a real repository
(issue 15)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.cli import main
from app.merge import git_setup
from app.model import load_map, map_to_bytes, save_map
from tests.conftest import SAMPLE_FILES

SAMPLE = next(path for path in SAMPLE_FILES if path.name.startswith("b2b"))


def write_variant(path: Path, **texts: str) -> Path:
    """The sample with some cards' texts changed (card id → text)."""
    journey_map = load_map(SAMPLE)
    for card_id, text in texts.items():
        journey_map.card(card_id.replace("_", "-")).text = text
    save_map(journey_map, path)
    return path


@pytest.fixture
def versions(tmp_path) -> dict[str, Path]:
    base = tmp_path / "base.json"
    shutil.copyfile(SAMPLE, base)
    return {"base": base,
            "ours": write_variant(tmp_path / "ours.json", c_1="ours wrote", c_3="ours: 3"),
            "theirs": write_variant(tmp_path / "theirs.json", c_2="theirs wrote", c_3="theirs: 3"),
            "clean": write_variant(tmp_path / "theirs-clean.json", c_2="theirs wrote")}


def test_diff_exits_0_when_equal_1_when_different_2_on_bad_input(versions, tmp_path, capsys):
    assert main(["diff", str(versions["base"]), str(versions["base"])]) == 0
    assert capsys.readouterr().out == ""
    assert main(["diff", str(versions["base"]), str(versions["ours"])]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "Card (c-1) text \"Search for 'managed monitoring SAP'\" → 'ours wrote'" in lines
    broken = tmp_path / "broken.json"
    broken.write_text("{", "utf-8")
    assert main(["diff", str(versions["base"]), str(broken)]) == 2
    assert "broken.json" in capsys.readouterr().err
    assert main(["diff", str(versions["base"]), str(tmp_path / "none.json")]) == 2


def test_diff_json_is_the_machine_form(versions, capsys):
    assert main(["diff", "--json", str(versions["base"]), str(versions["theirs"])]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["equal"] is False
    assert {(d["target"], d["id"], tuple(d["fields"])) for d in data["differences"]} == {
        ("card", "c-2", ("text",)), ("card", "c-3", ("text",))}
    assert data["differences"][0]["fields"]["text"]["new"] in ("theirs wrote", "theirs: 3")


def test_diff_speaks_german(versions, capsys):
    assert main(["--lang", "de", "diff", str(versions["base"]), str(versions["ours"])]) == 1
    assert "Karte (c-1): Text" in capsys.readouterr().out


def test_merge_exits_0_when_clean_1_with_conflicts_and_2_on_bad_input(versions, tmp_path, capsys):
    out = tmp_path / "merged.json"
    assert main(["merge", str(versions["base"]), str(versions["ours"]), str(versions["clean"]), "-o", str(out)]) == 0
    merged = load_map(out)
    assert (merged.card("c-1").text, merged.card("c-2").text) == ("ours wrote", "theirs wrote")
    assert merged.conflicts is None and merged.schema_version == "1.0"
    capsys.readouterr()

    assert main(["merge", str(versions["base"]), str(versions["ours"]), str(versions["theirs"]), "-o", str(out),
                 "--ours-label", "main", "--theirs-label", "feature"]) == 1
    said = capsys.readouterr().out
    assert "1 conflict to decide" in said and "main 'ours: 3', feature 'theirs: 3'" in said
    merged = load_map(out)
    (conflict,) = merged.conflicts
    assert (conflict.item_id, conflict.field, conflict.ours, conflict.theirs) == ("c-3", "text", "ours: 3",
                                                                                 "theirs: 3")
    assert merged.card("c-3").text == "ours: 3" and merged.schema_version == "1.1"

    before = out.read_bytes()
    assert main(["merge", str(versions["base"]), str(tmp_path / "none.json"), str(versions["theirs"]), "-o",
                 str(out)]) == 2
    assert out.read_bytes() == before, "bad input leaves the output alone"


def test_validate_says_a_merged_map_has_conflicts_to_decide(versions, tmp_path, capsys):
    out = tmp_path / "merged.json"
    main(["merge", str(versions["base"]), str(versions["ours"]), str(versions["theirs"]), "-o", str(out)])
    capsys.readouterr()
    assert main(["validate", str(out)]) == 1
    said = capsys.readouterr().out
    assert "a valid map, with 1 merge conflict to decide" in said
    assert "text changed on both sides: ours 'ours: 3', theirs 'theirs: 3'" in said
    assert main(["validate", str(versions["base"])]) == 0


# --- git, end to end ---------------------------------------------------------------------------


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check,
                          env=os.environ.copy())


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A git repository with the sample map committed on main, set up for map files; git's config kept apart."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.org")
    shutil.copyfile(SAMPLE, root / "map.json")
    git(root, "add", "map.json")
    git(root, "commit", "-q", "-m", "map")
    monkeypatch.chdir(root)
    assert main(["git-setup"]) == 0
    git(root, "add", ".gitattributes")
    git(root, "commit", "-q", "-m", "journeymap drivers")
    return root


def branch_with(repo: Path, name: str, **texts: str) -> None:
    git(repo, "checkout", "-q", "-b", name, "main")
    write_variant(repo / "map.json", **texts)
    git(repo, "commit", "-q", "-am", f"{name} edits")
    git(repo, "checkout", "-q", "main")


def test_git_merges_two_branches_that_edited_different_cards(repo):
    branch_with(repo, "anna", c_1="Anna's words")
    branch_with(repo, "ben", c_2="Ben's words")
    git(repo, "merge", "-q", "anna")  # a fast-forward
    done = git(repo, "merge", "--no-edit", "ben", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo / "map.json").read_text("utf-8")
    assert "<<<<<<<" not in text
    merged = load_map(repo / "map.json")
    assert (merged.card("c-1").text, merged.card("c-2").text) == ("Anna's words", "Ben's words")
    assert merged.conflicts is None
    assert (repo / "map.json").read_bytes() == map_to_bytes(merged), "the merged file is written canonically"


def test_git_stops_on_one_card_edited_on_both_branches_and_the_file_stays_a_valid_map(repo, capsys):
    branch_with(repo, "anna", c_3="Anna's version")
    branch_with(repo, "ben", c_3="Ben's version")
    git(repo, "merge", "-q", "anna")
    done = git(repo, "merge", "--no-edit", "ben", check=False)
    assert done.returncode != 0
    assert "CONFLICT" in done.stdout
    merged = load_map(repo / "map.json")
    (conflict,) = merged.conflicts
    assert (conflict.item_id, conflict.ours, conflict.theirs) == ("c-3", "Anna's version", "Ben's version")
    assert main(["validate", str(repo / "map.json")]) == 1
    assert "merge conflict to decide" in capsys.readouterr().out


def test_git_diff_shows_the_semantic_diff(repo):
    write_variant(repo / "map.json", c_1="changed in the work tree")
    shown = git(repo, "diff").stdout
    assert "journeymap diff a/map.json b/map.json" in shown
    assert "Card (c-1) text \"Search for 'managed monitoring SAP'\" → 'changed in the work tree'" in shown
    assert '"text":' not in shown, "no JSON lines"


def test_a_json_file_that_is_no_map_still_merges_and_diffs_as_text(repo):
    def package(name: str, version: str) -> str:
        return f'{{\n  "name": "{name}",\n  "a": 1,\n  "b": 2,\n  "c": 3,\n  "version": "{version}"\n}}\n'

    (repo / "package.json").write_text(package("a", "1"), "utf-8")
    git(repo, "add", "package.json")
    git(repo, "commit", "-q", "-m", "package")
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "package.json").write_text(package("b", "1"), "utf-8")
    git(repo, "commit", "-q", "-am", "name")
    git(repo, "checkout", "-q", "main")
    (repo / "package.json").write_text(package("a", "2"), "utf-8")
    assert '+  "version": "2"' in git(repo, "diff").stdout
    git(repo, "commit", "-q", "-am", "version")
    done = git(repo, "merge", "--no-edit", "other", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((repo / "package.json").read_text("utf-8"))["name"] == "b"
    assert json.loads((repo / "package.json").read_text("utf-8"))["version"] == "2"


def test_git_setup_is_idempotent_and_remove_undoes_it(repo):
    config = git(repo, "config", "--local", "--list").stdout
    assert main(["git-setup"]) == 0
    assert git(repo, "config", "--local", "--list").stdout == config
    attributes = (repo / ".gitattributes").read_text("utf-8")
    assert attributes.count(git_setup.ATTRIBUTES_LINE) == 1
    assert main(["git-setup", "--remove"]) == 0
    assert "journeymap" not in git(repo, "config", "--local", "--list").stdout
    assert git_setup.ATTRIBUTES_LINE not in (repo / ".gitattributes").read_text("utf-8")
    assert main(["git-setup", "--remove"]) == 0


def test_git_setup_global_writes_the_users_config_and_attributes(repo, tmp_path):
    assert main(["git-setup", "--global"]) == 0
    assert "merge-driver" in git(repo, "config", "--global", "merge.journeymap.driver").stdout
    attributes = tmp_path / "home" / ".config" / "git" / "attributes"
    assert git_setup.ATTRIBUTES_LINE in attributes.read_text("utf-8")
    assert main(["git-setup", "--global", "--remove"]) == 0
    assert git(repo, "config", "--global", "merge.journeymap.driver", check=False).returncode != 0


def test_git_setup_outside_a_repository_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["git-setup"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def test_the_drivers_run_this_installation():
    command = git_setup.launcher()
    assert Path(command[0]).exists()
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "journeymap" in done.stdout


@pytest.mark.parametrize("remover", ["ours", "theirs"])
def test_a_removal_against_a_change_is_said_with_both_sides_names(tmp_path, capsys, remover):
    from app.operations import changes as ch

    base = load_map(SAMPLE)
    removed, changed = base.model_copy(deep=True), base.model_copy(deep=True)
    ch.apply_checked(removed, ch.RemoveCards(card_ids=["c-1"]))
    changed.card("c-1").text = "still needed"
    ours, theirs = (removed, changed) if remover == "ours" else (changed, removed)
    paths = []
    for name, journey_map in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths.append(str(tmp_path / f"{name}.json"))
        save_map(journey_map, paths[-1])
    out = str(tmp_path / "out.json")
    assert main(["merge", *paths, "-o", out, "--ours-label", "mine", "--theirs-label", "on disk"]) == 1
    said = capsys.readouterr().out
    who = ("mine", "on disk") if remover == "ours" else ("on disk", "mine")
    assert (f"Card 'still needed' (c-1): removed on one side ({who[0]}), changed on the other ({who[1]}); "
            "kept for now") in said
    assert main(["--lang", "de", "validate", out]) == 1
    assert (f"Karte 'still needed' (c-1): auf einer Seite entfernt ({who[0]}), auf der anderen geändert "
            f"({who[1]}); vorerst behalten") in capsys.readouterr().out
