"""The clinician's recording verbs: notes, exams, scores, diagnoses, decisions, plans."""

import dataclasses
from typing import Any

import pytest

from audit.models import AuditEvent
from care import actions
from care.models import ConsultStatus, Diagnosis
from care.tests.workspace import (
    CRPS_SIGNS,
    CRPS_SYMPTOMS,
    GOOD_PLAN,
    book_visit,
    candidate,
    consulted,
    pdmp_checked,
)
from patients.models import PatientStatus


@pytest.fixture
def florida(db: Any) -> Any:
    return candidate()


def test_signing_a_note_completes_the_visit(florida: Any, clinician_fl: Any) -> None:
    consult = consulted(florida, clinician_fl)
    consult.refresh_from_db()
    assert consult.status == ConsultStatus.COMPLETED
    assert consult.note.audio_video_confirmed
    assert florida.timeline.filter(kind="care.consult_note_signed").exists()
    assert AuditEvent.objects.filter(action="care.consult_note_signed").exists()


def test_only_the_visits_clinician_signs_its_note(
    florida: Any, clinician_fl: Any, clinician_nj: Any
) -> None:
    consult = book_visit(florida, clinician_fl)
    with pytest.raises(actions.ClinicalRecordRefused):
        actions.do_record_consult_note(
            consult,
            by=clinician_nj,
            subjective="",
            objective="",
            assessment="",
            plan="",
            audio_video_confirmed=True,
        )


def test_a_budapest_exam_stores_findings_and_the_computed_result(
    florida: Any, clinician_fl: Any
) -> None:
    exam = actions.do_record_budapest_exam(
        florida,
        by=clinician_fl,
        continuing_disproportionate_pain=True,
        symptoms=CRPS_SYMPTOMS,
        signs=CRPS_SIGNS,
        better_explained_by_another_diagnosis=False,
    )
    assert exam.clinical_criteria_met
    assert exam.research_criteria_met
    assert sorted(exam.symptoms) == sorted(CRPS_SYMPTOMS)


def test_a_budapest_exam_with_a_sign_given_as_a_symptom_is_refused(
    florida: Any, clinician_fl: Any
) -> None:
    with pytest.raises(actions.ClinicalRecordRefused):
        actions.do_record_budapest_exam(
            florida,
            by=clinician_fl,
            continuing_disproportionate_pain=True,
            symptoms=["allodynia_to_light_touch"],
            signs=[],
            better_explained_by_another_diagnosis=False,
        )


def test_the_first_severity_score_is_the_baseline(florida: Any, clinician_fl: Any) -> None:
    first = actions.do_record_severity(
        florida, by=clinician_fl, symptoms=["continuing_pain", "oedema"], signs=["allodynia"]
    )
    later = actions.do_record_severity(florida, by=clinician_fl, symptoms=[], signs=[])
    assert (first.total, first.baseline) == (3, True)
    assert (later.total, later.baseline) == (0, False)


def test_crps_type_i_and_ii_are_never_recorded_together(florida: Any, clinician_fl: Any) -> None:
    actions.do_add_diagnosis(florida, by=clinician_fl, code="g90.511")
    with pytest.raises(actions.ClinicalRecordRefused, match="cannot be recorded together"):
        actions.do_add_diagnosis(florida, by=clinician_fl, code="G56.41")
    assert list(Diagnosis.objects.values_list("code", flat=True)) == ["G90.511"]


def test_a_nj_clinician_records_nothing_for_a_florida_patient(
    florida: Any, clinician_nj: Any
) -> None:
    with pytest.raises(actions.ClinicalRecordRefused):
        actions.do_add_diagnosis(florida, by=clinician_nj, code="G90.511")
    with pytest.raises(actions.ClinicalRecordRefused):
        pdmp_checked(florida, clinician_nj)


def test_declining_needs_a_reason_the_patient_reads(florida: Any, clinician_fl: Any) -> None:
    with pytest.raises(actions.ClinicalRecordRefused, match="reason the patient"):
        actions.do_decide_candidate(florida, by=clinician_fl, decision="decline", why="Unsafe.")
    actions.do_decide_candidate(
        florida,
        by=clinician_fl,
        decision="refer",
        why="Needs monitored infusions.",
        reason_for_patient="An infusion clinic can give you closer monitoring.",
        referral="iv_infusion_clinic",
    )
    florida.refresh_from_db()
    assert florida.status == PatientStatus.REFERRED


def test_a_plan_outside_the_limits_is_refused(florida: Any, clinician_fl: Any) -> None:
    looser = dataclasses.replace(GOOD_PLAN, no_dose_systolic_from=190)
    with pytest.raises(actions.ClinicalRecordRefused):
        actions.do_write_treatment_plan(florida, by=clinician_fl, choices=looser)
    heavier = dataclasses.replace(GOOD_PLAN, maintenance_mg_per_session=200)
    with pytest.raises(actions.ClinicalRecordRefused):
        actions.do_write_treatment_plan(florida, by=clinician_fl, choices=heavier)
    plan = actions.do_write_treatment_plan(florida, by=clinician_fl, choices=GOOD_PLAN)
    assert (plan.no_dose_systolic_from, plan.no_dose_heart_rate_above) == (160, 100)


def test_a_pdmp_check_records_the_attested_reference(florida: Any, clinician_fl: Any) -> None:
    check = pdmp_checked(florida, clinician_fl)
    assert (check.state, check.programme, check.reference) == ("FL", "E-FORCSE", "EF-2026-0042")
    assert check.attested
