from contextlib import closing
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.chain import first_broken_link
from audit.models import AuditEvent


class Command(BaseCommand):
    help = "Check the audit log's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        # closing() releases PostgreSQL's server-side cursor even on an early return.
        rows = AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)
        with closing(rows) as events:  # type: ignore[type-var]
            broken = first_broken_link(events)
        if broken is not None:
            raise CommandError(f"Audit chain broken at event #{broken.seq}: {broken.problem}.")
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        if last is None:
            self.stdout.write("The audit log is empty.")
        else:
            self.stdout.write(f"Audit chain intact: {last[0]} events, head {last[1]}.")
