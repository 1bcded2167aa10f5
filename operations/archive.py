"""The encrypted archive: a short header, then the contents in authenticated chunks.

Layout (integers big-endian):

    magic     b"KCBACKUP"                                   8 bytes
    version   FORMAT_VERSION                                2 bytes
    salt      random, one per archive                       16 bytes
    key id    which key made it (HMAC-SHA256 of the key)    16 bytes
    chunks    each: 4-byte length (top bit set on the last chunk), then the
              AES-256-GCM ciphertext of up to CHUNK_SIZE bytes of contents,
              compressed with zlib, with its 16-byte tag

The chunks are foundation/sealing.py's: their key is derived from the operator's key and
the salt (HKDF-SHA256), so each archive has a key of its own; a chunk's nonce is its
number and whether it is the last, and the header is the associated data of every chunk:
a chunk changed, reordered or dropped, a header altered, or an archive cut short fails
its check. Writing and reading
hold one chunk at a time, so memory stays bounded whatever the size of the practice.

Inside, the contents are a sequence of records: a kind (one byte), a length (4 bytes)
and a payload (operations/backup.py says what each kind holds).
"""

import hashlib
import hmac
import struct
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

from foundation.sealing import Broken, ChunkWriter, file_key
from foundation.sealing import read_chunks as read_sealed

MAGIC = b"KCBACKUP"
FORMAT_VERSION = 1
_HEADER = struct.Struct(">8sH16s16s")
CHUNK_SIZE = 1024 * 1024
_PURPOSE = b"ketaclinic backup v1"
_RECORD = struct.Struct(">cI")
MAX_RECORD = 64 * 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be read: not one of ours, another key, damaged or cut short."""


def key_id(key: bytes) -> bytes:
    return hmac.new(key, b"ketaclinic backup key id", hashlib.sha256).digest()[:16]


class ArchiveWriter:
    """Encrypts what is written to it into `out`, one chunk at a time; `close` seals
    the last chunk (an archive without it reads as truncated)."""

    def __init__(self, out: BinaryIO, key: bytes, salt: bytes) -> None:
        header = _HEADER.pack(MAGIC, FORMAT_VERSION, salt, key_id(key))
        out.write(header)
        self._header_size = len(header)
        self._chunks = ChunkWriter(
            out, file_key(key, salt, _PURPOSE), header, chunk_size=CHUNK_SIZE, compress=True
        )

    @property
    def size(self) -> int:
        return self._header_size + self._chunks.size

    def write(self, data: bytes) -> None:
        self._chunks.write(data)

    def write_record(self, kind: bytes, payload: bytes) -> None:
        if len(payload) > MAX_RECORD:
            raise ArchiveError(f"a record of {len(payload):,} bytes is larger than archives allow")
        self.write(_RECORD.pack(kind, len(payload)) + payload)

    def close(self) -> None:
        self._chunks.close()


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
    aead = file_key(key, salt, _PURPOSE)
    try:
        yield from read_sealed(source, aead, header, chunk_size=CHUNK_SIZE, compressed=True)
    except Broken as broken:
        why = _WHY[broken.why].format(chunk=broken.chunk, read=broken.chunk - 1)
        raise ArchiveError(why) from None


_WHY = {
    "cut": "This backup is cut short: it ends after {read} chunks, before its last one.",
    "incomplete": "This backup is cut short: its chunk {chunk} is incomplete.",
    "damaged": "This backup is damaged: its chunk {chunk} fails its integrity check.",
    "trailing": "This backup has data after its end; it is damaged.",
}


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
