"""The practice's geography: which states it serves, their counties, and what a ZIP code says.

Pure Python over the data that ships in the ``us`` and ``zipcodes`` packages. ``zipcodes``
scans its whole table on every query (and takes half a second to list it), so the ZIP table
is indexed here in blocks of one three-digit prefix, each read once when first needed. The
first lookup in a process waits about 0.3 s while ``zipcodes`` loads its data; after that a
block costs about a millisecond the first time and a lookup is a dictionary access.
"""

import re
from functools import cache, lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import us
import zipcodes

SERVED_STATES: tuple[str, ...] = ("FL", "NJ")

US_STATE_CODES: tuple[str, ...] = tuple(
    sorted(state.abbr for state in us.states.STATES_AND_TERRITORIES)
)

_MILITARY_POST_OFFICES = frozenset({"APO", "FPO", "DPO"})
_ZIP5 = re.compile(r"[0-9]{5}")
_SEPARATORS = re.compile(r"[\s.\-]+")


class ZipPlace(NamedTuple):
    """What the ZIP table says about one five-digit ZIP code."""

    state: str
    county: str
    timezone: str


def state_name(state: str) -> str | None:
    """The full name of a USPS state code ("FL" -> "Florida"), or None when unknown."""
    if state not in US_STATE_CODES:
        return None
    found = us.states.lookup(state)
    return found.name if found else None


@cache
def counties(state: str) -> tuple[str, ...]:
    """The counties (or parishes, boroughs, municipios) of a state, as the state names them.

    The word "County" is left off ("Miami-Dade", "St. Johns", "DeSoto"); other kinds of
    county keep their word ("Orleans Parish"). Unknown codes give an empty tuple.
    """
    if state not in US_STATE_CODES:
        return ()
    found = us.states.lookup(state)
    if found is None:
        return ()
    return tuple(_without_county_word(county.name) for county in found.counties)


def normalise_county(name: str) -> str:
    """A comparison key for a county name.

    Case, a trailing "County", "St."/"St"/"Saint", and hyphens, dots and spaces are
    ignored: "miami dade county", "Miami-Dade" and "MIAMI-DADE COUNTY" share one key.
    """
    words = _SEPARATORS.sub(" ", name.casefold()).split()
    if words and words[-1] == "county":
        words.pop()
    if words and words[0] in ("saint", "st"):
        words[0] = "st"
    return "".join(words)


@lru_cache(maxsize=4096)
def find_county(state: str, name: str) -> str | None:
    """The official name of the county of ``state`` that ``name`` spells, or None."""
    return _county_keys(state).get(normalise_county(name))


def zip_place(zip5: str) -> ZipPlace | None:
    """The state, county and time zone the ZIP table holds for a five-digit ZIP, or None."""
    if not isinstance(zip5, str) or not _ZIP5.fullmatch(zip5):
        return None
    return _zip_block(zip5[:3]).get(zip5)


def zip_state(zip5: str) -> str | None:
    """The USPS state code of a five-digit ZIP code, or None when it is not a known ZIP."""
    place = zip_place(zip5)
    return place.state if place else None


def zip_counties(zip5: str) -> tuple[str, ...]:
    """The official names of the counties a ZIP code lies in (empty when the data has none).

    The ``zipcodes`` data names one county per ZIP, sometimes spelled differently from the
    official list ("Desoto County") and sometimes blank; names are matched to the official
    list, and a name that matches nothing is kept as the data spells it.
    """
    place = zip_place(zip5)
    if place is None or not place.county:
        return ()
    official = find_county(place.state, place.county)
    return (official or _without_county_word(place.county),)


def zip_timezone(zip5: str) -> str | None:
    """The IANA time zone of a ZIP code ("32501" -> "America/Chicago").

    Taken from the ZIP table; where the table has no zone, the state's zone is used if the
    state has only one, else None (the caller must ask).
    """
    place = zip_place(zip5)
    if place is None:
        return None
    if place.timezone:
        return place.timezone
    return _single_state_timezone(place.state)


def _without_county_word(name: str) -> str:
    return name.removesuffix(" County").strip()


@cache
def _county_keys(state: str) -> dict[str, str]:
    return {normalise_county(name): name for name in counties(state)}


@cache
def _single_state_timezone(state: str) -> str | None:
    found = us.states.lookup(state) if state in US_STATE_CODES else None
    zones = found.time_zones if found else []
    return zones[0] if len(zones) == 1 else None


@cache
def _zip_block(prefix: str) -> dict[str, ZipPlace]:
    """The ZIP codes that start with these three digits (one query to ``zipcodes``)."""
    return {
        row["zip_code"]: ZipPlace(row["state"], row["county"].strip(), _iana_or_blank(row))
        for row in zipcodes.similar_to(prefix)
        if row["state"] in US_STATE_CODES and row["city"].upper() not in _MILITARY_POST_OFFICES
    }


def _iana_or_blank(row: dict[str, str]) -> str:
    return row["timezone"] if _is_iana_zone(row["timezone"]) else ""


@cache
def _is_iana_zone(name: str) -> bool:
    if not name or "/" not in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
