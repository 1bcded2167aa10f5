"""A practice's published wording of the check-in instruments, read from JSON files.

The project ships no instrument's published text: without a file, the journal asks our own
adapted wording, marked as such. A practice that holds the published wording (and the right
to use it) writes one JSON file per instrument into a folder and names the folder in the
setting ``INSTRUMENT_WORDING_DIR``; docs/instrument-wording.md describes the format.

Each file is checked against the instrument as ``questionnaires.instruments`` defines it: a known
instrument, the same number of items (and the same ids where the file gives them), the same
answer values for every item, and the same scoring method and range. Only the words change:
the title, the instructions, each item's text and each answer's label. A file that fails any
check stops the process at start-up with a ``WordingFileError`` naming the file and every
problem found in it.

A file is in English unless it says ``"language": "es"``: a practice may lay a Spanish file
(a published Spanish translation) beside the English one, and the Spanish check-in page asks
it. An instrument and language without a file keeps our own adapted wording in that
language (``questionnaires.adapted_es`` for Spanish).

No Django here: ``journal.apps`` passes the folder in at start-up.
"""

import hashlib
import json
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from questionnaires.instruments import (
    ADAPTED,
    ENGLISH,
    INSTRUMENTS,
    LANGUAGES,
    AnswerOption,
    Instrument,
    InstrumentCode,
    Item,
    Wording,
    WordingKind,
    with_wording,
)

FORMAT = 1
"""The version of the file format this module reads."""

WORDABLE = (
    InstrumentCode.PEG,
    InstrumentCode.PHQ9,
    InstrumentCode.GAD7,
    InstrumentCode.PC_PTSD5,
    InstrumentCode.PCL5,
)
"""The published instruments a practice may supply the wording of (pain now is our own)."""

_FIELDS = frozenset(
    {"format", "instrument", "title", "intro", "answers", "items", "scoring", "source"}
    | {"permission", "language"}
)
_REQUIRED = ("format", "instrument", "title", "intro", "items", "scoring", "source", "permission")
_ITEM_FIELDS = frozenset({"id", "text", "answers"})
_ANSWER_FIELDS = frozenset({"value", "label"})
_SOURCE_FIELDS = frozenset({"citation", "url", "version"})
_SCORING_FIELDS = frozenset({"method", "lowest", "highest"})


