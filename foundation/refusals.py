"""One shape for a verb's refusal: every reason it will not do what was asked.

A verb that refuses raises `Refused` (or an app's subclass of it) with a list of
`Reason`s, each a short code that a program or a test can match and the plain words a
person reads. A view shows each reason's words; nothing was changed.

An app's subclass names the verbs it refuses for and its `code`, the code a reason
given only as words gets (most refusals have one cause that the words already say).
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a refusal: a short code and the plain words a person reads."""

    code: str
    words: str

    def __str__(self) -> str:
        return self.words


class Refused(Exception):
    """A verb refused; `because` holds every reason, `reasons` their words."""

    code = "refused"
    """The code of a reason given only as words."""

    def __init__(self, reasons: Iterable[Reason | str]) -> None:
        if isinstance(reasons, str):
            raise TypeError("A refusal takes a list of reasons, not one string.")
        self.because: tuple[Reason, ...] = tuple(
            reason if isinstance(reason, Reason) else Reason(self.code, reason)
            for reason in reasons
        )
        super().__init__(" ".join(reason.words for reason in self.because))

    @property
    def reasons(self) -> list[str]:
        """Each reason in plain words, in order."""
        return [reason.words for reason in self.because]

    @property
    def codes(self) -> Collection[str]:
        """Each reason's code, in order."""
        return [reason.code for reason in self.because]
