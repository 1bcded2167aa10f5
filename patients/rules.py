"""The rules a patient's details must meet, as plain functions (no database).

Each check returns the problem in words the patient reads, or None when all is well,
so a form, a verb and a test all apply the same rule.
"""

import datetime
import re
import zlib

import phonenumbers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from servicearea import SERVED_STATES, state_name, zip_counties, zip_state, zip_timezone

ADULT_AGE = 18

# The served states' names as the patient's language writes them ("Nueva Jersey").
_STATE_NAMES = (gettext_noop("Florida"), gettext_noop("New Jersey"))


def _state_name(code: str) -> str:
    name = state_name(code)
    return _(name) if name else code


# "PO Box 12", "P.O. Box", "P O B 7", "Post Office Box", "POB 3", "Box 44", "Lockbox",
# "General Delivery". Deliveries need a signature, which a box cannot give.
_PO_BOX = re.compile(
    r"""
    \b(?:
        p\s*\.?\s*o\s*\.?\s*(?:box|bx\b|b\b|\.?\s*b\.)      # PO Box, P.O. Box, P O B, P.O.B.
      | pob\b
      | post\s*office\s*box
      | post\s*box
      | postal\s*box
      | lock\s*box
      | general\s+delivery
    )
    |^\s*box\s*\#?\s*\d+                                # "Box 44" at the start of a line
    """,
    re.IGNORECASE | re.VERBOSE,
)

# West of the Apalachicola River the Florida panhandle keeps Central time.
_FLORIDA_CENTRAL_COUNTIES = frozenset(
    {"Escambia", "Santa Rosa", "Okaloosa", "Walton", "Holmes", "Washington", "Bay", "Jackson"}
    | {"Calhoun"}
)


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - int(before_birthday)


def check_date_of_birth(date_of_birth: datetime.date, today: datetime.date) -> str | None:
    if date_of_birth > today:
        return _("Your date of birth cannot be in the future.")
    if age_on(date_of_birth, today) > 120:
        return _("Check the year of your date of birth: it makes you older than 120.")
    if age_on(date_of_birth, today) < ADULT_AGE:
        return _("We can only treat adults: you need to be 18 or older to join.")
    return None


def normalise_phone(raw: str) -> str:
    """The number in E.164 form ("+13055550123"); ValueError with a message if it is not one."""
    text = raw.strip()
    if not text:
        raise ValueError(_("Enter a phone number."))
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        raise ValueError(
            _("Enter a phone number with its area code, like (305) 555-0123.")
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(
            _(
                "That is not a phone number we can call. Enter 10 digits with the area code, "
                "like (305) 555-0123."
            )
        )
    if phonenumbers.region_code_for_number(number) not in {"US", "PR", "VI", "GU", "AS", "MP"}:
        raise ValueError(_("Enter a US phone number, like (305) 555-0123."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """A stored number as people write it: (305) 555-0123."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "US")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def is_po_box(line: str) -> bool:
    return bool(_PO_BOX.search(line or ""))


def normalise_zip(raw: str) -> str | None:
    """The five-digit ZIP of "33133" or "33133-1234", else None."""
    match = re.fullmatch(r"\s*(\d{5})(?:-?\d{4})?\s*", raw or "")
    return match.group(1) if match else None


def check_state(state: str) -> str | None:
    if state not in SERVED_STATES:
        name = _state_name(state) if state else _("that state")
        return _(
            "We can only ship to addresses in Florida or New Jersey, not %(state)s: those "
            "are the states our clinicians are licensed in."
        ) % {"state": name}
    return None


def check_zip(zip5: str, state: str) -> str | None:
    """The ZIP must exist and lie in the state given."""
    found = zip_state(zip5)
    if found is None:
        return _("We cannot find ZIP code %(zip)s. Check it against a recent letter or parcel.") % {
            "zip": zip5
        }
    if found != state:
        return _(
            "ZIP code %(zip)s is in %(found)s, not %(state)s. Check the ZIP code and the state."
        ) % {
            "zip": zip5,
            "found": _state_name(found),
            "state": _state_name(state),
        }
    return None


def county_of(zip5: str) -> str:
    counties = zip_counties(zip5)
    return counties[0] if counties else ""


def time_zone_for(zip5: str, state: str) -> str:
    """The patient's IANA time zone: from the ZIP, else from the county, else Eastern."""
    zone = zip_timezone(zip5)
    if zone:
        return zone
    if state == "FL" and county_of(zip5) in _FLORIDA_CENTRAL_COUNTIES:
        return "America/Chicago"
    return "America/New_York"


# A PDF can carry things that act when it is opened: scripts, actions run on opening,
# launched programs, embedded files, forms that post. A photo ID needs none of them.
_ACTIVE_PDF_NAMES = (
    b"/JavaScript",
    b"/JS",
    b"/OpenAction",
    b"/AA",
    b"/Launch",
    b"/EmbeddedFile",
    b"/EmbeddedFiles",
    b"/RichMedia",
    b"/XFA",
    b"/SubmitForm",
    b"/ImportData",
    b"/GoToR",
    b"/URI",
)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def _pdf_texts(data: bytes) -> list[bytes]:
    """The PDF's bytes, and every stream in it inflated where it can be (a catalogue or an
    action can hide inside a compressed object stream)."""
    texts = [data]
    for match in _PDF_STREAM.finditer(data):
        try:
            texts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return texts


def pdf_has_active_content(data: bytes) -> bool:
    """Whether a PDF names anything that acts when it is opened (a script, an action on
    opening, a launch, an embedded file, a submitted form, a link out). Names written
    with ``#xx`` escapes (``/J#61vaScript``) are read as the name they spell."""
    for text in _pdf_texts(data):
        plain = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), text)
        if any(re.search(re.escape(name) + rb"(?![A-Za-z])", plain) for name in _ACTIVE_PDF_NAMES):
            return True
    return False
