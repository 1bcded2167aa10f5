"""The E-FORCSE stub: it will not start unconfigured and never pretends to look up."""

from types import SimpleNamespace

import pytest

from integrations.pdmp import NotConfigured, PdmpUnavailable
from integrations.pdmp.eforcse import EforcseCredentials, EforcseGateway

CREDENTIALS = EforcseCredentials(account="practice-account", secret="not-a-real-secret")


def test_it_refuses_to_start_without_credentials() -> None:
    with pytest.raises(NotConfigured, match="PDMP_EFORCSE_ACCOUNT and PDMP_EFORCSE_SECRET"):
        EforcseGateway(None)


@pytest.mark.parametrize(
    "credentials", [EforcseCredentials("", "a-secret"), EforcseCredentials("account", "")]
)
def test_it_refuses_to_start_with_a_blank_credential(credentials: EforcseCredentials) -> None:
    with pytest.raises(NotConfigured):
        EforcseGateway(credentials)


def test_with_credentials_it_says_plainly_that_the_look_up_is_not_built() -> None:
    with pytest.raises(PdmpUnavailable, match="Look the patient up on the E-FORCSE website"):
        EforcseGateway(CREDENTIALS).look_up("pt-1", "dr-1", "FL")


def test_it_refuses_a_state_other_than_florida() -> None:
    with pytest.raises(ValueError, match="Florida's programme"):
        EforcseGateway(CREDENTIALS).look_up("pt-1", "dr-1", "NJ")


def test_it_reads_its_credentials_from_settings() -> None:
    configured = SimpleNamespace(PDMP_EFORCSE_ACCOUNT=" acct ", PDMP_EFORCSE_SECRET=" s3 ")
    assert EforcseCredentials.from_settings(configured) == EforcseCredentials("acct", "s3")


@pytest.mark.parametrize(
    "configured",
    [
        SimpleNamespace(),
        SimpleNamespace(PDMP_EFORCSE_ACCOUNT="acct", PDMP_EFORCSE_SECRET=""),
        SimpleNamespace(PDMP_EFORCSE_ACCOUNT=None, PDMP_EFORCSE_SECRET="s3"),
    ],
)
def test_missing_settings_give_no_credentials(configured: SimpleNamespace) -> None:
    assert EforcseCredentials.from_settings(configured) is None


def test_the_secret_never_shows_in_a_log_line() -> None:
    assert "not-a-real-secret" not in repr(CREDENTIALS)
