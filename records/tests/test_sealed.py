"""Export files sealed at rest: what goes in comes out whole, and nothing else opens."""

import io
import os

import pytest

from records import sealed
from records.sealed import SealBroken, SealedWriter, unseal


def seal(plain: bytes, bound_to: str = "export-1", pieces: int = 7) -> bytes:
    out = io.BytesIO()
    writer = SealedWriter(out, bound_to)
    step = max(1, len(plain) // pieces)
    for start in range(0, len(plain), step):
        writer.write(plain[start : start + step])
    writer.close()
    return out.getvalue()


def opened(data: bytes, bound_to: str = "export-1") -> bytes:
    return b"".join(unseal(io.BytesIO(data), bound_to))


@pytest.mark.parametrize("size", [0, 1, sealed.CHUNK, sealed.CHUNK + 1, 3 * sealed.CHUNK + 17])
def test_what_is_sealed_opens_whole(size: int) -> None:
    plain = os.urandom(size)
    data = seal(plain)
    assert opened(data) == plain
    assert size < 64 or plain[:64] not in data


def test_a_changed_byte_does_not_open() -> None:
    data = bytearray(seal(b"x" * (2 * sealed.CHUNK)))
    data[-5] ^= 1
    with pytest.raises(SealBroken):
        opened(bytes(data))


def test_a_file_cut_after_a_whole_chunk_does_not_open() -> None:
    data = seal(b"y" * (2 * sealed.CHUNK + 10))
    first_chunk_end = len(sealed.MAGIC) + sealed.SALT_BYTES + 4 + sealed.CHUNK + 16
    with pytest.raises(SealBroken):
        opened(data[:first_chunk_end])
    with pytest.raises(SealBroken):
        opened(data[:-3])


def test_a_file_moved_to_another_export_does_not_open() -> None:
    with pytest.raises(SealBroken):
        opened(seal(b"the record"), bound_to="export-2")


def test_another_key_does_not_open_it(settings: object) -> None:
    data = seal(b"the record")
    settings.RECORD_EXPORT_KEY = "MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA="  # type: ignore[attr-defined]
    with pytest.raises(SealBroken):
        opened(data)


def test_a_file_that_is_not_sealed_is_refused() -> None:
    with pytest.raises(SealBroken):
        opened(b'{"resourceType":"Bundle"}')
    with pytest.raises(SealBroken):
        opened(sealed.MAGIC + b"\0" * sealed.SALT_BYTES)
