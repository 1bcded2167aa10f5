"""The local PDMP gateway: it records the clinician's attested look-up and nothing more."""

import datetime as dt

import pytest

from integrations.pdmp import PdmpGateway, PdmpReport
from integrations.pdmp.local import LONGEST_REFERENCE, LocalPdmp

CHECKED_AT = dt.datetime(2026, 6, 15, 13, 0, tzinfo=dt.UTC)


def at_checked_at() -> dt.datetime:
    return CHECKED_AT


def gateway(reference: str = "EF-2026-0001", summary: str = "No other prescribers.") -> LocalPdmp:
    return LocalPdmp(reference=reference, summary=summary, clock=at_checked_at)


def test_it_records_the_clinicians_attested_reference_and_summary() -> None:
    report = gateway(" EF-2026-0001 ", " No other prescribers. ").look_up("pt-1", "dr-1", "FL")
    assert report == PdmpReport(
        reference="EF-2026-0001",
        checked_at=CHECKED_AT,
        summary="No other prescribers.",
        state="FL",
        programme="E-FORCSE",
        patient_ref="pt-1",
        clinician_ref="dr-1",
        attested=True,
    )


def test_it_names_new_jerseys_programme() -> None:
    assert gateway().look_up("pt-1", "dr-1", "NJ").programme == "NJPMP"


def test_the_same_attestation_at_the_same_time_gives_the_same_report() -> None:
    assert gateway().look_up("pt-1", "dr-1", "FL") == gateway().look_up("pt-1", "dr-1", "FL")


def test_it_serves_as_a_pdmp_gateway() -> None:
    serving: PdmpGateway = gateway()
    assert serving.look_up("pt-1", "dr-1", "FL").attested


def test_its_default_clock_gives_the_time_in_utc() -> None:
    report = LocalPdmp(reference="EF-1", summary="Nothing found.").look_up("pt", "dr", "FL")
    assert report.checked_at.tzinfo is dt.UTC


@pytest.mark.parametrize(
    ("reference", "summary", "message"),
    [
        ("  ", "Nothing found.", "Enter the reference"),
        ("x" * (LONGEST_REFERENCE + 1), "Nothing found.", "longer than 100"),
        ("EF-1", "", "Say in a few words"),
        ("EF-1", "x" * 2001, "longer than 2000"),
    ],
)
def test_it_refuses_an_attestation_without_a_usable_reference_or_summary(
    reference: str, summary: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        LocalPdmp(reference=reference, summary=summary)


@pytest.mark.parametrize(
    ("patient", "clinician", "state"), [("", "dr", "FL"), ("pt", "", "FL"), ("pt", "dr", "Fla")]
)
def test_it_refuses_a_look_up_without_patient_clinician_or_state(
    patient: str, clinician: str, state: str
) -> None:
    with pytest.raises(ValueError):
        gateway().look_up(patient, clinician, state)


def test_it_refuses_a_clock_without_a_time_zone() -> None:
    naive = LocalPdmp(
        reference="EF-1",
        summary="Nothing found.",
        clock=lambda: dt.datetime(2026, 6, 15, 13, 0),  # noqa: DTZ001
    )
    with pytest.raises(ValueError, match="time zone"):
        naive.look_up("pt", "dr", "FL")
