"""Writing audit events. Every verb that shows or changes health data calls
`record_event`; `patients.access.access_patient` does it for every read.
"""

from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from audit.chain import GENESIS_HASH, event_hash
from audit.models import AuditEvent
from foundation.middleware import current_request_context

# Serialises writers on PostgreSQL so two events never claim the same predecessor.
_CHAIN_LOCK_KEY = 7_204_661_001


def record_event(
    action: str,
    *,
    # The acting accounts.User, or None for the practice's own work; audit sits below
    # accounts in the layers, so it names no model of theirs.
    actor: Any = None,
    target: models.Model | None = None,
    patient: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    context = current_request_context()
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        event = AuditEvent(
            seq=seq,
            at=timezone.now(),
            actor=actor if signed_in else None,
            actor_email=actor.email if signed_in else "",
            actor_roles=",".join(sorted(actor.roles)) if signed_in else "",
            action=action,
            object_type=target._meta.label_lower if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            patient=patient,
            ip=context.ip,
            user_agent=context.user_agent,
            request_id=context.request_id,
            detail=detail or {},
            prev_hash=prev_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
    return event
