"""A plain wheel carries the resources: templates and schema work after ``pip install``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from app.i18n import AREAS
from tests.conftest import ROOT, SAMPLE_FILES


def test_declared_packages_are_all_the_packages():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "app").rglob("__init__.py")
    }
    assert declared == found | {"app.resources"}


def test_wheel_ships_resources(tmp_path: Path):
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", "*.egg-info", "build", "dist", ".*_cache", "tests", "sample_maps", "*.mo",
        "mutants"))
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-w", str(wheels), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = wheels.glob("journeymap-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
         "--target", str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    assert (target / "app" / "resources" / "templates" / "b2b.json").is_file()
    # the translation catalogues, compiled by the build (git holds only the .po files)
    messages = target / "app" / "resources" / "locale" / "de" / "LC_MESSAGES"
    assert {p.name for p in messages.glob("*.mo")} == {f"{area}.mo" for area in AREAS}
    # ... and used: German comes from them without compiling the .po files again at every start
    german = subprocess.run(
        [sys.executable, "-c", "import sys; from app.i18n import catalogue; print(catalogue('de').gettext('&Copy'));"
         "print('babel.messages.pofile' in sys.modules)"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target)}, capture_output=True, text=True, timeout=60)
    assert german.stdout.split() == ["&Kopieren", "False"], german.stdout + german.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    script = (
        "import app, sys; assert app.__file__.startswith(sys.argv[1]), app.__file__\n"
        "from app.cli import main\n"
        "sys.exit(main(['new', '--template', 'five-phase-de', '-o', 'new.json']) "
        "or main(['validate', 'new.json', sys.argv[2]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(target), str(SAMPLE_FILES[0])],
        cwd=run_dir, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "new.json: ok" in result.stdout
    schema = subprocess.run(
        [sys.executable, "-m", "app", "schema"], cwd=run_dir, env=env, capture_output=True, text=True, timeout=60
    )
    assert schema.returncode == 0 and '"schema_version"' in schema.stdout
