"""Export files sealed at rest, in foundation/sealing.py's authenticated chunks, so
neither sealing nor opening a file holds more than one chunk in memory.

A sealed file is the magic line, a random 16-byte salt, then the chunks. The file's key is
derived from the practice's key and the salt; every chunk is bound to the export the file
belongs to, so a file moved to another export's place does not open.
"""

import base64
import hashlib
import os
from collections.abc import Iterator
from typing import IO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from foundation.sealing import Broken, ChunkWriter, file_key, read_chunks

MAGIC = b"ketaclinic sealed export 2\n"
SALT_BYTES = 16
CHUNK = 64 * 1024
_PURPOSE = b"record export"


class SealBroken(Exception):
    """The file was changed, cut short, or sealed under another key or for another export."""


def practice_key() -> bytes:
    """RECORD_EXPORT_KEY, or a key derived from SECRET_KEY where none is set."""
    configured = settings.RECORD_EXPORT_KEY
    if configured:
        return base64.b64decode(configured)
    return hashlib.sha256(b"ketaclinic record exports\0" + settings.SECRET_KEY.encode()).digest()


def _file_key(salt: bytes) -> AESGCM:
    return file_key(practice_key(), salt, _PURPOSE)


class SealedWriter:
    """A write-only binary stream that seals what it is given into `out`.

    It tells its position (so `zipfile` can write into it) but cannot seek; `close` seals
    the last chunk and must be called, or the file will not open.
    """

    def __init__(self, out: IO[bytes], bound_to: str) -> None:
        self._out = out
        salt = os.urandom(SALT_BYTES)
        out.write(MAGIC + salt)
        self._chunks = ChunkWriter(out, _file_key(salt), bound_to.encode(), chunk_size=CHUNK)
        self._position = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self._position += self._chunks.write(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self.closed:
            self._chunks.close()
            self._out.flush()
            self.closed = True


class SealedTextWriter:
    """The same, taking text (UTF-8), for writers such as `write_patient_bundle`."""

    def __init__(self, sealed: SealedWriter) -> None:
        self._sealed = sealed

    def write(self, text: str) -> int:
        self._sealed.write(text.encode("utf-8"))
        return len(text)


def unseal(source: IO[bytes], bound_to: str) -> Iterator[bytes]:
    """The plain bytes of a sealed file, chunk by chunk; SealBroken if any chunk fails."""
    if source.read(len(MAGIC)) != MAGIC:
        raise SealBroken("This is not a sealed export file.")
    salt = source.read(SALT_BYTES)
    if len(salt) != SALT_BYTES:
        raise SealBroken("The file ends before its first chunk.")
    try:
        yield from read_chunks(source, _file_key(salt), bound_to.encode(), chunk_size=CHUNK)
    except Broken as broken:
        raise SealBroken(_WHY[broken.why].format(chunk=broken.chunk)) from None


_WHY = {
    "cut": "The file ends before its last chunk.",
    "incomplete": "The file ends in the middle of chunk {chunk}.",
    "damaged": "Chunk {chunk} does not open: changed, reordered, or under another key.",
    "trailing": "The file has bytes after its last chunk.",
}
