"""Where the practice works: served states, counties, and what a ZIP code tells us."""

from servicearea.places import (
    SERVED_STATES,
    US_STATE_CODES,
    ZipPlace,
    counties,
    find_county,
    normalise_county,
    state_name,
    zip_counties,
    zip_place,
    zip_state,
    zip_timezone,
)

__all__ = [
    "SERVED_STATES",
    "US_STATE_CODES",
    "ZipPlace",
    "counties",
    "find_county",
    "normalise_county",
    "state_name",
    "zip_counties",
    "zip_place",
    "zip_state",
    "zip_timezone",
]
