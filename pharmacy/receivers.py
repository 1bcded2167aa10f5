"""What the pharmacy notes when a prescription is written elsewhere (connected in
``pharmacy.apps``): each new prescription goes on the fill queue's list of new ones."""

from typing import Any

from django.db.models import Exists, OuterRef

from care.models import Prescription, PrescriptionStatus
from pharmacy.models import Fill, NewPrescription


def note_new_prescription(
    sender: type[Prescription], instance: Prescription, created: bool, raw: bool, **_: Any
) -> None:
    """A prescription saved for the first time, signed, is new to the pharmacy."""
    if created and not raw and instance.status == PrescriptionStatus.SIGNED:
        NewPrescription.objects.get_or_create(prescription=instance)


def note_new_prescriptions() -> int:
    """Every signed prescription with no fill is new to the pharmacy: for prescriptions
    written in bulk, where no signal is sent (an import of the record). How many were
    added."""
    missing = (
        Prescription.objects.filter(status=PrescriptionStatus.SIGNED, new_for_pharmacy__isnull=True)
        .exclude(Exists(Fill.objects.filter(prescription=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    added = NewPrescription.objects.bulk_create(
        [NewPrescription(prescription_id=pk) for pk in missing], ignore_conflicts=True
    )
    return len(added)
