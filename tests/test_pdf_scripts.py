"""Every script printed right in the PDF (issue 19 B.6, B.7): fallback fonts, shaping, bidi order, tabs,
the complete list of what no font has, and ``--strict``."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from app.cli import main
from app.export import font_fallback, script_text
from app.export.glyph_report import SHOWN_CHARACTERS, SHOWN_PLACES
from app.export.pdf import PdfOptions, export_pdf
from app.model import Card, JourneyMap, load_map, save_map
from tests.conftest import SAMPLE_FILES

#: a card per script; Hebrew mixed with Latin in one line
SCRIPTS = {
    "zh": "顾客在社交媒体上看到新手表的广告并点击了解更多信息",
    "ja": "お客様はSNSで新しい時計の広告を見て詳細を確認します",
    "ko": "고객은 소셜 미디어에서 새 시계 광고를 봅니다",
    "th": "ลูกค้าเห็นโฆษณานาฬิกาใหม่บนโซเชียลมีเดีย",
    "hi": "ग्राहक सोशल मीडिया पर नई घड़ी का विज्ञापन देखता है",
    "ar": "يرى العميل إعلان الساعة الجديدة",
    "he": "The customer says שלום עולם to the shop",
    "emoji": "Happy 😀 thumbs 👍 rocket 🚀",
    "tab": "Tab\tbetween words",
}
#: code points of Supplementary Private Use Area-B: no font of any system has a glyph for them
NOWHERE = [chr(0x10FF00 + i) for i in range(3)]
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def with_cards(texts: list[str], lane: int = 0) -> JourneyMap:
    """The first sample map, its first persona only, with a card for each text (phase by phase)."""
    journey_map = load_map(SAMPLE_FILES[0])
    persona = journey_map.personas[0]
    phases, lane_id = journey_map.phases, journey_map.lanes[lane].id
    cards = [Card(id=f"script-{i}", persona=persona.id, phase=phases[i % len(phases)].id, lane=lane_id, text=text)
             for i, text in enumerate(texts)]
    own = [card for card in journey_map.cards if card.persona == persona.id]
    return journey_map.model_copy(update={"personas": [persona], "cards": own + cards,
                                          "emotions": [e for e in journey_map.emotions if e.persona == persona.id]})


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def pdf_fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def system_fonts():
    """The system's fonts, found afresh (a test before may have replaced them)."""
    font_fallback.use_fonts(None)
    script_text.reset()
    yield
    font_fallback.use_fonts(None)
    script_text.reset()


@needs_poppler
@pytest.mark.parametrize("handout", [False, True], ids=["poster", "handout"])
def test_every_script_prints_with_a_glyph_in_the_right_order(tmp_path, system_fonts, handout):
    if shutil.which("fc-match") is None:
        pytest.skip("no fontconfig: the fallback fonts of scripts/setup.sh are Linux's")
    out = tmp_path / "scripts.pdf"
    result = export_pdf(with_cards(list(SCRIPTS.values())), out,
                        PdfOptions(handout=handout, paper="A4" if handout else "auto"))
    assert result.missing_characters == set() and result.warnings == []
    fonts = pdf_fonts(out)
    for family in ("WenQuanYi", "Garuda", "Lohit-Devanagari", "Symbola"):  # CJK, Thai, Devanagari, emoji
        assert family in fonts
    assert "Type 3" not in fonts
    text = pdf_text(out)
    flat = re.sub(r"[\s\u202a-\u202e]", "", unicodedata.normalize("NFKC", text))
    for key, typed in SCRIPTS.items():  # every card's text copies out of the PDF as it was typed
        assert re.sub(r"\s", "", typed) in flat, key
    # Hebrew in a Latin line: read back in reading order (drawn in the visual order a reader's eye goes)
    assert "שלום עולם" in re.sub(r"[\u202a-\u202e]", "", text)
    assert "Tab between words" in text  # a tab prints as a space


def test_arabic_is_joined_and_indic_is_shaped(system_fonts):
    """The glyphs drawn: Arabic letters in their joining forms (Presentation Forms-B), Devanagari's conjuncts."""
    arabic = script_text.shaper().runs(SCRIPTS["ar"])
    shown = "".join(run.text for run in arabic)
    assert sum(0xFE70 <= ord(char) <= 0xFEFF for char in shown) >= len(SCRIPTS["ar"].replace(" ", "")) // 2
    assert all(run.actual for run in arabic if run.text.strip())  # copied as typed
    if shutil.which("fc-match") is not None:
        devanagari = script_text.shaper().runs("ग्रा")  # ga + virama + ra + aa: a conjunct, fewer glyphs
        assert len("".join(run.text for run in devanagari)) < 4


