"""Staff see which language a patient reads wherever they contact them."""

from typing import Any

from django.urls import reverse

from journal.tests.helpers import treated
from patients.actions import do_start_thread
from tests.personas import client_for


def test_the_chart_and_a_thread_say_the_patient_reads_spanish(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    patient.user.language = "es"
    patient.user.save(update_fields=["language"])
    chart = client_for(clinician_fl).get(reverse("workspace:chart", args=[patient.public_id]))
    assert "<dd data-patient-language>Spanish</dd>" in chart.content.decode()
    thread = do_start_thread(
        patient, by=patient.user, topic="clinical", subject="Dosis", body="Hola"
    )
    page = client_for(clinician_fl).get(reverse("patients:thread", args=[thread.public_id]))
    assert "(FL, reads Spanish)" in page.content.decode()


def test_an_english_reader_is_named_so_on_the_chart(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    chart = client_for(clinician_fl).get(reverse("workspace:chart", args=[patient.public_id]))
    assert "<dd data-patient-language>English</dd>" in chart.content.decode()
