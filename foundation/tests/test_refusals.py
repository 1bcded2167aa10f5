"""One shape for every refusal: a list of reasons, each a code and plain words, and no
domain app with a refusal of its own shape."""

import ast

import pytest

from foundation.refusals import Reason, Refused
from tests.source import ROOT, parsed_source

NOT_REFUSALS = {
    "foundation/refusals.py:Refused": "the one shape itself",
    "accounts/secrets.py:SecretUnreadable": "a stored secret no key opens: a fault, not a verb",
    "simulation/scenario.py:Problem": "a scenario file that will not do, read by a command",
    "operations/actions.py:Refused": "backup or restore refused to an operator at the console",
    "operations/archive.py:ArchiveError": "an archive file that is damaged, cut or foreign",
    "operations/tables.py:SnapshotError": "a database that cannot be read at one moment",
    "records/export.py:ExportRefused": "an export command's arguments that will not do",
    "records/importer.py:ImportRefused": "an export folder that cannot be imported, file by line",
    "records/stored.py:StoredRecordError": "a stored row in an export that fits no model",
    "records/sealed.py:SealBroken": "a sealed export file that is damaged or under another key",
    "foundation/sealing.py:Broken": "a sealed file that does not open, told to its reader",
}
"""Exception classes in the apps that derive from no refusal, and why."""

RULES_AND_ADAPTERS = {"clinical", "questionnaires", "integrations", "tests", "bench"}
"""The Django-free rules and the adapters sit beside or below foundation's refusals'
users and raise their own errors, which the verbs turn into refusals."""


class BookingLike(Refused):
    code = "booking"


def test_reasons_given_as_words_take_the_class_code_and_keep_their_order() -> None:
    refused = BookingLike(["No slot is free then.", Reason("too_late", "It is too late.")])

    assert refused.reasons == ["No slot is free then.", "It is too late."]
    assert refused.codes == ["booking", "too_late"]
    assert str(refused) == "No slot is free then. It is too late."
    assert [str(reason) for reason in refused.because] == refused.reasons


def test_a_plain_refused_codes_its_words_as_refused() -> None:
    with pytest.raises(Refused) as refused:
        raise Refused(["Not now."])

    assert refused.value.because == (Reason("refused", "Not now."),)


def test_one_string_is_no_list_of_reasons() -> None:
    with pytest.raises(TypeError):
        Refused("Not now.")


def domain_exception_classes() -> list[str]:
    """Every class in an app's own code that derives straight from a builtin exception."""
    found = []
    for path, tree in parsed_source(leaving_out=RULES_AND_ADAPTERS):
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id in {"Exception", "ValueError"}
                for base in node.bases
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.name}")
    return found


def test_every_domain_refusal_is_a_refused() -> None:
    own_shape = [name for name in domain_exception_classes() if name not in NOT_REFUSALS]

    assert own_shape == [], (
        "derive these from foundation.refusals.Refused (or list them in NOT_REFUSALS "
        f"with why they are no refusal): {own_shape}"
    )
