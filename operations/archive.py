"""The encrypted archive: a short header, then the contents in authenticated chunks.

Layout (integers big-endian):

    magic     b"KCBACKUP"                                   8 bytes
    version   FORMAT_VERSION                                2 bytes
    salt      random, one per archive                       16 bytes
    key id    which key made it (HMAC-SHA256 of the key)    16 bytes
    chunks    each: 4-byte length (top bit set on the last chunk), then the
              AES-256-GCM ciphertext of up to CHUNK_SIZE bytes of contents,
              compressed with zlib, with its 16-byte tag

The chunk key is derived from the operator's key and the salt (HKDF-SHA256), so each
archive has a key of its own. A chunk's nonce is its number and whether it is the last,
and the header is the associated data of every chunk: a chunk changed, reordered or
dropped, a header altered, or an archive cut short fails its check. Writing and reading
hold one chunk at a time, so memory stays bounded whatever the size of the practice.

Inside, the contents are a sequence of records: a kind (one byte), a length (4 bytes)
and a payload (operations/backup.py says what each kind holds).
"""

import hashlib
import hmac
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"KCBACKUP"
FORMAT_VERSION = 1
_HEADER = struct.Struct(">8sH16s16s")
CHUNK_SIZE = 1024 * 1024
_LAST = 0x8000_0000
_TAG_BYTES = 16
# zlib can grow incompressible data a little; anything longer than this is not ours.
_MAX_SEALED = CHUNK_SIZE + CHUNK_SIZE // 100 + 1024 + _TAG_BYTES
_RECORD = struct.Struct(">cI")
MAX_RECORD = 64 * 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be read: not one of ours, another key, damaged or cut short."""


def key_id(key: bytes) -> bytes:
    return hmac.new(key, b"ketaclinic backup key id", hashlib.sha256).digest()[:16]


def _chunk_key(key: bytes, salt: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"ketaclinic backup v1")
    return hkdf.derive(key)


def _nonce(number: int, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class ArchiveWriter:
    """Encrypts what is written to it into `out`, one chunk at a time; `close` seals
    the last chunk (an archive without it reads as truncated)."""

    def __init__(self, out: BinaryIO, key: bytes, salt: bytes) -> None:
        self._header = _HEADER.pack(MAGIC, FORMAT_VERSION, salt, key_id(key))
        self._aead = AESGCM(_chunk_key(key, salt))
        self._out = out
        self._pending = bytearray()
        self._number = 0
        self.size = len(self._header)
        out.write(self._header)

    def write(self, data: bytes) -> None:
        self._pending += data
        # Keep at least one byte back, so the last chunk is never empty by accident of size.
        while len(self._pending) > CHUNK_SIZE:
            self._seal(bytes(self._pending[:CHUNK_SIZE]), last=False)
            del self._pending[:CHUNK_SIZE]

    def write_record(self, kind: bytes, payload: bytes) -> None:
        if len(payload) > MAX_RECORD:
            raise ArchiveError(f"a record of {len(payload):,} bytes is larger than archives allow")
        self.write(_RECORD.pack(kind, len(payload)) + payload)

    def close(self) -> None:
        self._seal(bytes(self._pending), last=True)
        self._pending.clear()

    def _seal(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(
            _nonce(self._number, last), zlib.compress(plain, 6), self._header
        )
        self._out.write(struct.pack(">I", len(sealed) | (_LAST if last else 0)) + sealed)
        self.size += 4 + len(sealed)
        self._number += 1


def _read_header(source: BinaryIO, keys: Sequence[bytes]) -> tuple[bytes, bytes]:
    """The header and the key that made the archive."""
    header = source.read(_HEADER.size)
    if len(header) < _HEADER.size or not header.startswith(MAGIC):
        raise ArchiveError("This file is not a ketaclinic backup (it does not start like one).")
    _magic, version, _salt, made_with = _HEADER.unpack(header)
    if version != FORMAT_VERSION:
        raise ArchiveError(
            f"This backup is in format version {version}; this release reads version "
            f"{FORMAT_VERSION}. Restore it with the release that made it."
        )
    for key in keys:
        if hmac.compare_digest(key_id(key), made_with):
            return header, key
    raise ArchiveError(
        "None of the keys in BACKUP_ENCRYPTION_KEY opens this backup: it was made with "
        "another key. Add that key to the list (after the current one) and try again."
    )


def read_chunks(source: BinaryIO, keys: Sequence[bytes]) -> Iterator[bytes]:
    """The archive's contents, chunk by chunk, each checked before it is given out.
    Raises ArchiveError on another key, a damaged chunk or a missing end."""
    header, key = _read_header(source, keys)
    _magic, _version, salt, _made_with = _HEADER.unpack(header)
    aead = AESGCM(_chunk_key(key, salt))
    number = 0
    while True:
        prefix = source.read(4)
        if len(prefix) < 4:
            raise ArchiveError(
                f"This backup is cut short: it ends after {number} chunks, before its last one."
            )
        (length,) = struct.unpack(">I", prefix)
        last = bool(length & _LAST)
        length &= ~_LAST
        if length > _MAX_SEALED:
            raise _damaged(number)
        sealed = source.read(length)
        if len(sealed) < length:
            raise ArchiveError(f"This backup is cut short: its chunk {number + 1} is incomplete.")
        try:
            compressed = aead.decrypt(_nonce(number, last), sealed, header)
        except InvalidTag:
            raise _damaged(number) from None
        yield _decompress(compressed, number)
        if last:
            if source.read(1):
                raise ArchiveError("This backup has data after its end; it is damaged.")
            return
        number += 1


def _decompress(compressed: bytes, number: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        plain = inflater.decompress(compressed, CHUNK_SIZE)
    except zlib.error:
        raise _damaged(number) from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise _damaged(number)
    return plain


def _damaged(number: int) -> ArchiveError:
    return ArchiveError(
        f"This backup is damaged: its chunk {number + 1} fails its integrity check."
    )


def read_records(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """The (kind, payload) records in the archive's contents."""
    pending = bytearray()
    for chunk in chunks:
        pending += chunk
        start = 0
        while len(pending) - start >= _RECORD.size:
            kind, length = _RECORD.unpack_from(pending, start)
            if length > MAX_RECORD:
                raise ArchiveError("This backup holds a record larger than archives allow.")
            end = start + _RECORD.size + length
            if len(pending) < end:
                break
            yield kind, bytes(pending[start + _RECORD.size : end])
            start = end
        del pending[:start]
    if pending:
        raise ArchiveError("This backup ends inside a record; it is damaged.")
