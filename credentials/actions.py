"""What a clinician may do where, by their licences and registrations.

The verbs here are the only way a licence or a DEA registration is recorded or renewed;
each writes its row and an audit event in one transaction. Like a licence, a DEA
registration counts up to the day before its expiry date. Its clinician is warned
`WARNING_DAYS` before that day, on their profile, on their queue and once by email.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from audit.events import record_event
from credentials.models import DeaRegistration, Licence
from foundation.notices import send_notice, site_link
from foundation.refusals import Refused
from servicearea.places import SERVED_STATES, state_name

WARNING_DAYS = 30
"""How many days before a credential stops counting its clinician is warned."""

DEA_SCHEDULES: tuple[str, ...] = ("2", "2N", "3", "3N", "4", "5")
"""The schedules a DEA registration can list, in the order the DEA writes them."""

_DEA_NUMBER = re.compile(r"[A-Z]{2}[0-9]{7}")


def licensed_states(clinician_id: int, *, on: datetime.date | None = None) -> frozenset[str]:
    """The states where the clinician holds a licence that still counts on `on`."""
    day = on or timezone.localdate()
    return frozenset(
        Licence.objects.filter(clinician_id=clinician_id, expires_on__gt=day).values_list(
            "state", flat=True
        )
    )


class CredentialStatus(StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return {
            CredentialStatus.ACTIVE: "Active",
            CredentialStatus.EXPIRING: f"Expires within {WARNING_DAYS} days",
            CredentialStatus.EXPIRED: "Expired",
        }[self]


def credential_status(expires_on: datetime.date, today: datetime.date) -> CredentialStatus:
    """Expired from its expiry date on; expiring in the `WARNING_DAYS` days before it."""
    if today >= expires_on:
        return CredentialStatus.EXPIRED
    if (expires_on - today).days <= WARNING_DAYS:
        return CredentialStatus.EXPIRING
    return CredentialStatus.ACTIVE


@dataclass(frozen=True)
class Credential:
    """A licence or a DEA registration as a page or an email shows it."""

    record: Licence | DeaRegistration
    status: CredentialStatus
    days_left: int

    @property
    def is_licence(self) -> bool:
        return isinstance(self.record, Licence)

    @property
    def kind(self) -> str:
        return "State licence" if self.is_licence else "DEA registration"

    @property
    def description(self) -> str:
        """What it is, in words: "Florida state licence" or "Florida DEA registration"."""
        where = state_name(self.record.state) or self.record.state
        return f"{where} {'state licence' if self.is_licence else 'DEA registration'}"

    @property
    def renew_url(self) -> str:
        if self.is_licence:
            return reverse("credentials:renew_licence", args=[self.record.pk])
        return reverse("credentials:renew_dea_registration", args=[self.record.pk])


def _credential(record: Licence | DeaRegistration, today: datetime.date) -> Credential:
    return Credential(
        record=record,
        status=credential_status(record.expires_on, today),
        days_left=(record.expires_on - today).days,
    )


def credentials_of(clinician: User, today: datetime.date) -> list[Credential]:
    """Every licence then every DEA registration the clinician holds, by state.

    Uses prefetched `licences` and `dea_registrations` when the caller fetched them.
    """
    licences = sorted(clinician.licences.all(), key=lambda r: (r.state, r.expires_on))
    registrations = sorted(clinician.dea_registrations.all(), key=lambda r: (r.state, r.number))
    records: list[Licence | DeaRegistration] = [*licences, *registrations]
    return [_credential(record, today) for record in records]


def expiring_credentials(clinician: User, today: datetime.date | None = None) -> list[Credential]:
    """The clinician's credentials that expire within `WARNING_DAYS` days or have expired,
    soonest first: what the warning on their profile and their queue lists."""
    day = today or timezone.localdate()
    return sorted(
        (c for c in credentials_of(clinician, day) if c.status != CredentialStatus.ACTIVE),
        key=lambda c: c.record.expires_on,
    )


def clinicians_with_credentials() -> models.QuerySet[User]:
    """Everyone holding the clinician role, with their credentials, in three queries."""
    return (
        User.objects.filter(role_grants__role=Role.CLINICIAN)
        .distinct()
        .order_by("full_name", "email")
        .prefetch_related("licences", "dea_registrations")
    )


class CredentialRefused(Refused):
    """The credential cannot be recorded; `reasons` says why, in plain words."""

    code = "credential"


def dea_number_problem(number: str) -> str | None:
    """Why `number` cannot be a DEA registration number, or None.

    Two letters and seven digits; the last digit of (d1 + d3 + d5) + 2 * (d2 + d4 + d6)
    is the seventh digit.
    """
    if not _DEA_NUMBER.fullmatch(number):
        return "A DEA number is two letters followed by seven digits, such as AB1234563."
    digits = [int(digit) for digit in number[2:]]
    total = digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])
    if total % 10 != digits[6]:
        return "That DEA number's check digit does not match: look at the certificate again."
    return None


def _check_admin_and_clinician(by: User, clinician: User) -> list[str]:
    if Role.ADMIN not in by.roles:
        return ["Only an administrator can record a clinician's credentials."]
    if Role.CLINICIAN not in clinician.roles:
        return ["Credentials are recorded for clinicians only."]
    return []


def _check_state(state: str) -> list[str]:
    if state not in SERVED_STATES:
        served = " or ".join(state_name(code) or code for code in SERVED_STATES)
        return [f"Choose {served}: the practice treats patients there only."]
    return []


def _check_expiry(expires_on: datetime.date, today: datetime.date) -> list[str]:
    if expires_on <= today:
        return ["The expiry date has passed: record a credential that is still current."]
    return []


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise CredentialRefused(problems)


def _normalised(number: str) -> str:
    return "".join(number.split()).upper()


def _schedules_text(schedules: Iterable[str]) -> str:
    chosen = {schedule.strip().upper() for schedule in schedules}
    return ",".join(schedule for schedule in DEA_SCHEDULES if schedule in chosen)


def _create(model: type[Any], duplicate: str, **fields: Any) -> Any:
    try:
        with transaction.atomic():
            return model.objects.create(**fields)
    except IntegrityError as error:  # the same number recorded a moment ago
        raise CredentialRefused([duplicate]) from error


@transaction.atomic
def do_record_licence(
    clinician: User,
    *,
    by: User,
    state: str,
    number: str,
    expires_on: datetime.date,
    today: datetime.date | None = None,
) -> Licence:
    day = today or timezone.localdate()
    number = _normalised(number)
    problems = _check_admin_and_clinician(by, clinician) + _check_state(state)
    if not number:
        problems.append("Enter the licence number.")
    problems += _check_expiry(expires_on, day)
    duplicate = "That licence number is already on record for that state."
    if number and Licence.objects.filter(state=state, number=number).exists():
        problems.append(duplicate)
    _refuse_if(problems)
    licence = _create(
        Licence, duplicate, clinician=clinician, state=state, number=number, expires_on=expires_on
    )
    record_event(
        "care.licence_recorded",
        actor=by,
        target=licence,
        detail={"clinician": clinician.pk, "state": state, "expires_on": expires_on.isoformat()},
    )
    return licence


@transaction.atomic
def do_record_dea_registration(
    clinician: User,
    *,
    by: User,
    number: str,
    state: str,
    schedules: Iterable[str],
    expires_on: datetime.date,
    special_telemedicine_registration: bool,
    today: datetime.date | None = None,
) -> DeaRegistration:
    day = today or timezone.localdate()
    number = _normalised(number)
    chosen = [schedule.strip().upper() for schedule in schedules]
    problems = _check_admin_and_clinician(by, clinician)
    problems += [problem] if (problem := dea_number_problem(number)) else []
    problems += _check_state(state)
    if not chosen or any(schedule not in DEA_SCHEDULES for schedule in chosen):
        problems.append("Choose the schedules the registration lists.")
    problems += _check_expiry(expires_on, day)
    duplicate = "That DEA number is already on record for that state."
    if DeaRegistration.objects.filter(number=number, state=state).exists():
        problems.append(duplicate)
    _refuse_if(problems)
    registration = _create(
        DeaRegistration,
        duplicate,
        clinician=clinician,
        number=number,
        state=state,
        schedules=_schedules_text(chosen),
        expires_on=expires_on,
        special_telemedicine_registration=special_telemedicine_registration,
    )
    record_event(
        "care.dea_registration_recorded",
        actor=by,
        target=registration,
        detail={
            "clinician": clinician.pk,
            "state": state,
            "schedules": registration.schedules,
            "expires_on": expires_on.isoformat(),
            "special_telemedicine_registration": special_telemedicine_registration,
        },
    )
    return registration


def _renew(
    record: Licence | DeaRegistration,
    action: str,
    *,
    by: User,
    expires_on: datetime.date,
    today: datetime.date | None,
) -> None:
    problems = _check_admin_and_clinician(by, record.clinician)
    problems += _check_expiry(expires_on, today or timezone.localdate())
    if expires_on == record.expires_on:
        problems.append("That is the expiry date already on record.")
    _refuse_if(problems)
    previous = record.expires_on
    record.expires_on = expires_on
    record.save(update_fields=["expires_on"])
    record_event(
        action,
        actor=by,
        target=record,
        detail={
            "clinician": record.clinician_id,
            "state": record.state,
            "expired_on_before": previous.isoformat(),
            "expires_on": expires_on.isoformat(),
        },
    )


@transaction.atomic
def do_renew_licence(
    licence: Licence, *, by: User, expires_on: datetime.date, today: datetime.date | None = None
) -> Licence:
    """A new expiry date for the licence (a renewal, or a corrected date)."""
    licence = Licence.objects.select_for_update().select_related("clinician").get(pk=licence.pk)
    _renew(licence, "care.licence_renewed", by=by, expires_on=expires_on, today=today)
    return licence


@transaction.atomic
def do_renew_dea_registration(
    registration: DeaRegistration,
    *,
    by: User,
    expires_on: datetime.date,
    today: datetime.date | None = None,
) -> DeaRegistration:
    """A new expiry date for the DEA registration (a renewal, or a corrected date)."""
    registration = (
        DeaRegistration.objects.select_for_update()
        .select_related("clinician")
        .get(pk=registration.pk)
    )
    _renew(registration, "care.dea_registration_renewed", by=by, expires_on=expires_on, today=today)
    return registration


def _due_for_warning(model: type[Any], today: datetime.date) -> list[Any]:
    last_day = today + datetime.timedelta(days=WARNING_DAYS)
    return list(
        model.objects.filter(expires_on__gt=today, expires_on__lte=last_day)
        .filter(Q(expiry_warned_for__isnull=True) | ~Q(expiry_warned_for=F("expires_on")))
        .select_related("clinician")
        .order_by("pk")
    )


def credentials_due_for_warning(today: datetime.date) -> list[Credential]:
    """Credentials expiring within `WARNING_DAYS` days whose clinician has not been told
    of this expiry date."""
    due = [*_due_for_warning(Licence, today), *_due_for_warning(DeaRegistration, today)]
    return [_credential(record, today) for record in due]


def _warning_text(credential: Credential) -> tuple[str, str]:
    record = credential.record
    when = f"{record.expires_on:%B} {record.expires_on.day}, {record.expires_on:%Y}"
    what = credential.description
    consequence = (
        f"From that day it no longer counts: patients in {state_name(record.state)} leave "
        "your queue and you cannot open their charts until the renewal is on record."
        if credential.is_licence
        else f"From that day it no longer counts in {state_name(record.state)} until the "
        "renewal is on record."
    )
    body = (
        f"Your {what} expires on {when}, in {credential.days_left} days. {consequence}\n\n"
        "Once you have renewed it, please send the new expiry date to the practice "
        "administrator. Your licences and registrations are listed here:\n\n"
        + site_link(reverse("credentials:profile"))
    )
    return f"Your {what} expires in {credential.days_left} days", body


def do_warn_of_expiry(credential: Credential) -> bool:
    """Email the clinician once about this expiry date; False if they were already told."""
    record = credential.record
    model = type(record)
    with transaction.atomic():
        claimed = (
            model.objects.filter(pk=record.pk, expires_on=record.expires_on)
            .filter(Q(expiry_warned_for__isnull=True) | ~Q(expiry_warned_for=F("expires_on")))
            .update(expiry_warned_for=F("expires_on"))
        )
        if not claimed:
            return False
        subject, body = _warning_text(credential)
        send_notice([record.clinician.email], subject, body)
        record_event(
            "care.credential_expiry_warned",
            target=record,
            detail={"clinician": record.clinician_id, "expires_on": record.expires_on.isoformat()},
        )
    return True
