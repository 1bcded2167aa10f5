"""The sealed-file chunks refuse what they did not write: lengths no chunk can have, and
chunks that open but do not inflate to one chunk's worth."""

import io
import os

import pytest

from foundation.sealing import Broken, ChunkWriter, file_key, read_chunks

SALT = os.urandom(16)
AEAD = file_key(bytes(range(32)), SALT, b"test")
BOUND = b"file 1"


def sealed(data: bytes, *, chunk_size: int = 64, compress: bool = False) -> bytes:
    out = io.BytesIO()
    writer = ChunkWriter(out, AEAD, BOUND, chunk_size=chunk_size, compress=compress)
    writer.write(data)
    writer.close()
    assert writer.size == len(out.getvalue())
    return out.getvalue()


def opened(data: bytes, *, chunk_size: int = 64, compressed: bool = False) -> bytes:
    source = io.BytesIO(data)
    return b"".join(read_chunks(source, AEAD, BOUND, chunk_size=chunk_size, compressed=compressed))


@pytest.mark.parametrize("compress", [False, True])
def test_what_is_sealed_opens_as_it_was(compress: bool) -> None:
    data = os.urandom(200) + b"z" * 300
    assert opened(sealed(data, compress=compress), compressed=compress) == data


def test_a_length_longer_than_any_chunk_is_damage_not_a_read() -> None:
    last_chunk = (0x8000_0000 | 10_000).to_bytes(4, "big") + b"\0" * 10_000
    with pytest.raises(Broken) as broken:
        opened(last_chunk)
    assert (broken.value.why, broken.value.chunk) == ("damaged", 1)


def test_a_chunk_that_opens_but_is_not_compressed_is_damage() -> None:
    with pytest.raises(Broken) as broken:
        opened(sealed(b"plain, never compressed"), compressed=True)
    assert broken.value.why == "damaged"


def test_a_chunk_that_inflates_past_one_chunk_is_damage() -> None:
    # Sealed from 640 bytes at once: a chunk of ours never inflates past 64.
    bomb = sealed(b"a" * 640, chunk_size=1024, compress=True)
    with pytest.raises(Broken) as broken:
        opened(bomb, chunk_size=64, compressed=True)
    assert broken.value.why == "damaged"


def test_bytes_after_the_last_chunk_are_refused() -> None:
    with pytest.raises(Broken) as broken:
        opened(sealed(b"short") + b"more")
    assert broken.value.why == "trailing"
