"""The hash chain over audit events: how a row's hash is computed and checked."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from audit.models import AuditEvent

GENESIS_HASH = "0" * 64


def event_hash(event: AuditEvent) -> str:
    content = {
        "seq": event.seq,
        "at": event.at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_email": event.actor_email,
        "actor_roles": event.actor_roles,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "patient_id": event.patient_id,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "request_id": event.request_id,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    problem: str


def first_broken_link(events: Iterable[AuditEvent]) -> BrokenLink | None:
    """Walk the events in order and return the first that does not chain."""
    expected_seq = 1
    expected_prev = GENESIS_HASH
    for event in events:
        if event.seq != expected_seq:
            return BrokenLink(
                expected_seq,
                f"event #{expected_seq} is missing (the next event found is #{event.seq})",
            )
        if event.prev_hash != expected_prev:
            return BrokenLink(event.seq, "it does not point at the event before it")
        if event_hash(event) != event.hash:
            return BrokenLink(event.seq, "its contents changed after it was written")
        expected_seq += 1
        expected_prev = event.hash
    return None
