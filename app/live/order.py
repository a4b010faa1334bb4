"""Positions that stay stable when several people move items at once: fractional indices.

Each item of a shared list carries a key, a string that sorts between its
neighbours' keys. Moving an item gives it a new key between its new
neighbours and touches nothing else, so two people moving two different items
at once both get what they did. Keys use the 62 ASCII letters and digits in
their byte order and never end in the lowest digit, so there is always room
between two keys. Two items given the same key at once (two inserts at one
place) are ordered by their ids, the same way on every computer.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.merge.diff import kept_in_order

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_VALUE = {digit: value for value, digit in enumerate(DIGITS)}
_BASE = len(DIGITS)


def key_between(low: str | None, high: str | None) -> str:
    """A key that sorts after ``low`` and before ``high`` (None: no bound on that side)."""
    low = low or ""
    if high is not None and not low < high:
        raise ValueError(f"no key between {low!r} and {high!r}: they are not in order")
    return _midpoint(low, high)


def _midpoint(low: str, high: str | None) -> str:
    if high is not None:
        shared = 0
        while shared < len(high) and (low[shared] if shared < len(low) else DIGITS[0]) == high[shared]:
            shared += 1
        if shared:
            return high[:shared] + _midpoint(low[shared:], high[shared:])
    low_digit = _VALUE[low[0]] if low else 0
    high_digit = _VALUE[high[0]] if high else _BASE
    if high_digit - low_digit > 1:
        return DIGITS[(low_digit + high_digit + 1) // 2]
    if high is not None and len(high) > 1:
        return high[:1]
    return DIGITS[low_digit] + _midpoint(low[1:], None)


def keys_between(low: str | None, high: str | None, count: int) -> list[str]:
    """``count`` keys in order between two bounds, their length growing with log(count), not count."""
    if count <= 0:
        return []
    middle = key_between(low, high)
    before = count // 2
    return [*keys_between(low, middle, before), middle, *keys_between(middle, high, count - before - 1)]


def rekeyed(ids: Sequence[str], keys: dict[str, str]) -> dict[str, str]:
    """New keys for the fewest items so that sorting by (key, id) gives the order of ``ids``.

    ``keys`` holds the items' current keys (an item without one is new). The
    longest run of items whose keys already rise in the wanted order keeps its
    keys; every other item gets a key between its kept neighbours.
    """
    placed = [item for item in ids if item in keys]
    kept_ids = kept_in_order(placed, keys)
    kept = {position for position, item in enumerate(ids) if item in kept_ids}
    changed: dict[str, str] = {}
    start = 0
    while start < len(ids):
        if start in kept:
            start += 1
            continue
        end = start
        while end < len(ids) and end not in kept:
            end += 1
        low = keys[ids[start - 1]] if start > 0 else None
        high = keys[ids[end]] if end < len(ids) else None
        for item, key in zip(ids[start:end], keys_between(low, high, end - start), strict=True):
            changed[item] = key
        start = end
    return changed
