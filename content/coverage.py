"""The service-area checker's answer to a ZIP code (and a county, where one is needed).

Plain functions over `servicearea.places`; no database.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from servicearea import places

# The served states' names as the reader's language writes them ("Nueva Jersey"); the other
# states' Spanish names are in the assessment's catalogue, which lists every state.
SERVED_STATE_NAMES = (gettext_noop("Florida"), gettext_noop("New Jersey"))


def state_label(state: str) -> str:
    """A state's name in the reader's language, or its code when unknown."""
    name = places.state_name(state)
    return _(name) if name else state


_ZIP_INPUT = re.compile(r"^\s*([0-9]{5})(?:[\s-]*[0-9]{4})?\s*$")


class Outcome(StrEnum):
    MALFORMED = "malformed"  # not five digits
    UNKNOWN = "unknown"  # five digits, but no such ZIP code
    SERVED = "served"  # in Florida or New Jersey
    CHOOSE_COUNTY = "choose_county"  # in a served state; which county?
    ELSEWHERE = "elsewhere"  # in another state: offer its waitlist


@dataclass(frozen=True)
class CoverageAnswer:
    outcome: Outcome
    zip_code: str = ""
    state: str = ""
    county: str = ""
    county_choices: tuple[str, ...] = field(default_factory=tuple)
    county_error: str = ""

    @property
    def state_name(self) -> str:
        return state_label(self.state)

    @property
    def county_count(self) -> int:
        return len(places.counties(self.state))


def county_label(state: str, county: str) -> str:
    """ "Miami-Dade County" ("condado de Miami-Dade" under /es/); a name that already says
    what it is stays as it is."""
    if county.endswith((" County", " Parish", " Borough", " Municipio")):
        return county
    return _("%(county)s County") % {"county": county}


def parse_zip(text: str) -> str | None:
    """The five digits of a ZIP (a ZIP+4 is accepted), or None."""
    match = _ZIP_INPUT.match(text or "")
    return match.group(1) if match else None


def check_coverage(zip_text: str, county_text: str = "") -> CoverageAnswer:
    zip_code = parse_zip(zip_text)
    if zip_code is None:
        return CoverageAnswer(Outcome.MALFORMED)
    state = places.zip_state(zip_code)
    if state is None:
        return CoverageAnswer(Outcome.UNKNOWN, zip_code=zip_code)
    if state not in places.SERVED_STATES:
        return CoverageAnswer(Outcome.ELSEWHERE, zip_code=zip_code, state=state)
    zip_counties = places.zip_counties(zip_code)
    if len(zip_counties) == 1:
        return CoverageAnswer(
            Outcome.SERVED, zip_code=zip_code, state=state, county=zip_counties[0]
        )
    # The ZIP spans several counties, or the data names none: ask, from the right list.
    choices = zip_counties or places.counties(state)
    chosen = places.find_county(state, county_text) if county_text.strip() else None
    if chosen in choices:
        return CoverageAnswer(Outcome.SERVED, zip_code=zip_code, state=state, county=chosen)
    return CoverageAnswer(
        Outcome.CHOOSE_COUNTY,
        zip_code=zip_code,
        state=state,
        county_choices=tuple(choices),
        county_error=_("Choose your county from the list.") if county_text.strip() else "",
    )
