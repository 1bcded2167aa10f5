"""One patient's record as a document a person reads and prints: the same rows as the
Bundle, in plain sections (medicines, home sessions, check-ins and scores, notes)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from patients.models import Patient


def readable_record(patient: Patient) -> str:
    """The whole HTML page; it needs nothing from the web (styles inline, no scripts)."""
    return render_to_string(
        "records/readable.html",
        {
            "patient": patient,
            "format_url": settings.SITE_URL + reverse("records:format"),
            "made_at": timezone.now(),
            "diagnoses": patient.diagnoses.order_by("made_at"),
            "plans": patient.treatment_plans.order_by("written_at"),
            "prescriptions": patient.prescriptions.select_related("prescriber").order_by(
                "issued_at"
            ),
            "sessions": patient.home_sessions.order_by("started_at"),
            "check_ins": patient.check_ins.filter(completed_at__isnull=False).order_by(
                "completed_at"
            ),
            "severity_scores": patient.severity_scores.order_by("scored_at"),
            "notes": [
                consult.note
                for consult in patient.consults.select_related("note", "clinician").order_by(
                    "starts_at"
                )
                if hasattr(consult, "note")
            ],
            "adverse_events": patient.adverse_events.order_by("reported_at"),
        },
    )