def test_a_tab_measures_and_draws_as_a_space(system_fonts):
    assert script_text.width("Tab\tbetween", 10) == script_text.width("Tab between", 10)
    assert script_text.width("שלום\tעולם", 10) == script_text.width("שלום עולם", 10)


def test_right_to_left_runs_are_in_visual_order(system_fonts):
    runs = script_text.shaper().runs("abc אבג def")
    assert [run.advance > 0 for run in runs] == [True] * len(runs)
    hebrew = [run for run in runs if any(0x0590 <= ord(c) <= 0x05FF or ord(c) >= 0xE000 for c in run.text)]
    assert hebrew, runs
    # HarfBuzz gives a right-to-left run's glyphs from the left: gimel first
    shaped = hebrew[0].text
    assert shaped.index("ג") < shaped.index("א")


def test_cjk_without_spaces_wraps_within_the_card(system_fonts):
    from app.export.fonts import ReportlabMetrics
    from app.layout import TextWrapper

    wrapper = TextWrapper(ReportlabMetrics())
    text = SCRIPTS["zh"] * 3
    lines = wrapper.wrap(text, 10, 120)
    assert len(lines) > 3 and "".join(lines) == text
    assert all(wrapper.measure(line, 10) <= 120 for line in lines)
    assert wrapper.measure(SCRIPTS["zh"], 10) == pytest.approx(10 * len(SCRIPTS["zh"]), rel=0.05)  # full-width


def test_every_character_and_every_text_without_glyph_is_listed(tmp_path, system_fonts):
    count = SHOWN_PLACES + 12
    texts = [f"Card {i} with {NOWHERE[i % len(NOWHERE)]} inside" for i in range(count)]
    journey_map = with_cards(texts, lane=1)
    result = export_pdf(journey_map, tmp_path / "x.pdf")
    assert result.missing_characters == set(NOWHERE)
    [warning] = result.warnings
    head, *places = warning.split("\n")
    assert all(f"U+{ord(char):04X}" in head for char in NOWHERE)
    assert len(places) == SHOWN_PLACES + 1 and "12 more" in places[-1]
    where = " · ".join((journey_map.personas[0].name, journey_map.phases[0].name, journey_map.lanes[1].name))
    assert f"{where}: “Card 0 with" in places[0]


def test_thousands_of_characters_without_glyph_are_counted_past_a_screenful(tmp_path, system_fonts):
    many = "".join(chr(0x10FF00 + i) for i in range(SHOWN_CHARACTERS + 40))
    result = export_pdf(with_cards([many]), tmp_path / "x.pdf")
    head = result.warnings[0].split("\n")[0]
    assert len(result.missing_characters) == SHOWN_CHARACTERS + 40
    assert head.count("U+") == SHOWN_CHARACTERS and "40 more characters" in head


@needs_poppler
def test_the_os_font_folders_give_the_same_fallbacks_as_fontconfig(tmp_path, system_fonts):
    """Windows and macOS have no fontconfig: their font folders are read (each font's cmap, not the whole font)."""
    font_fallback.use_fonts(font_fallback.folder_fonts())
    script_text.reset()
    texts = [SCRIPTS[key] for key in ("zh", "ko", "th", "hi", "emoji")]
    result = export_pdf(with_cards(texts), tmp_path / "x.pdf")
    if shutil.which("fc-match") is not None:  # the fonts scripts/setup.sh installs
        assert result.missing_characters == set()
    assert "Type 3" not in pdf_fonts(tmp_path / "x.pdf")
    assert font_fallback.read_coverage(str(tmp_path / "x.pdf")) == ([], [])  # not a font: covers nothing


def test_without_fallback_fonts_the_export_works_and_lists_what_has_no_glyph(tmp_path, system_fonts):
    font_fallback.use_fonts([])  # a system without CJK fonts (e.g. a bare Windows)
    script_text.reset()
    result = export_pdf(with_cards([SCRIPTS["zh"], SCRIPTS["ar"]]), tmp_path / "x.pdf")
    assert set(SCRIPTS["zh"]) <= result.missing_characters
    assert not set(SCRIPTS["ar"]) & result.missing_characters  # DejaVu Sans has Arabic
    assert "顾" in result.warnings[0]


