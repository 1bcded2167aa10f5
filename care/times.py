"""Times as the viewer reads them: a patient in their own zone (from their ZIP), staff
in the zone they choose (the practice's by default)."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.http import HttpRequest
from django.utils import dateformat, timezone, translation

from accounts.models import User

STAFF_ZONE_SESSION_KEY = "care.time_zone"

# The zones of the states the practice serves, for staff to choose from.
ZONE_CHOICES = (
    ("America/New_York", "Eastern time (New Jersey, most of Florida)"),
    ("America/Chicago", "Central time (western Florida panhandle)"),
)
_STATE_ZONES = {"FL": "America/New_York", "NJ": "America/New_York"}
_ZONE_NAMES = {"America/New_York": "Eastern time", "America/Chicago": "Central time"}


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def patient_zone(patient: Any) -> ZoneInfo:
    return zone(patient.time_zone or _STATE_ZONES.get(patient.state))


def viewer_zone(request: HttpRequest) -> ZoneInfo:
    """The zone to show times in for whoever is looking."""
    user = request.user
    if isinstance(user, User) and not user.is_staff_member:
        patient = getattr(user, "patient", None)
        if patient is not None:
            return patient_zone(patient)
    return zone(request.session.get(STAFF_ZONE_SESSION_KEY))


def zone_name(where: ZoneInfo) -> str:
    """'Eastern time', 'Central time', or the zone's own name for anywhere else."""
    return _ZONE_NAMES.get(where.key, where.key.replace("_", " "))


def in_zone(moment: datetime.datetime, where: ZoneInfo) -> datetime.datetime:
    return timezone.localtime(moment, where)


def describe(moment: datetime.datetime, where: ZoneInfo) -> str:
    """'Tuesday 1 December, 10:00 AM EST' in the given zone; in Spanish, when active,
    'martes 1 de diciembre, 10:00 EST'."""
    local = in_zone(moment, where)
    if translation.get_language() == "es":
        return f"{dateformat.format(local, 'l j \\d\\e F, H:i')} {local.tzname()}"
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%A} {local.day} {local:%B}, {hour}:{local:%M %p} {local.tzname()}"


def patient_today(patient: Any, now: datetime.datetime | None = None) -> datetime.date:
    """The calendar day it is (or was at ``now``) where the patient lives."""
    return (now or timezone.now()).astimezone(patient_zone(patient)).date()
