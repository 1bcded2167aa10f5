"""Florida's E-FORCSE, looked up by the software: a stub until the connection is built.

It needs an account and a secret (``PDMP_EFORCSE_ACCOUNT``, ``PDMP_EFORCSE_SECRET``);
without them it raises ``NotConfigured``. With them it still raises ``PdmpUnavailable``:
no look-up is made here, and none is ever reported as made. Until it is built, a
clinician looks the patient up on the E-FORCSE website and records it through
``LocalPdmp``.
"""

from dataclasses import dataclass, field

from integrations.pdmp import NotConfigured, PdmpReport, PdmpUnavailable

CREDENTIAL_SETTINGS = ("PDMP_EFORCSE_ACCOUNT", "PDMP_EFORCSE_SECRET")


@dataclass(frozen=True)
class EforcseCredentials:
    account: str
    secret: str = field(repr=False)

    @classmethod
    def from_settings(cls, settings: object) -> "EforcseCredentials | None":
        """The credentials from a settings object, or None when either is blank."""
        account, secret = (
            str(getattr(settings, name, "") or "").strip() for name in CREDENTIAL_SETTINGS
        )
        return cls(account, secret) if account and secret else None


class EforcseGateway:
    """The E-FORCSE gateway. Refuses to start unconfigured; never pretends to look up."""

    def __init__(self, credentials: EforcseCredentials | None) -> None:
        if credentials is None or not credentials.account or not credentials.secret:
            raise NotConfigured(
                f"E-FORCSE look-ups are not configured: set {' and '.join(CREDENTIAL_SETTINGS)}, "
                "or record the clinician's own look-up with LocalPdmp."
            )
        self.credentials = credentials

    def look_up(self, patient_ref: str, clinician_ref: str, state: str) -> PdmpReport:
        if state != "FL":
            raise ValueError(f"E-FORCSE is Florida's programme; it cannot look up {state!r}.")
        raise PdmpUnavailable(
            "Automatic E-FORCSE look-ups are not built yet. Look the patient up on the "
            "E-FORCSE website, then record the report's reference."
        )
