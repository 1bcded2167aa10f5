"""Fixtures for the simulate tests: the contract's defaults."""

import datetime as dt
from typing import Any

import pytest

from clinical.policy import DEFAULT_POLICY


@pytest.fixture(autouse=True)
def contract_defaults(settings: Any) -> None:
    """The command always runs with the contract's defaults; so do the in-process tests."""
    settings.CLINICAL_SAFETY_POLICY = DEFAULT_POLICY
    settings.TELEMEDICINE_IN_PERSON_REQUIRED_FROM = dt.date(2027, 1, 1)
