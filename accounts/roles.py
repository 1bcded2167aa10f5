"""The roles a person can hold. A person may hold several staff roles at once."""

from django.db import models


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    CLINICIAN = "clinician", "Clinician"
    PHARMACIST = "pharmacist", "Pharmacist"
    COORDINATOR = "coordinator", "Care coordinator"
    EDITOR = "editor", "Medical editor"
    ADMIN = "admin", "Administrator"


STAFF_ROLES = frozenset(
    {Role.CLINICIAN, Role.PHARMACIST, Role.COORDINATOR, Role.EDITOR, Role.ADMIN}
)