def test_strict_exits_1_when_a_character_has_no_glyph_and_still_writes(tmp_path, system_fonts, capsys):
    bad, good = tmp_path / "bad.json", tmp_path / "good.json"
    save_map(with_cards([f"Card with {NOWHERE[0]}"]), bad)
    save_map(with_cards(list(SCRIPTS.values()) if shutil.which("fc-match") else ["Plain text"]), good)
    assert main(["export", str(bad), "--pdf", str(tmp_path / "a.pdf")]) == 0
    assert main(["export", str(bad), "--pdf", str(tmp_path / "b.pdf"), "--strict"]) == 1
    assert (tmp_path / "b.pdf").stat().st_size > 0
    err = capsys.readouterr().err
    assert "U+10FF00" in err and "--strict" in err
    assert main(["export", str(good), "--pdf", str(tmp_path / "c.pdf"), "--strict"]) == 0


# --- what prints as a box is what the report names (review of issue 19) -----------------------------------

#: lines with combining marks, variation selectors and joiners: keycaps, a Latin accent typed apart, Hebrew
#: points, an emoji family, Devanagari and Thai marks, a mark on a character no font has, a lone mark
CLUSTERS = ["1\ufe0f\u20e3 Step one, 2\ufe0f\u20e3 step two #\ufe0f\u20e3", "x\u20e3 and e\u0301", "שָׁלוֹם",
            "👨\u200d👩\u200d👧 family 👍\ufe0f", "क्षि and กิ่ง", "\u20e3 alone", f"{NOWHERE[0]}\u0301 end",
            "Lena 𞸀𞸁 \uf000"]


def drawn_boxes(line: str, bold: bool = False) -> int:
    """How many .notdef glyphs (empty boxes) the drawing of a line shows, read from its shaped runs."""
    from reportlab.pdfbase import pdfmetrics

    shaper = script_text.shaper(bold)
    if shaper.is_simple(line):
        return 0
    count = 0
    for run in shaper.runs(line):
        face = pdfmetrics.getFont(run.font).face
        count += sum(face.charToGlyph.get(ord(char)) == 0 for char in run.text)
    return count


@pytest.mark.parametrize("fonts", ["system", "none"])
@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_the_report_names_exactly_what_prints_as_a_box(system_fonts, fonts, bold):
    """A mark the base's font lacks goes with its base to a font that has both; the report is judged from the
    drawing's runs, so a box is never left out and a joiner or selector is never one, with fallbacks or none."""
    if fonts == "none":
        font_fallback.use_fonts([])
        script_text.reset()
    for line in CLUSTERS:
        missing = script_text.boxes([line], bold)
        assert bool(missing) == (drawn_boxes(line, bold) > 0), (line, missing)
        assert not missing & {"\ufe0f", "\u200d"}
    assert font_fallback.missing_characters(CLUSTERS, bold) == script_text.boxes(CLUSTERS, bold)
    if fonts == "system" and font_fallback.chain(bold).font_with("1\u20e3") is not None:
        keycap = script_text.shaper(bold).runs(CLUSTERS[0])[0]  # base, selector and keycap in one font
        assert keycap.text[0] != "1" or keycap.font == font_fallback.chain(bold).font_with("1\u20e3")
        assert drawn_boxes(CLUSTERS[0], bold) == 0 and not script_text.boxes([CLUSTERS[0]], bold)


def test_a_keycap_the_system_cannot_draw_is_reported_with_its_card(tmp_path, system_fonts):
    font_fallback.use_fonts([])  # DejaVu Sans has "1" but not the keycap U+20E3
    script_text.reset()
    result = export_pdf(with_cards([CLUSTERS[0]]), tmp_path / "x.pdf", PdfOptions(handout=True, paper="A4"))
    assert result.missing_characters == {"\u20e3"}
    assert "U+20E3" in result.warnings[0] and "U+FE0F" not in result.warnings[0]


