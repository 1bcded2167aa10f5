"""Files sealed at rest, one chunk at a time: the backups' and the record exports' format.

A stream is cut into chunks; each is sealed with AES-256-GCM under a key derived for the
file alone (HKDF-SHA256 from the practice's key, the file's random salt and what the file
is for). A chunk's nonce is its number and whether it is the last, and its associated
data is what the file is bound to (the backup's header, the export's id): a chunk changed,
reordered or dropped, a file cut short or moved to another's place fails its check.

On disk each chunk is a 4-byte big-endian length, its top bit set on the last chunk, then
the ciphertext and its 16-byte tag. Writing and reading hold one chunk at a time, so
memory stays bounded whatever the size of the file.
"""

import struct
import zlib
from collections.abc import Iterator
from typing import IO, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_LENGTH = struct.Struct(">I")
_LAST = 0x8000_0000
_TAG_BYTES = 16


def file_key(key: bytes, salt: bytes, purpose: bytes) -> AESGCM:
    """The file's own key: `key` stretched with the file's `salt` for one `purpose`."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose)
    return AESGCM(hkdf.derive(key))


def _nonce(number: int, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _longest_sealed(chunk_size: int, compressed: bool) -> int:
    # zlib can grow incompressible data a little; anything longer than this is not ours.
    grown = chunk_size + chunk_size // 100 + 1024 if compressed else chunk_size
    return grown + _TAG_BYTES


class Broken(Exception):
    """Why a sealed stream did not open, at its chunk `chunk` (counted from 1):
    `cut` (it ends before its last chunk), `incomplete` (it ends inside a chunk),
    `damaged` (a chunk fails its check), `trailing` (bytes after the last chunk)."""

    def __init__(self, why: Literal["cut", "incomplete", "damaged", "trailing"], chunk: int):
        super().__init__(f"{why} at chunk {chunk}")
        self.why = why
        self.chunk = chunk


class ChunkWriter:
    """Seals what is written to it into `out`; `close` seals the last chunk (a file
    without it reads as cut short). `size` counts the bytes it has written to `out`."""

    def __init__(
        self,
        out: IO[bytes],
        aead: AESGCM,
        bound_to: bytes,
        *,
        chunk_size: int,
        compress: bool = False,
    ) -> None:
        self._out = out
        self._aead = aead
        self._bound_to = bound_to
        self._chunk_size = chunk_size
        self._compress = compress
        self._pending = bytearray()
        self._number = 0
        self.size = 0

    def write(self, data: bytes) -> int:
        self._pending += data
        # Keep something back, so the last chunk is always sealed as the last.
        while len(self._pending) > self._chunk_size:
            self._seal(bytes(self._pending[: self._chunk_size]), last=False)
            del self._pending[: self._chunk_size]
        return len(data)

    def close(self) -> None:
        self._seal(bytes(self._pending), last=True)
        self._pending.clear()

    def _seal(self, plain: bytes, *, last: bool) -> None:
        body = zlib.compress(plain, 6) if self._compress else plain
        sealed = self._aead.encrypt(_nonce(self._number, last), body, self._bound_to)
        self._out.write(_LENGTH.pack(len(sealed) | (_LAST if last else 0)) + sealed)
        self.size += _LENGTH.size + len(sealed)
        self._number += 1


def read_chunks(
    source: IO[bytes],
    aead: AESGCM,
    bound_to: bytes,
    *,
    chunk_size: int,
    compressed: bool = False,
) -> Iterator[bytes]:
    """The plain contents, chunk by chunk, each checked before it is given out; Broken
    when the stream does not open whole."""
    longest = _longest_sealed(chunk_size, compressed)
    number = 0
    while True:
        prefix = source.read(_LENGTH.size)
        if len(prefix) < _LENGTH.size:
            raise Broken("cut", number + 1)
        (length,) = _LENGTH.unpack(prefix)
        last = bool(length & _LAST)
        length &= ~_LAST
        if length > longest:
            raise Broken("damaged", number + 1)
        sealed = source.read(length)
        if len(sealed) < length:
            raise Broken("incomplete", number + 1)
        try:
            body = aead.decrypt(_nonce(number, last), sealed, bound_to)
        except InvalidTag:
            raise Broken("damaged", number + 1) from None
        yield _inflate(body, chunk_size, number) if compressed else body
        if last:
            if source.read(1):
                raise Broken("trailing", number + 1)
            return
        number += 1


def _inflate(compressed: bytes, chunk_size: int, number: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        plain = inflater.decompress(compressed, chunk_size)
    except zlib.error:
        raise Broken("damaged", number + 1) from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise Broken("damaged", number + 1)
    return plain
