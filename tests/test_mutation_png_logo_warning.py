"""A PNG logo the PDF cannot read (app.export.branding.pdf_logo): left out, with the warning a user reads in
the export's result, in the UI language. ``branding`` checks a map's logo first, so these bytes reach
pdf_logo only from a caller that hands it a Branding of its own: the promise is the same there."""

from __future__ import annotations

import pytest

from app import i18n
from app.export.branding import Branding, pdf_logo
from app.export.logo import PNG_SIGNATURE

NOT_IMAGES = {
    "text": b"no image at all",
    "a PNG's signature and nothing else": PNG_SIGNATURE,
    "an SVG called PNG": b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>',
    "empty": b"",
}
WARNING = {"en": "the logo was left out: the logo is not a PNG image",
           "de": "das Logo wurde weggelassen: das Logo ist kein PNG-Bild"}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("data", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
def test_an_unreadable_png_is_left_out_with_a_warning_in_the_ui_language(data, language):
    i18n.set_language(language)
    brand = Branding(client="Acme", media_type="image/png", data=data, warnings=["earlier"])
    assert pdf_logo(brand) is None
    assert brand.warnings == ["earlier", WARNING[language]]
    assert brand.data is None and brand.png is None  # nothing else tries to print it
    assert pdf_logo(brand) is None and len(brand.warnings) == 2  # asked again: no logo, no second warning
