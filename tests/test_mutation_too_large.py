"""A file over a reader's limit is refused with a FileTooLargeError that carries the size found and the limit it
was held to, so that a reader of something else than a map (a logo) can word the refusal with both."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.model.fileformat import MAX_FILE_BYTES, FileTooLargeError, MapFileError, read_regular_file


@pytest.mark.parametrize("limit", [0, 1, 10, 4096])
def test_a_file_a_byte_over_the_limit_is_refused_with_its_size_and_the_limit(tmp_path: Path, limit: int):
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * (limit + 1))
    with pytest.raises(FileTooLargeError) as caught:
        read_regular_file(path, limit)
    assert isinstance(caught.value, MapFileError)
    assert (caught.value.size, caught.value.limit) == (limit + 1, limit)
    path.write_bytes(b"x" * limit)
    assert read_regular_file(path, limit) == b"x" * limit


def test_the_error_keeps_what_it_was_made_with(tmp_path: Path):
    error = FileTooLargeError(tmp_path / "map.json", 70_000_000, MAX_FILE_BYTES)
    assert (error.size, error.limit) == (70_000_000, MAX_FILE_BYTES)
    assert "70 MB" in str(error) and "67 MB" in str(error)
