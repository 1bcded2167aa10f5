"""Export files sealed at rest: AES-GCM in chunks, so neither sealing nor opening a file
holds more than one chunk in memory.

A sealed file is the magic line, a random 16-byte salt, then chunks, each a 4-byte length
and the ciphertext. The file's key is derived (HKDF-SHA256) from the practice's key and
the salt; a chunk's nonce is its number and whether it is the last, so chunks cannot be
reordered, dropped or cut off at the end unnoticed. The associated data names the export
the file belongs to, so a file moved to another export's place does not open.
"""

import base64
import hashlib
import os
import struct
from collections.abc import Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"ketaclinic sealed export 1\n"
SALT_BYTES = 16
CHUNK = 64 * 1024
_LENGTH = struct.Struct(">I")


class SealBroken(Exception):
    """The file was changed, cut short, or sealed under another key or for another export."""


def practice_key() -> bytes:
    """RECORD_EXPORT_KEY, or a key derived from SECRET_KEY where none is set."""
    configured = settings.RECORD_EXPORT_KEY
    if configured:
        return base64.b64decode(configured)
    return hashlib.sha256(b"ketaclinic record exports\0" + settings.SECRET_KEY.encode()).digest()


def _file_key(salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"record export")
    return AESGCM(hkdf.derive(practice_key()))


def _nonce(number: int, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class SealedWriter:
    """A write-only binary stream that seals what it is given into `out`.

    It tells its position (so `zipfile` can write into it) but cannot seek; `close` seals
    the last chunk and must be called, or the file will not open.
    """

    def __init__(self, out: IO[bytes], bound_to: str) -> None:
        self._out = out
        self._aad = bound_to.encode()
        salt = os.urandom(SALT_BYTES)
        self._aead = _file_key(salt)
        self._buffer = bytearray()
        self._number = 0
        self._position = 0
        self.closed = False
        out.write(MAGIC + salt)

    def _seal(self, plain: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._number, last), plain, self._aad)
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._number += 1

    def write(self, data: bytes) -> int:
        self._buffer += data
        self._position += len(data)
        # Keep something back, so the last chunk is always sealed as the last.
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._out.flush()
            self.closed = True


class SealedTextWriter:
    """The same, taking text (UTF-8), for writers such as `write_patient_bundle`."""

    def __init__(self, sealed: SealedWriter) -> None:
        self._sealed = sealed

    def write(self, text: str) -> int:
        self._sealed.write(text.encode("utf-8"))
        return len(text)


def _read_exactly(source: IO[bytes], size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise SealBroken("The file ends in the middle of a chunk.")
    return data


def unseal(source: IO[bytes], bound_to: str) -> Iterator[bytes]:
    """The plain bytes of a sealed file, chunk by chunk; SealBroken if any chunk fails."""
    if source.read(len(MAGIC)) != MAGIC:
        raise SealBroken("This is not a sealed export file.")
    aead = _file_key(_read_exactly(source, SALT_BYTES))
    aad = bound_to.encode()
    header = source.read(_LENGTH.size)
    number = 0
    while header:
        if len(header) != _LENGTH.size:
            raise SealBroken("The file ends in the middle of a chunk.")
        sealed = _read_exactly(source, _LENGTH.unpack(header)[0])
        header = source.read(_LENGTH.size)
        try:
            yield aead.decrypt(_nonce(number, last=not header), sealed, aad)
        except InvalidTag:
            raise SealBroken("A chunk does not open: changed, reordered or cut short.") from None
        number += 1
    if number == 0:
        raise SealBroken("The file holds no chunk.")
