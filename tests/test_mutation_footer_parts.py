"""The branded header and footer parts of the workbook's sheets: at most 80 characters each, a longer text cut
with "…" (and no space before it), "&" doubled after the cut (Excel reads a single "&" as a code).

The three parts of a footer hold 255 characters together; a part over its share would push out the page
number or make Excel refuse the footer.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from app.export.branding import Branding
from app.export.workbook_branding import FOOTER_PART, branded_footer, branded_header
from app.i18n import catalogue

WORDS = catalogue("en")


def parts(brand: Branding) -> dict[str, str]:
    """The footer's left and right and the header's centre as the sheet holds them, codes and all."""
    sheet = Workbook().active
    branded_footer(sheet.oddFooter, brand, WORDS)
    branded_header(sheet.oddHeader, brand, WORDS)
    return {"marking": sheet.oddFooter.left.text, "client": sheet.oddFooter.right.text,
            "author": sheet.oddHeader.center.text}


def shown(code: str) -> str:
    """A part as printed: each "&&" is one "&"."""
    return code.replace("&&", "&")


def text_of(field: str, value: str) -> str:
    """The whole text a field's part shows before any cut."""
    if field == "client":
        return WORDS.gettext("Client: {client}").format(client=value)
    if field == "author":
        return WORDS.gettext("Prepared by: {author}").format(author=value)
    return value


def filler(length: int, field: str) -> str:
    """A value whose part's whole text is ``length`` characters."""
    return "x" * (length - len(text_of(field, "")))


@pytest.mark.parametrize("field", ["marking", "client", "author"])
@pytest.mark.parametrize("length", [20, FOOTER_PART - 1, FOOTER_PART])
def test_a_part_that_fits_is_shown_whole(field: str, length: int):
    value = filler(length, field)
    brand = Branding(**{{"marking": "confidentiality"}.get(field, field): value})
    assert parts(brand)[field] == text_of(field, value)


@pytest.mark.parametrize("field", ["marking", "client", "author"])
@pytest.mark.parametrize("length", [FOOTER_PART + 1, FOOTER_PART + 2, 300])
def test_a_longer_part_is_cut_to_its_share_and_ends_in_an_ellipsis(field: str, length: int):
    value = filler(length, field)
    brand = Branding(**{{"marking": "confidentiality"}.get(field, field): value})
    part = parts(brand)[field]
    assert len(part) == FOOTER_PART and part.endswith("…") and part.count("…") == 1
    assert text_of(field, value).startswith(part[:-1])


def test_a_cut_just_after_a_space_leaves_no_space_before_the_ellipsis():
    marking = "a" * (FOOTER_PART - 2) + " " + "b" * 40
    assert parts(Branding(confidentiality=marking))["marking"] == "a" * (FOOTER_PART - 2) + "…"
    marking = "a" * (FOOTER_PART - 3) + "  " + "b" * 40
    assert parts(Branding(confidentiality=marking))["marking"] == "a" * (FOOTER_PART - 3) + "…"


@pytest.mark.parametrize("length", [FOOTER_PART, FOOTER_PART + 1, 200])
def test_ampersands_count_once_and_are_doubled_after_the_cut(length: int):
    """A part of ampersands is cut by what prints, then each is doubled: a cut never splits an "&&"."""
    code = parts(Branding(confidentiality="&" * length))["marking"]
    printed = shown(code)
    assert len(printed) == min(length, FOOTER_PART)
    assert code == "&&" * printed.count("&") + ("…" if length > FOOTER_PART else "")
