"""The wording a patient's check-ins were answered in, for the check-in and summary pages."""

from django import template

from journal.models import CheckIn
from patients.models import Patient
from questionnaires.instruments import ADAPTED_WORDING_REF, InstrumentCode, Wording, wording_of

register = template.Library()


@register.simple_tag
def check_in_wording(check_in: CheckIn) -> Wording:
    """The wording one completed check-in was answered in."""
    return wording_of(InstrumentCode(check_in.instrument), check_in.wording, check_in.language)


@register.simple_tag
def check_in_wordings(patient: Patient, code: str, *, baseline: bool = False) -> list[Wording]:
    """Each wording the patient's completed check-ins of ``code`` were answered in, in the
    order first used; with ``baseline``, our adapted wording first, which the assessment
    asked."""
    refs = [ADAPTED_WORDING_REF] if baseline else []
    answered = (
        CheckIn.objects.filter(patient=patient, instrument=code, completed_at__isnull=False)
        .order_by("completed_at", "pk")
        .values_list("wording", flat=True)
    )
    for ref in answered:
        ref = ref or ADAPTED_WORDING_REF
        if ref not in refs:
            refs.append(ref)
    return [wording_of(InstrumentCode(code), ref) for ref in refs]
