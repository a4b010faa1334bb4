"""The deliverable's client, author, version, confidentiality and logo (format 1.1): in the file, checked, edited."""

from __future__ import annotations

import base64
import json
import struct
import zlib

import pytest
from PySide6.QtWidgets import QDialog

from app.export.logo import LogoError, check_image, logo_bytes, logo_from_file
from app.model import Deliverable, Logo, load_map, map_from_bytes, map_to_bytes
from app.model.json_schema import json_schema
from app.model.schema import MAX_LOGO_BYTES
from app.ui.deliverable_dialog import DeliverableDialog, edit_deliverable
from tests.conftest import SAMPLES, open_window


def png(width: int = 4, height: int = 2) -> bytes:
    """A real PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x00\x72\xb2" * width for _row in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


def test_a_map_with_settings_is_1_1_and_reads_back_the_same_and_without_them_1_0_again():
    original = (SAMPLES / "fitness-watch.json").read_bytes()
    journey_map = map_from_bytes(original)
    journey_map.deliverable = Deliverable(client="Stadtwerke Nord", author="Nordlicht Consulting",
                                          version="v2.3, draft", confidentiality="Vertraulich",
                                          logo=Logo(media_type="image/png", data=base64.b64encode(png()).decode()))
    data = map_to_bytes(journey_map)
    written = json.loads(data)
    assert written["schema_version"] == "1.1"
    assert written["deliverable"]["client"] == "Stadtwerke Nord"
    assert written["deliverable"]["logo"]["media_type"] == "image/png"
    assert map_from_bytes(data).deliverable == journey_map.deliverable
    journey_map.deliverable = None
    assert map_to_bytes(journey_map) == original
    assert "deliverable" in json_schema()["properties"]


@pytest.mark.parametrize(("data", "media_type", "words"), [
    (b"GIF89a....", "image/png", "not a PNG"),
    (b"<html></html>", "image/svg+xml", "not an SVG"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "image/svg+xml", "not an SVG"),
    (b"<svg><!DOCTYPE x></svg>", "image/svg+xml", "entities"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_LOGO_BYTES), "image/png", "at most 1024 KB"),
])
def test_a_logo_that_is_no_image_or_too_large_is_refused_in_words(data, media_type, words):
    with pytest.raises(LogoError, match=words):
        check_image(data, media_type)


ILLUSTRATOR_PROLOGUE = (b'<?xml version="1.0" encoding="utf-8"?>\n<!-- Generator: Adobe Illustrator 16.0.0 -->\n'
                        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n')


@pytest.mark.parametrize("doctype", [
    ILLUSTRATOR_PROLOGUE,
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.0//EN" "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd">',
    b"<!DOCTYPE svg>\n<!-- a comment after the doctype -->\n",
], ids=["illustrator", "svg-1.0", "plain"])
def test_an_svg_logo_with_the_standard_doctype_is_taken(tmp_path, doctype: bytes):
    # Older Illustrator and Batik write the SVG doctype; it declares nothing, so such a logo is an SVG like any.
    content = doctype + b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    check_image(content, "image/svg+xml")
    path = tmp_path / "logo.svg"
    path.write_bytes(content)
    logo = logo_from_file(path)
    assert logo.media_type == "image/svg+xml" and logo_bytes(logo) == content


@pytest.mark.parametrize(("svg", "words"), [
    (ILLUSTRATOR_PROLOGUE + b'<svg><!DOCTYPE svg PUBLIC "x" "y"><rect/></svg>', "declares entities"),
    (ILLUSTRATOR_PROLOGUE + b'<svg><!ENTITY a "aaaa"><rect/></svg>', "declares entities"),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n<svg>&a;</svg>', "not an SVG"),
    (b'<!DOCTYPE svg>\n<!DOCTYPE svg>\n<svg><rect/></svg>', "not an SVG"),
], ids=["second-doctype", "entity", "internal-subset", "two-doctypes"])
def test_an_svg_logo_declaring_more_than_the_standard_doctype_is_refused(svg: bytes, words: str):
    with pytest.raises(LogoError, match=words):
        check_image(svg, "image/svg+xml")


@pytest.mark.parametrize(("content", "media_type"), [(png(), "image/png"), (SVG, "image/svg+xml")])
def test_a_logo_file_is_read_by_its_content_and_decoded_the_same(tmp_path, content, media_type):
    path = tmp_path / "logo.bin"
    path.write_bytes(content)
    logo = logo_from_file(path)
    assert logo.media_type == media_type and logo_bytes(logo) == content
    check_image(content, media_type)


def test_a_broken_logo_in_a_file_still_opens_the_map_and_is_reported_when_used():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.deliverable = Deliverable(logo=Logo(media_type="image/png", data="bm90IGEgcG5n"))  # "not a png"
    again = map_from_bytes(map_to_bytes(journey_map))
    with pytest.raises(LogoError, match="not a PNG"):
        logo_bytes(again.deliverable.logo)
    with pytest.raises(LogoError, match="base64"):
        logo_bytes(Logo(media_type="image/png", data="***"))


def test_the_dialog_stores_the_settings_in_one_undo_step_and_clears_them(qtbot, sample_path, tmp_path, monkeypatch,
                                                                          dialogs):
    window = open_window(qtbot, sample_path)
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(40, 20))

    def fill(dialog: DeliverableDialog):
        dialog.client.setText("  Stadtwerke Nord ")
        dialog.version.setText("v2.3, draft")
        dialog.confidentiality.setCurrentText("Confidential — client use only")
        assert dialog.choose_logo(str(logo))
        assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DeliverableDialog, "exec", fill)
    depth = window.document.undo_stack.count()
    assert edit_deliverable(window)
    settings = window.journey_map.deliverable
    assert (settings.client, settings.version, settings.author) == ("Stadtwerke Nord", "v2.3, draft", "")
    assert settings.confidentiality == "Confidential — client use only"
    assert logo_bytes(settings.logo) == logo.read_bytes()
    assert window.document.undo_stack.count() == depth + 1
    assert window.document.undo_stack.undoText() == "Edit deliverable settings"

    def clear(dialog: DeliverableDialog):
        assert dialog.client.text() == "Stadtwerke Nord"  # the stored settings are shown
        for field in (dialog.client, dialog.version):
            field.clear()
        dialog.confidentiality.setCurrentText("")
        dialog.set_logo(None)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DeliverableDialog, "exec", clear)
    assert edit_deliverable(window)
    assert window.journey_map.deliverable is None  # nothing left: the map is a 1.0 map again
    window.document.undo_stack.undo()
    assert window.journey_map.deliverable.client == "Stadtwerke Nord"


def test_a_file_that_is_no_logo_is_refused_with_a_message_and_keeps_the_old_logo(qtbot, tmp_path, dialogs):
    dialog = DeliverableDialog(Deliverable(logo=Logo(media_type="image/svg+xml",
                                                     data=base64.b64encode(SVG).decode())))
    qtbot.addWidget(dialog)
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", "utf-8")
    dialogs.expect("warning", "cannot be the logo")
    assert not dialog.choose_logo(str(bad))
    assert dialog.logo is not None and dialog.logo.media_type == "image/svg+xml"
    assert dialog.result_value() == Deliverable(logo=dialog.logo)


def test_the_action_is_in_the_file_menu(qtbot, sample_path):
    window = open_window(qtbot, sample_path)
    action = window.action_registry.action("deliverable")
    assert action in window.menuBar().actions()[0].menu().actions()


def test_the_author_and_version_label_reach_the_pdf_and_the_workbook(tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from app.export.excel import export_excel
    from app.export.pdf import PdfOptions, export_pdf

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.deliverable = Deliverable(author="Nordlicht Consulting", version="v2.3, draft")
    export_pdf(journey_map, tmp_path / "m.pdf", PdfOptions(personas=["beginner"]))
    reader = PdfReader(tmp_path / "m.pdf")
    assert reader.metadata.author == "Nordlicht Consulting"
    assert "v2.3, draft" in reader.pages[-1].extract_text()
    export_excel(journey_map, tmp_path / "m.xlsx")
    assert load_workbook(tmp_path / "m.xlsx").properties.creator == "Nordlicht Consulting"