@needs_poppler
@pytest.mark.parametrize("handout", [False, True], ids=["poster", "handout"])
def test_bold_text_falls_back_to_the_regular_faces_and_is_checked_bold(tmp_path, system_fonts, handout):
    """DejaVu Sans Bold lacks Arabic mathematical letters and DejaVu's private icons that DejaVu Sans has: a
    bold persona name prints them in DejaVu Sans; where no regular face has them either, the report names them."""
    rare = "𞸀𞸁\uf000"
    assert font_fallback.chain(True).font_for("𞸀") == "DejaVuSans"
    journey_map = with_cards(["Plain card"])
    persona = journey_map.personas[0].model_copy(update={"name": f"Lena {rare}"})
    journey_map = journey_map.model_copy(update={"personas": [persona]})
    options = PdfOptions(handout=handout, paper="A4" if handout else "auto")
    result = export_pdf(journey_map, tmp_path / "x.pdf", options)
    assert result.missing_characters == set() and result.warnings == []
    assert re.search("Lena (𞸀𞸁|𞸁𞸀)", pdf_text(tmp_path / "x.pdf"))  # right-to-left letters: either order
    # A system whose bold faces stop at DejaVu Sans Bold: the bold name is reported, not only the regular texts
    font_fallback.use_fonts([])
    font_fallback._chains[True] = font_fallback.FallbackChain(font_fallback.BOLD, [])
    script_text.reset()
    result = export_pdf(journey_map, tmp_path / "y.pdf", options)
    assert result.missing_characters == set(rare)
    assert f"“Lena {rare}”" in result.warnings[0]


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_caption_field_is_checked_for_glyphs(tmp_path, system_fonts, language):
    """Tags (and any other field the caption declares) print under the card: a character no font has there is
    named with its card, in both languages of the deliverable."""
    from app.layout.card_fields import CAPTION_FIELDS

    journey_map = with_cards(["Card"]).model_copy(update={"language": language})
    values = {"channel": f"web {NOWHERE[0]}", "owner": f"CRM {NOWHERE[1]}", "tags": ["quick-win", NOWHERE[2]]}
    for name, _text, _word in CAPTION_FIELDS:
        if name not in values:
            continue
        card = journey_map.cards[-1].model_copy(update={name: values[name]})
        mapped = journey_map.model_copy(update={"cards": [*journey_map.cards[:-1], card]})
        result = export_pdf(mapped, tmp_path / f"{name}.pdf", PdfOptions(handout=True, paper="A4"))
        expected = set("".join(values[name])) & set(NOWHERE)
        assert result.missing_characters == expected, name
        assert all(f"U+{ord(char):04X}" in result.warnings[0] for char in expected)
    long_tag = journey_map.cards[-1].model_copy(update={"channel": "Social media", "owner": "Marketing",
                                                        "tags": ["quick-win", f"win{NOWHERE[0]}"]})
    mapped = journey_map.model_copy(update={"cards": [*journey_map.cards[:-1], long_tag]})
    [warning] = export_pdf(mapped, tmp_path / "long.pdf").warnings
    assert f"#quick-win #win{NOWHERE[0]}”" in warning  # the place shows the box, past the caption's start
    assert {"channel", "owner", "tags"} <= {name for name, _text, _word in CAPTION_FIELDS}


def test_a_hanging_fc_match_is_waited_for_once(tmp_path, monkeypatch, system_fonts):
    """fc-match that hangs: the export waits FC_TIMEOUT once, then takes the font folders for both weights."""
    import os
    import time

    log = tmp_path / "calls"
    fake = tmp_path / "bin" / "fc-match"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\necho called >> '{log}'\nexec sleep 5\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(font_fallback, "FC_TIMEOUT", 0.5)
    monkeypatch.setattr(font_fallback, "_fontconfig_failed", False)
    started = time.monotonic()
    assert font_fallback.fontconfig_fonts(False) is None
    assert font_fallback.fontconfig_fonts(True) is None
    font_fallback.use_fonts(None)
    script_text.reset()
    found = [font_fallback.chain(bold).font_for("顾") for bold in (False, True)]
    assert log.read_text().count("called") == 1
    assert time.monotonic() - started < 2.5
    if any(Path("/usr/share/fonts").rglob("wqy*")):  # the CJK font scripts/setup.sh installs
        assert found[0] is not None and found[1] is not None  # from the font folders


def test_the_font_folders_give_regular_text_the_regular_face_and_bold_text_the_bold_one(tmp_path, monkeypatch):
    """Without fontconfig a family's files come in name order (Garuda-Bold.ttf before Garuda.ttf): regular Thai
    printed in the bold face. Each weight now tries its own face of a family first."""
    names = ["Garuda-BoldOblique.ttf", "Garuda-Bold.ttf", "Garuda-Oblique.ttf", "Garuda.ttf", "Zed-Light.ttf"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setattr(font_fallback, "font_folders", lambda: [tmp_path])
    regular = [Path(font.path).name for font in font_fallback.folder_fonts()]
    bold = [Path(font.path).name for font in font_fallback.folder_fonts(bold=True)]
    assert regular.index("Garuda.ttf") < regular.index("Garuda-Bold.ttf") < regular.index("Garuda-Oblique.ttf")
    assert bold.index("Garuda-Bold.ttf") < bold.index("Garuda.ttf") < bold.index("Garuda-BoldOblique.ttf")
    assert sorted(regular) == sorted(bold) == sorted(names)
