"""The file name an export offers for a name without an ending (``app.export.targets.output_name``).

A name without an ending gets the format's suffix; a trailing dot is no ending and gives way to the suffix
("out." is "out.pdf", not "out..pdf"); a name that starts with a dot (".report", a hidden file) keeps its dot
and has no ending either (pathlib), so it becomes ".report.pdf". The folder is kept as given, dots and all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.export.targets import TARGETS, output_name

#: name given → name offered, {suffix} being the format's
NAMES = {
    "out": "out{suffix}",
    "out.": "out{suffix}",
    "out...": "out{suffix}",
    "Q3 report.": "Q3 report{suffix}",
    ".report": ".report{suffix}",
    ".report.": ".report{suffix}",
}


@pytest.mark.parametrize("kind", list(TARGETS))
@pytest.mark.parametrize("given", list(NAMES))
def test_a_name_without_an_ending_gets_the_formats_suffix_in_place_of_trailing_dots(kind: str, given: str,
                                                                                     tmp_path: Path):
    suffix = TARGETS[kind].suffix
    folder = tmp_path / "client.v2"
    expected = folder / NAMES[given].format(suffix=suffix)
    assert output_name(kind, folder / given) == expected
    assert output_name(kind, str(folder / given)) == expected  # a str as the command line gives it


@pytest.mark.parametrize("kind", list(TARGETS))
def test_an_offered_name_is_taken_as_it_is(kind: str, tmp_path: Path):
    """The name offered for a name without an ending is a right name: asked again, it stays."""
    for given in NAMES:
        offered = output_name(kind, tmp_path / given)
        assert output_name(kind, offered) == offered
        assert offered.suffix == TARGETS[kind].suffix
