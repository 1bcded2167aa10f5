"""What a clinician may do where, by their licences and registrations."""

import datetime

from django.utils import timezone

from care.models import Licence


def licensed_states(clinician_id: int, *, on: datetime.date | None = None) -> frozenset[str]:
    """The states where the clinician holds a licence that still counts on `on`."""
    day = on or timezone.localdate()
    return frozenset(
        Licence.objects.filter(clinician_id=clinician_id, expires_on__gt=day).values_list(
            "state", flat=True
        )
    )
