"""Every sample map exports as every deliverable, in English and in German, as a user runs the command.

Issue 19's "done when": a poster, a handout, a workbook, PNG, SVG and CSV of each sample in both languages.
The other tests look inside one format each; this one runs the command line a consultant runs and opens
what it wrote with the tools a client would (a PDF reader, a spreadsheet, an image viewer).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.export.csv_export import COLUMNS
from app.i18n import catalogue
from app.model import load_map
from tests.conftest import ROOT, SAMPLE_FILES

FORMATS = ("pdf", "xlsx", "png", "svg", "csv")


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_every_sample_exports_as_every_deliverable_in_both_languages(path: Path, language: str, tmp_path: Path):
    outputs = {kind: tmp_path / f"{path.stem}.{kind}" for kind in FORMATS}
    command = [sys.executable, "-m", "app", "export", str(path), "--lang", language, "--strict"]
    for kind, out in outputs.items():
        command += [f"--{kind}", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr  # --strict: no warning either (no missing glyph, nothing cut)
    written = "geschrieben" if language == "de" else "written"
    assert done.stdout.count(written) == len(FORMATS), done.stdout

    assert len(PdfReader(outputs["pdf"]).pages) >= 1
    workbook = load_workbook(outputs["xlsx"])
    assert len(workbook.worksheets) >= 4
    assert outputs["png"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert ElementTree.parse(outputs["svg"]).getroot().tag.endswith("svg")
    with outputs["csv"].open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    journey_map = load_map(path)
    header = [catalogue(language).gettext(label) for _key, label in COLUMNS]
    assert rows[0] == header  # in the export's language
    assert len(rows) - 1 == len(journey_map.cards) + len(journey_map.emotions)  # a row per card and per point
    assert {len(row) for row in rows} == {len(header)}

    handout = tmp_path / f"{path.stem}-handout.pdf"
    assert main(["export", str(path), "--lang", language, "--strict", "--pdf", str(handout), "--handout"]) == 0
    reader = PdfReader(handout)
    assert all(abs(float(page.mediabox.width) - 595.28) < 1 or abs(float(page.mediabox.height) - 595.28) < 1
               for page in reader.pages)  # A4, either way up
    assert len(reader.pages) > len(PdfReader(outputs["pdf"]).pages)  # split by phase range over more pages
