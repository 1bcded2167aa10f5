"""With a read replica configured, only the pages that can bear a few seconds' lag read
from it, only the practice's records, and nothing is ever written there."""

from typing import Any

import pytest
from django.db import transaction

from audit.models import AuditEvent
from content import views as content_views
from foundation import replica
from foundation.replica import ReplicaRouter, replica_reads
from patients.models import Patient
from pharmacy import views as pharmacy_views
from workspace import views as workspace_views

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch: Any) -> None:
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def test_without_a_replica_every_read_goes_to_the_primary() -> None:
    with replica_reads():
        assert router.db_for_read(Patient) == "default"


def test_a_marked_page_reads_records_from_the_replica(with_replica: None) -> None:
    assert router.db_for_read(Patient) == "default"
    with replica_reads():
        assert router.db_for_read(Patient) == "replica"
        assert router.db_for_write(Patient) == "default"


def test_the_audit_chain_is_always_read_from_the_primary(with_replica: None) -> None:
    with replica_reads():
        assert router.db_for_read(AuditEvent) == "default"


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_the_primary(with_replica: None) -> None:
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Patient) == "default"


def test_migrations_run_on_the_primary_only() -> None:
    assert router.allow_migrate("default", "patients")
    assert not router.allow_migrate("replica", "patients")


def test_only_pages_that_can_lag_are_marked() -> None:
    marked = [
        workspace_views.practice,
        pharmacy_views.dispensing_record,
        content_views.home,
        content_views.article_list,
        content_views.article_detail,
        content_views.pricing,
    ]
    primary = [workspace_views.chart, workspace_views.queue, workspace_views.home]
    assert all(getattr(view, "reads_from_replica", False) for view in marked)
    assert not any(getattr(view, "reads_from_replica", False) for view in primary)