class WordingFileError(ValueError):
    """A wording file (or the folder) that cannot be used, and every reason why."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"instrument wording file {path}: " + "; ".join(problems))


type ByLanguage = dict[str, dict[InstrumentCode, Instrument]]
"""Worded instruments by language (``LANGUAGES``), then by instrument."""


def load_wording_dir(
    folder: str | PathLike[str], language: str = ENGLISH
) -> dict[InstrumentCode, Instrument]:
    """Every instrument worded in ``language`` by a ``*.json`` file in ``folder``, after
    checking every file in the folder (``load_wordings``)."""
    return load_wordings(folder)[language]


def load_wordings(folder: str | PathLike[str]) -> ByLanguage:
    """Every instrument worded by a ``*.json`` file in ``folder``, checked, by language.

    Raises ``WordingFileError`` for a missing folder, a folder with no wording file, two
    files for one instrument in one language, or any file that fails its checks.
    """
    path = Path(folder)
    if not path.is_dir():
        raise WordingFileError(path, ["the folder does not exist"])
    files = sorted(path.glob("*.json"))
    if not files:
        raise WordingFileError(path, ["the folder holds no wording file (*.json)"])
    found: ByLanguage = {language: {} for language in LANGUAGES}
    for file in files:
        instrument = load_wording_file(file)
        worded = found[instrument.wording.language]
        if instrument.code in worded:
            earlier = worded[instrument.code].wording.file
            in_language = "" if instrument.wording.language == ENGLISH else " in Spanish"
            raise WordingFileError(
                file,
                [
                    f"the {instrument.name} is already worded{in_language} by {earlier}; "
                    "keep one file"
                ],
            )
        worded[instrument.code] = instrument
    return found


def load_wording_file(file: str | PathLike[str]) -> Instrument:
    """The instrument in the wording of one file, after checking the file against it."""
    path = Path(file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise WordingFileError(path, [f"it cannot be read ({error.strerror})"]) from error
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise WordingFileError(path, ["it is not UTF-8 text"]) from error
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise WordingFileError(path, [f"it is not valid JSON ({error.msg} at {where})"]) from error
    reader = _Reader(path, hashlib.sha256(raw).hexdigest())
    instrument = reader.read(data)
    if reader.problems or instrument is None:
        raise WordingFileError(path, reader.problems)
    return instrument


def use_practice_wording(folder: str | PathLike[str]) -> ByLanguage:
    """Load the folder's wording and ask those instruments in it from now on, each in its
    language."""
    loaded = load_wordings(folder)
    INSTRUMENTS.use(*loaded.values())
    return loaded


class _Reader:
    """Reads one file's JSON, noting every problem rather than stopping at the first."""

    def __init__(self, path: Path, sha256: str) -> None:
        self.path = path
        self.sha256 = sha256
        self.problems: list[str] = []
        self._shared_checked: set[tuple[int, ...]] = set()

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def read(self, data: object) -> Instrument | None:
        if not isinstance(data, dict):
            self.problem("it must hold one JSON object")
            return None
        self._fields(data, _FIELDS, "the file")
        for name in _REQUIRED:
            if name not in data:
                self.problem(f"“{name}” is missing")
        if "format" in data and (type(data["format"]) is not int or data["format"] != FORMAT):
            self.problem(f"“format” is {data['format']!r}; this version reads format {FORMAT}")
        language = self._language(data.get("language", ENGLISH))
        code = self._instrument(data.get("instrument"))
        if code is None:
            return None
        instrument = ADAPTED[code]
        title = self._text(data.get("title"), "“title”")
        intro = self._text(data.get("intro"), "“intro”", empty_allowed=True)
        permission = self._text(data.get("permission"), "“permission”")
        source = self._source(data.get("source"))
        self._scoring(data.get("scoring"), instrument)
        shared = None
        if "answers" in data:
            shared = self._answers(data["answers"], "“answers”")
        if shared is not None:
            self._check_shared(shared, instrument.items[0], instrument)
        items = self._items(data.get("items"), instrument, shared)
        if self.problems or items is None:
            return None
        wording = Wording(
            WordingKind.PUBLISHED,
            f"published-{self.sha256[:12]}",
            instrument.name,
            citation=source.get("citation", ""),
            permission=permission,
            url=source.get("url", ""),
            version=source.get("version", ""),
            file=self.path.name,
            language=language,
        )
        return with_wording(instrument, wording, title=title, intro=intro, items=items)

    def _fields(self, data: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
        for name in data:
            if name not in allowed:
                known = ", ".join(sorted(allowed))
                self.problem(f"{where} has an unknown field “{name}” (known: {known})")

    def _language(self, value: object) -> str:
        if not isinstance(value, str) or value not in LANGUAGES:
            known = ", ".join(f"“{language}”" for language in LANGUAGES)
            self.problem(f"“language” is {value!r}, which is not one of {known}")
            return ENGLISH
        return value

    def _instrument(self, value: object) -> InstrumentCode | None:
        known = ", ".join(code.value for code in WORDABLE)
        if value is None:
            return None
        if not isinstance(value, str) or value not in {code.value for code in WORDABLE}:
            self.problem(f"“instrument” is {value!r}, which is not one of {known}")
            return None
        return InstrumentCode(value)

    def _text(self, value: object, where: str, *, empty_allowed: bool = False) -> str:
        if value is None:
            return ""
        if not isinstance(value, str) or not (value.strip() or empty_allowed):
            self.problem(f"{where} must be {'text' if empty_allowed else 'non-empty text'}")
            return ""
        return value.strip()

    def _source(self, value: object) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem("“source” must be an object with a “citation”")
            return {}
        self._fields(value, _SOURCE_FIELDS, "“source”")
        found = {"citation": self._text(value.get("citation"), "“source.citation”")}
        if "citation" not in value:
            self.problem("“source.citation” is missing")
        for name in ("url", "version"):
            if name in value:
                found[name] = self._text(value[name], f"“source.{name}”")
        url = found.get("url", "")
        if url and not url.startswith(("https://", "http://")):
            self.problem("“source.url” must start with https:// or http://")
        return found

    def _scoring(self, value: object, instrument: Instrument) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.problem("“scoring” must be an object with “method”, “lowest” and “highest”")
            return
        self._fields(value, _SCORING_FIELDS, "“scoring”")
        expected = instrument.scoring
        stated = (value.get("method"), value.get("lowest"), value.get("highest"))
        wanted = (expected.method.value, expected.lowest, expected.highest)
        bools = any(isinstance(part, bool) for part in stated)
        if bools or stated != wanted:
            method, lowest, highest = stated
            self.problem(
                f"“scoring” is {method!r} from {lowest!r} to {highest!r}; the {instrument.name} "
                f"is scored by {wanted[0]!r} from {wanted[1]} to {wanted[2]}"
            )

    def _answers(self, value: object, where: str) -> tuple[AnswerOption, ...] | None:
        if not isinstance(value, list) or not value:
            self.problem(f"{where} must be a list of answers, each with a “value” and a “label”")
            return None
        options: list[AnswerOption] = []
        for number, answer in enumerate(value, start=1):
            if not isinstance(answer, dict):
                self.problem(f"{where} answer {number} must be an object")
                continue
            self._fields(answer, _ANSWER_FIELDS, f"{where} answer {number}")
            answer_value = answer.get("value")
            if type(answer_value) is not int:
                self.problem(f"{where} answer {number} needs a whole-number “value”")
                continue
            label = self._text(answer.get("label"), f"{where} answer {number} “label”")
            options.append(AnswerOption(answer_value, label))
        return tuple(options)

    def _items(
        self,
        value: object,
        instrument: Instrument,
        shared: tuple[AnswerOption, ...] | None,
    ) -> tuple[tuple[str, tuple[AnswerOption, ...]], ...] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            self.problem("“items” must be a list")
            return None
        if len(value) != len(instrument.items):
            self.problem(
                f"“items” has {len(value)} items; the {instrument.name} has {len(instrument.items)}"
            )
            return None
        worded = []
        for number, (given, item) in enumerate(zip(value, instrument.items, strict=True), 1):
            where = f"item {number}"
            if not isinstance(given, dict):
                self.problem(f"{where} must be an object with a “text”")
                continue
            self._fields(given, _ITEM_FIELDS, where)
            if "id" in given and given["id"] != item.id:
                self.problem(f"{where} has the id {given['id']!r}; item {number} is {item.id!r}")
            if "text" not in given:
                self.problem(f"{where} has no “text”")
            text = self._text(given.get("text"), f"{where} “text”")
            options = (
                self._answers(given["answers"], f"{where} “answers”")
                if "answers" in given
                else shared
            )
            if options is None:
                if "answers" not in given and shared is None:
                    self.problem(f"{where} has no answers, and the file gives no shared “answers”")
                continue
            if "answers" in given:
                self._check_values(
                    options, item, f"{where} takes", f"that item of the {instrument.name} takes"
                )
            else:
                self._check_shared(options, item, instrument)
            worded.append((text, options))
        return tuple(worded)

    def _check_shared(
        self, options: tuple[AnswerOption, ...], item: Item, instrument: Instrument
    ) -> None:
        """Check the shared answers once for each set of values the items take."""
        if item.answer_values in self._shared_checked:
            return
        self._shared_checked.add(item.answer_values)
        self._check_values(options, item, "“answers” has", f"the {instrument.name}'s items take")

    def _check_values(
        self, options: tuple[AnswerOption, ...], item: Item, given: str, whose: str
    ) -> None:
        values = [option.value for option in options]
        wanted = list(item.answer_values)
        if len(set(values)) != len(values):
            self.problem(f"{given} an answer value twice ({_listed(values)})")
        elif sorted(values) != wanted:
            self.problem(f"{given} the values {_listed(sorted(values))}; {whose} {_listed(wanted)}")


def _listed(values: list[int]) -> str:
    return ", ".join(str(value) for value in values)
