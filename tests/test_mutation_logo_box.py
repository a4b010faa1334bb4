"""The box a logo prints in (app.export.branding.logo_box) and the words a deliverable carries
(app.export.branding.branding): wide, tall and square logos in wide, tall, square and tiny rooms keep their
shape, fill the room along one side and never leave it, not even by a rounding error; no room, no logo."""

from __future__ import annotations

import base64
import math

import pytest

from app.export.branding import branding, logo_box
from app.model import Deliverable, JourneyMap, Logo

#: logo shapes as images have them: width and height in pixels (wide, tall, square, extreme)
SHAPES = [(160, 64), (64, 160), (1, 1), (300, 300), (7, 5), (5, 7), (11, 15), (1000, 3), (3, 1000), (1, 5000),
          (5000, 1)]
#: rooms in points: the poster's and the handout's (a few lines tall, a fifth of a text wide), square, tiny
ROOMS = [(120.0, 30.0), (30.0, 120.0), (40.0, 40.0), (10.5, 7.5), (42.0, 30.0), (21.0, 30.0), (5.5, 7.5),
         (0.5, 0.25), (0.25, 0.5), (0.75, 0.75), (1.0, 1.0), (1.5, 0.5), (2000.0, 16.8), (16.8, 2000.0)]


@pytest.mark.parametrize(("room_width", "room_height"), ROOMS)
def test_a_logo_keeps_its_shape_fills_its_room_along_one_side_and_stays_inside(room_width: float,
                                                                              room_height: float):
    """Exactly inside (a box a rounding error taller than the room would be one the layout did not plan),
    exactly as wide or exactly as tall as the room, the image's aspect kept."""
    for pixels_wide, pixels_high in SHAPES:
        aspect = pixels_wide / pixels_high
        width, height = logo_box(aspect, (room_width, room_height))
        shape = (pixels_wide, pixels_high, room_width, room_height, width, height)
        assert 0 < width <= room_width and 0 < height <= room_height, shape
        assert width == room_width or height == room_height, shape
        assert math.isclose(width / height, aspect, rel_tol=1e-9), shape
        wider_than_room = aspect * room_height > room_width
        assert (width, height) == ((room_width, room_width / aspect) if wider_than_room
                                   else (room_height * aspect, room_height)), shape


@pytest.mark.parametrize(("pixels", "room"), [((7, 5), (10.5, 7.5)), ((7, 5), (42.0, 30.0)), ((7, 10), (21.0, 30.0)),
                                              ((11, 15), (5.5, 7.5)), ((4, 1), (120.0, 30.0)), ((1, 1), (40.0, 40.0)),
                                              ((1, 4), (30.0, 120.0))])
def test_a_logo_of_the_rooms_own_shape_fills_the_room_exactly(pixels: tuple[int, int], room: tuple[float, float]):
    """A 7 × 5 logo in a 10.5 × 7.5 room gets the room itself, not a box a rounding error taller."""
    aspect = pixels[0] / pixels[1]
    assert aspect * room[1] == room[0]  # the shapes agree to the last bit
    assert logo_box(aspect, room) == room


@pytest.mark.parametrize("aspect", [2.5, 1.0, 0.4])
@pytest.mark.parametrize("room", [(0.0, 30.0), (30.0, 0.0), (0.0, 0.0), (-10.0, 30.0), (30.0, -10.0),
                                  (-10.0, -10.0), (-0.5, 0.5), (0.5, -0.5)])
def test_no_room_no_logo(aspect: float, room: tuple[float, float]):
    """A room without width or height (or a negative one, when the text took it all) gets an empty box."""
    assert logo_box(aspect, room) == (0.0, 0.0)


@pytest.mark.parametrize("aspect", [0.0, -0.0, -1.0, -0.4, -2.5])
@pytest.mark.parametrize("room", [(120.0, 30.0), (30.0, 120.0), (40.0, 40.0), (0.5, 0.5)])
def test_a_logo_without_a_shape_gets_no_box(aspect: float, room: tuple[float, float]):
    """An aspect of zero or below is no image's: nothing is drawn, rather than a line or a mirrored box."""
    assert logo_box(aspect, room) == (0.0, 0.0)


def deliverable_map(**settings) -> JourneyMap:
    journey_map = JourneyMap(id="brand", title="Brand")
    journey_map.deliverable = Deliverable(**settings)
    return journey_map


@pytest.mark.parametrize("given", ["client", "author", "version", "confidentiality"])
def test_the_settings_not_given_print_nothing(given: str):
    """One setting given: it is printed on one line, the others stay empty (no placeholder word, no line)."""
    found = branding(deliverable_map(**{given: "  Acme \n  Sportswear\tGmbH "}))
    words = {name: getattr(found, name) for name in ("client", "author", "version", "confidentiality")}
    assert words == {name: "Acme Sportswear GmbH" if name == given else "" for name in words}
    assert found.warnings == [] and found.data is None


def test_an_empty_deliverable_prints_no_words():
    found = branding(deliverable_map(logo=Logo(media_type="image/svg+xml",
                                               data=base64.b64encode(b"<svg></svg>").decode("ascii"))))
    assert (found.client, found.author, found.version, found.confidentiality) == ("", "", "", "")
    assert found.data == b"<svg></svg>" and found.media_type == "image/svg+xml"
