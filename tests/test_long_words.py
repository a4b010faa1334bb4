"""One very long word (issue 20, item 23): it wraps into lines that each fit, in time that grows with its
length, and normal text breaks exactly where it did. The time is not asserted (the bench measures a 10 MB
word against a 1 MB one); what the wrapper does per line is: the characters it copies out of the word and
the measures it asks for."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from app.export.fonts import ReportlabMetrics
from app.layout import MEASURE_CHUNK, TextWrapper
from bench.maps import WORDS

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßłżABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?-_/()"


def random_word(length: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choices(LETTERS, k=length))


class MonoMetrics:
    """Every character 0.6 em wide (bold 0.7 em), as in tests/test_layout_behaviour.py."""

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return len(text) * size * (0.7 if bold else 0.6)


class Counting:
    """Metrics that count the calls and the characters measured."""

    def __init__(self, metrics) -> None:
        self.metrics = metrics
        self.calls = 0
        self.characters = 0
        self.longest = 0

    def width(self, text: str, size: float, bold: bool = False) -> float:
        self.calls += 1
        self.characters += len(text)
        self.longest = max(self.longest, len(text))
        return self.metrics.width(text, size, bold)


class Sliced(str):
    """A word that records the length of every slice taken of it (and of its slices)."""

    def __new__(cls, text: str, log: list[int]):
        word = super().__new__(cls, text)
        word.log = log
        return word

    def __getitem__(self, key):
        part = str.__getitem__(self, key)
        if isinstance(key, slice):
            self.log.append(len(part))
            return Sliced(part, self.log)
        return part


def greedy_wrap(metrics, text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """The wrap as it was before issue 20: greedy by words, a word wider than the line cut at the last
    character that fits (a plain binary search over a window of the word), the rest sliced off each time."""
    measure = metrics.width

    def fit(word: str) -> int:
        low, high = 1, len(word)
        while low < high:
            middle = (low + high + 1) // 2
            if measure(word[:middle], size, bold) <= width:
                low = middle
            else:
                high = middle - 1
        return max(low, 1)

    lines = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if measure(candidate, size, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            window = max(8, int(4 * width / max(size, 0.1)) + 8)
            while len(word) > 1:
                head = word[:window]
                if len(head) == len(word) and measure(word, size, bold) <= width:
                    break
                cut = fit(head)
                if cut >= len(word):
                    break
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def mixed_text(rng: random.Random) -> str:
    """Paragraphs of normal words, now and then a long word, a double space or an empty paragraph."""
    paragraphs = []
    for _ in range(rng.randint(1, 4)):
        words = []
        for _ in range(rng.randint(0, 40)):
            roll = rng.random()
            if roll < 0.08:
                words.append(random_word(rng.randint(20, 400), rng.randint(0, 10**6)))
            elif roll < 0.1:
                words.append("")
            else:
                words.append(rng.choice(WORDS[rng.choice(list(WORDS))]))
        paragraphs.append(" ".join(words))
    return "\n".join(paragraphs)


@pytest.mark.parametrize("metrics", [ReportlabMetrics(), MonoMetrics()], ids=["reportlab", "mono"])
def test_text_breaks_exactly_where_the_plain_greedy_wrap_breaks_it(metrics):
    rng = random.Random(20)
    for _ in range(300):
        text = mixed_text(rng)
        size = rng.choice([6.0, 8.0, 9.0, 10.0, 12.0, 20.0])
        width = rng.choice([20.0, 31.0, 90.5, 144.0, 184.0, 284.0, 600.0])
        bold = rng.random() < 0.3
        assert TextWrapper(metrics).wrap(text, size, width, bold) == greedy_wrap(metrics, text, size, width, bold)


@pytest.mark.parametrize(("size", "width"), [(10.0, 184.0), (8.0, 284.0), (12.0, 40.0), (6.0, 3000.0)])
def test_a_long_word_wraps_into_full_lines_that_each_fit(size: float, width: float):
    metrics = ReportlabMetrics()
    word = random_word(200_000)
    lines = TextWrapper(metrics).wrap(word, size, width)
    assert "".join(lines) == word
    assert all(metrics.width(line, size) <= width for line in lines)
    # Each line is full: the next character would not have fitted.
    assert all(metrics.width(line + following[0], size) > width for line, following in pairwise(lines))


def test_breaking_a_long_word_copies_each_character_a_few_times_not_once_a_line():
    """Slicing the rest off after every piece copied the word once per line: 10 MB, 313,000 lines, 1.5 TB."""
    log: list[int] = []
    length = 100_000
    lines: list[str] = []
    rest = TextWrapper(MonoMetrics())._break(Sliced("x" * length, log), 10.0, 184.0, False, lines)
    assert "".join(lines) + rest == "x" * length and len(lines) > 3000
    # A line costs its window (81 characters here), the prefixes measured of it and the line: about 6n in all.
    # Slicing the rest off costs n²/60 here: 170 million characters.
    copied = sum(log)
    assert copied <= 8 * length, f"{copied:,} characters copied out of a {length:,}-character word"


def test_a_long_word_costs_a_few_short_measures_a_line():
    """A plain binary search over the window cost 7 measures a line; stepping out from the last break, 2 to 4.
    No measure is longer than the window (a prefix measured in full each time would be quadratic)."""
    metrics = Counting(ReportlabMetrics())
    word = random_word(300_000)
    wrapper = TextWrapper(metrics)
    lines = wrapper.wrap(word, 10.0, 184.0)
    metrics.calls = metrics.characters = metrics.longest = 0
    wrapper._wrap(word, 10.0, 184.0, False)  # again, without the whole word's first measure
    window = int(4 * 184.0 / 10.0) + 8
    assert metrics.longest <= max(window, MEASURE_CHUNK)
    assert metrics.calls <= 4 * len(lines), f"{metrics.calls / len(lines):.1f} measures a line"
    assert metrics.characters <= 4 * window * len(lines)


def test_text_longer_than_a_chunk_is_measured_in_pieces():
    """No metrics is asked about more than MEASURE_CHUNK characters at once, and the pieces add up."""
    metrics = Counting(ReportlabMetrics())
    wrapper = TextWrapper(metrics)
    text = random_word(5 * MEASURE_CHUNK + 17)
    assert wrapper.measure(text, 9.0) == pytest.approx(ReportlabMetrics().width(text, 9.0), rel=1e-12)
    assert metrics.calls == 6 and metrics.longest == MEASURE_CHUNK
    wrapper.wrap(random_word(1_000_000) + " end", 10.0, 184.0)
    assert metrics.longest <= MEASURE_CHUNK


def test_the_canvas_wraps_a_million_character_word_into_lines_that_fit(qapp):
    """Qt's advances are 26.6 fixed point: a 1,000,000-character word measured in one piece came out negative,
    so it 'fitted' on a single line of the canvas. Measured in pieces, it wraps like any other word."""
    from app.ui.fonts import QtTextMetrics

    metrics = QtTextMetrics()
    word = random_word(1_000_000)
    assert metrics.width(word[:MEASURE_CHUNK], 10.0) > 0
    lines = TextWrapper(metrics).wrap(word, 10.0, 184.0)
    assert len(lines) > 20_000 and "".join(lines) == word
    assert all(metrics.width(line, 10.0) <= 184.0 for line in lines[::97])


class ZeroWidthSpaces:
    """Mono metrics in which U+200B (zero width space, not a break for the wrapper) takes no width, as in fonts."""

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return (len(text) - text.count("\u200b")) * size * 0.6


def test_a_word_whose_whole_window_fits_still_breaks_where_the_plain_greedy_wrap_breaks_it():
    """Zero-width characters let a whole window of the word fit one line after a short break: the search
    stepping out from that break reaches the window's end and stops there."""
    metrics = ZeroWidthSpaces()
    word = "W" * 40 + "\u200b" * 200 + "W" * 40
    lines = TextWrapper(metrics).wrap(word, 10.0, 60.0)
    assert lines == greedy_wrap(metrics, word, 10.0, 60.0)
    assert "".join(lines) == word and all(metrics.width(line, 10.0) <= 60.0 for line in lines)


def test_a_word_on_a_line_wider_than_a_chunk_is_never_measured_more_than_a_chunk_at_once():
    """A line of 5,000 characters (a poster's tiny scale on a wide sheet): the prefixes tried to break the word
    are longer than MEASURE_CHUNK and are measured in pieces too, as Qt cannot measure them in one."""
    metrics = Counting(MonoMetrics())
    word = random_word(50_000)
    lines = TextWrapper(metrics).wrap(word, 1.0, 3000.0)
    assert "".join(lines) == word and [len(line) for line in lines] == [5000] * 10
    assert metrics.longest <= MEASURE_CHUNK
