"""A clinician's licences and DEA registrations: what lets them see a state's patients and
prescribe there."""

import datetime

from django.conf import settings
from django.db import models


class Licence(models.Model):
    """A clinician's licence to practise medicine in one state.

    It counts up to the day before `expires_on`: on its expiry date it stops counting.
    """

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="licences"
    )
    state = models.CharField(max_length=2)
    number = models.CharField(max_length=40)
    expires_on = models.DateField()
    expiry_warned_for = models.DateField(
        null=True,
        blank=True,
        help_text="The expiry date the clinician was warned of; a renewal warns afresh.",
    )

    class Meta:
        db_table = "care_licence"  # made when licences were part of care
        constraints = [models.UniqueConstraint("state", "number", name="licence_unique")]

    def __str__(self) -> str:
        return f"{self.state} licence {self.number}"

    def is_active_on(self, day: datetime.date) -> bool:
        return day < self.expires_on


class DeaRegistration(models.Model):
    """A clinician's DEA registration to prescribe controlled substances in one state."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dea_registrations"
    )
    number = models.CharField(max_length=9)
    state = models.CharField(max_length=2)
    schedules = models.CharField(max_length=40, default="2,2N,3,3N,4,5")
    expires_on = models.DateField()
    special_telemedicine_registration = models.BooleanField(
        default=False,
        help_text="A DEA special registration for telemedicine is on record for this state.",
    )
    expiry_warned_for = models.DateField(
        null=True,
        blank=True,
        help_text="The expiry date the clinician was warned of; a renewal warns afresh.",
    )

    class Meta:
        db_table = "care_dearegistration"
        constraints = [models.UniqueConstraint("number", "state", name="dea_registration_unique")]

    def __str__(self) -> str:
        return f"DEA {self.number} ({self.state})"

    def is_active_on(self, day: datetime.date) -> bool:
        return day < self.expires_on
