"""The whole audit log as spreadsheet-safe CSV rows, oldest first (the administrator's
export in accounts.views streams them)."""

from collections.abc import Iterator

from audit.models import AuditEvent
from foundation.spreadsheet import safe_row

COLUMNS = (
    "seq",
    "at",
    "actor_email",
    "actor_roles",
    "action",
    "object_type",
    "object_id",
    "patient_id",
    "ip",
    "user_agent",
    "request_id",
    "prev_hash",
    "hash",
)


def audit_rows() -> Iterator[list[str]]:
    """The header, then every event in chain order, each cell safe to open in a spreadsheet."""
    yield list(COLUMNS)
    for event in AuditEvent.objects.order_by("seq").values_list(*COLUMNS).iterator(2000):
        yield safe_row(event)
