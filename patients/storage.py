"""Private files: the project's default storage (var/private/), with no URL at all.

Anything stored here leaves only through a view that checks who is asking; a
template or a serializer that asks for `.url` gets an error, never an address.
"""

import datetime
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible


@deconstructible(path="patients.storage.PrivateStorage")
class PrivateStorage(Storage):
    @property
    def _inner(self) -> Storage:
        return storages["default"]

    def _open(self, name: str, mode: str = "rb") -> File:
        return self._inner.open(name, mode)

    def _save(self, name: str, content: IO[Any]) -> str:
        return self._inner.save(name, content)

    def delete(self, name: str) -> None:
        self._inner.delete(name)

    def exists(self, name: str) -> bool:
        return self._inner.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self._inner.listdir(path)

    def size(self, name: str) -> int:
        return self._inner.size(name)

    def path(self, name: str) -> str:
        return self._inner.path(name)

    def get_modified_time(self, name: str) -> datetime.datetime:
        return self._inner.get_modified_time(name)

    def url(self, name: str | None) -> str:
        raise ValueError(
            "Private files are not accessible via a URL: serve them through a view that "
            "checks access."
        )
