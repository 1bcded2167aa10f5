"""The encrypted archive reads back exactly what was written, and only with its key; a
changed byte, a dropped or cut chunk, or bytes added at the end are refused, never read."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from operations.archive import (
    CHUNK_SIZE,
    MAGIC,
    ArchiveError,
    ArchiveWriter,
    read_chunks,
    read_records,
)
from operations.keys import parse_backup_keys

ROOT = Path(__file__).resolve().parent.parent.parent
KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
HEADER_BYTES = 8 + 2 + 16 + 16
# More than two chunks of contents, partly incompressible, so the archive has several.
BIG = os.urandom(CHUNK_SIZE) + b"x" * CHUNK_SIZE + os.urandom(1000)
RECORDS = [(b"H", b'{"format":1}'), (b"D", BIG), (b"R", b"[[1,2]]"), (b"E", b"{}")]


def archive(records: list[tuple[bytes, bytes]] = RECORDS, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    writer = ArchiveWriter(out, key, os.urandom(16))
    for kind, payload in records:
        writer.write_record(kind, payload)
    writer.close()
    assert writer.size == len(out.getvalue())
    return out.getvalue()


def read_back(data: bytes, keys: list[bytes] | None = None) -> list[tuple[bytes, bytes]]:
    return list(read_records(read_chunks(io.BytesIO(data), keys or [KEY])))


def chunk_offsets(data: bytes) -> list[int]:
    """Where each sealed chunk starts."""
    offsets, at = [], HEADER_BYTES
    while at < len(data):
        offsets.append(at)
        at += 4 + (int.from_bytes(data[at : at + 4], "big") & 0x7FFF_FFFF)
    return offsets


def test_it_reads_back_every_record_as_written() -> None:
    data = archive()
    assert data.startswith(MAGIC)
    assert len(chunk_offsets(data)) == 3
    assert read_back(data) == RECORDS


def test_the_contents_are_not_readable_without_the_key() -> None:
    text = b"Maria Lopez, born 1984-03-02, photo ID attached"
    data = archive([(b"R", text * 50)])
    assert b"Maria" not in data
    assert len(data) < len(text) * 50  # compressed before it is encrypted


def test_two_archives_of_the_same_contents_differ() -> None:
    assert archive([(b"R", b"same")]) != archive([(b"R", b"same")])


def test_it_opens_with_an_older_key_in_the_list() -> None:
    data = archive(key=OTHER_KEY)
    assert read_back(data, [KEY, OTHER_KEY]) == RECORDS


def test_another_key_is_refused_before_anything_is_read() -> None:
    with pytest.raises(ArchiveError, match="None of the keys in BACKUP_ENCRYPTION_KEY opens"):
        read_back(archive(), [OTHER_KEY])


@pytest.mark.parametrize("where", ["header salt", "first chunk", "middle chunk", "last chunk"])
def test_a_changed_byte_is_refused(where: str) -> None:
    data = bytearray(archive())
    offsets = chunk_offsets(bytes(data))
    position = {
        "header salt": 12,
        "first chunk": offsets[0] + 40,
        "middle chunk": offsets[1] + 1000,
        "last chunk": len(data) - 1,
    }[where]
    data[position] ^= 0x01
    with pytest.raises(ArchiveError, match="damaged: its chunk"):
        read_back(bytes(data))


def test_a_dropped_chunk_is_refused() -> None:
    data = archive()
    _first, second, third = chunk_offsets(data)
    with pytest.raises(ArchiveError, match="damaged: its chunk 2 fails"):
        read_back(data[:second] + data[third:])


@pytest.mark.parametrize("keep", ["header only", "whole chunks", "half a chunk", "all but one"])
def test_a_cut_archive_is_refused(keep: str) -> None:
    data = archive()
    offsets = chunk_offsets(data)
    length = {
        "header only": HEADER_BYTES,
        "whole chunks": offsets[2],
        "half a chunk": offsets[0] + 5000,
        "all but one": len(data) - 1,
    }[keep]
    with pytest.raises(ArchiveError, match="cut short"):
        read_back(data[:length])


def test_bytes_after_the_end_are_refused() -> None:
    with pytest.raises(ArchiveError, match="data after its end"):
        read_back(archive() + b"\x00")


def test_a_file_that_is_not_a_backup_is_refused() -> None:
    with pytest.raises(ArchiveError, match="not a ketaclinic backup"):
        read_back(b"PGDMP" + bytes(100))


def test_a_later_format_is_refused_by_name() -> None:
    data = bytearray(archive())
    data[8:10] = (2).to_bytes(2, "big")
    with pytest.raises(ArchiveError, match="format version 2; this release reads version 1"):
        read_back(bytes(data))


def test_a_record_cut_inside_its_chunk_is_refused() -> None:
    out = io.BytesIO()
    writer = ArchiveWriter(out, KEY, os.urandom(16))
    writer.write(b"R\x00\x00\x00\x10short")  # says 16 bytes follow, holds 5
    writer.close()
    with pytest.raises(ArchiveError, match="ends inside a record"):
        read_back(out.getvalue())


def test_keys_are_read_newest_first() -> None:
    assert parse_backup_keys("") == []
    assert parse_backup_keys("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=") == [KEY]
    assert parse_backup_keys(
        " AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=,AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    ) == [OTHER_KEY, KEY]


@pytest.mark.parametrize(
    ("value", "problem"),
    [("c2hvcnQ=", "key 1 is 5 bytes long, not 32"), ("not base64!", "key 1 is not base64")],
)
def test_a_wrong_key_is_refused_by_what_is_wrong(value: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_backup_keys(value)


def test_a_wrong_key_stops_the_process_at_start_up() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ketaclinic.settings",
            "BACKUP_ENCRYPTION_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,c2hvcnQ=",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "BACKUP_ENCRYPTION_KEY: key 2 is 5 bytes long, not 32" in result.stderr
