"""The audit log is append-only and any edit or deletion is found."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from audit.events import record_event
from audit.models import AuditEvent


def write_events(actor: Any, count: int) -> list[AuditEvent]:
    return [record_event("test.event", actor=actor, detail={"n": n}) for n in range(count)]


def verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def tamper(sql: str, params: list[Any]) -> None:
    """Change rows behind the app's back, as an intruder with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_an_intact_chain_verifies(patient_fl: Any) -> None:
    write_events(patient_fl, 5)
    assert "Audit chain intact" in verify()


def test_each_event_points_at_the_one_before(patient_fl: Any) -> None:
    first, second = write_events(patient_fl, 2)
    assert second.prev_hash == first.hash
    assert second.seq == first.seq + 1


def test_it_records_who_and_from_where(patient_fl: Any) -> None:
    event = record_event("test.event", actor=patient_fl)
    assert event.actor_email == patient_fl.email
    assert event.actor_roles == "patient"


def test_an_edited_row_is_caught(patient_fl: Any) -> None:
    events = write_events(patient_fl, 5)
    with transaction.atomic():
        tamper(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s",
            ["nothing.to.see", events[2].pk],
        )
    with pytest.raises(CommandError, match=rf"event #{events[2].seq}: its contents changed"):
        verify()


def test_a_deleted_row_is_caught(patient_fl: Any) -> None:
    events = write_events(patient_fl, 5)
    with transaction.atomic():
        tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=rf"event #{events[1].seq} is missing"):
        verify()


def test_the_command_exits_non_zero_on_a_broken_chain(patient_fl: Any) -> None:
    events = write_events(patient_fl, 3)
    with transaction.atomic():
        tamper("UPDATE audit_auditevent SET ip = %s WHERE id = %s", ["10.0.0.1", events[0].pk])
    with pytest.raises(CommandError) as caught:
        verify()
    assert caught.value.returncode == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete(patient_fl: Any) -> None:
    event = record_event("test.event", actor=patient_fl)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"
