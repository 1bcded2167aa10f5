import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


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

    class Meta:
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

    class Meta:
        constraints = [models.UniqueConstraint("number", "state", name="dea_registration_unique")]

    def __str__(self) -> str:
        return f"DEA {self.number} ({self.state})"

    def is_active_on(self, day: datetime.date) -> bool:
        return day < self.expires_on


class ClinicianAvailability(models.Model):
    """A stretch of time a clinician offers for video visits, cut into slots when booked."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="availability"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "clinician availability"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="availability_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clinician} {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%H:%M} UTC"


class ConsultStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"
    MISSED = "missed", "Missed"


def new_video_room() -> str:
    from integrations.video import video_rooms

    return video_rooms().new_room_name()


class Consult(models.Model):
    """A booked audio-video visit with a clinician.

    `video_room` is a long random name, unrelated to any id; the link to it is given
    out only by `care.views.consult_join`, to the visit's patient and clinician, in
    the visit's window.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="consults"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consults"
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=ConsultStatus.choices, default=ConsultStatus.BOOKED
    )
    video_room = models.CharField(max_length=100, unique=True, default=new_video_room)
    booked_at = models.DateTimeField(default=timezone.now)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    times_rescheduled = models.PositiveSmallIntegerField(default=0)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_hour_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            # One booked visit per clinician per start time, however the race goes.
            models.UniqueConstraint(
                "clinician",
                "starts_at",
                condition=models.Q(status="booked"),
                name="consult_one_booking_per_slot",
            )
        ]

    def __str__(self) -> str:
        return f"Consult {self.public_id} ({self.status})"

    @property
    def is_booked(self) -> bool:
        return self.status == ConsultStatus.BOOKED
