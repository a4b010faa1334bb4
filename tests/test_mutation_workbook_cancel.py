"""A cancelled workbook export: whichever step the user cancels at, ``export_excel`` raises
``ExportCancelledError`` saying so in the UI language (not the workbook's: the user reads it, not the client)
and writes nothing, not even over a file that was there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app import i18n
from app.export import ExportCancelledError
from app.export.excel import export_excel
from app.model import JourneyMap, Lane, Persona, Phase

CANCELLED = {"en": "export cancelled", "de": "Export abgebrochen"}


def small_map() -> JourneyMap:
    return JourneyMap(id="m", title="Watch journey", phases=[Phase(id="aw", name="Awareness")],
                      lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints")],
                      personas=[Persona(id="lena", name="Lena"), Persona(id="tom", name="Tom")])


def steps(tmp_path: Path) -> int:
    """How many steps the export reports (the last one after encoding)."""
    seen: list[tuple[int, int]] = []
    export_excel(small_map(), tmp_path / "all.xlsx", lambda done, total: seen.append((done, total)) is None)
    assert seen and seen[-1][0] == seen[-1][1] and [done for done, _total in seen] == list(range(1, len(seen) + 1))
    return len(seen)


@pytest.mark.parametrize(("ui", "workbook"), [("en", "de"), ("de", "en"), ("en", "en"), ("de", "de")])
def test_a_cancel_says_so_in_the_ui_language_and_writes_nothing(ui: str, workbook: str, tmp_path: Path):
    total = steps(tmp_path)
    i18n.set_language(ui)
    for at in (1, total):  # the first sheet, and after encoding with the whole workbook in memory
        out = tmp_path / f"cancelled-{at}.xlsx"
        if at == total:
            out.write_bytes(b"the previous export")
        with pytest.raises(ExportCancelledError) as cancelled:
            export_excel(small_map(), out, lambda done, _total, at=at: done < at, language=workbook)
        assert str(cancelled.value) == CANCELLED[ui]
        if at == total:
            assert out.read_bytes() == b"the previous export"
        else:
            assert not out.exists()
