"""Background work for the read side: the practice view's figures, every 15 minutes."""

from django.tasks import task

from background.periodic import queue_next_run
from workspace.practice import refresh_practice_figures


@task()
def refresh_practice_view() -> int:
    """Work out the practice view's figures again; queue the next run. How many sets of
    states were worked out."""
    kept = refresh_practice_figures()
    queue_next_run("workspace.tasks.refresh_practice_view")
    return len(kept)
