from typing import Any

from django.core.management.base import BaseCommand

from background.periodic import schedule_all


class Command(BaseCommand):
    help = "Queue each periodic background task that is not queued yet."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in schedule_all():
            self.stdout.write(f"queued: {path}")
