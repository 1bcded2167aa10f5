from django.tasks import task

from background.periodic import queue_next_run
from records.exports import delete_expired_exports, prepare_export


@task()
def prepare_record_export(public_id: str) -> str:
    """Make the files of an export someone asked for on the web (records/exports.py)."""
    return prepare_export(public_id)


@task()
def delete_expired_record_exports() -> int:
    """Delete the files of exports past their time, then queue the next run."""
    deleted = delete_expired_exports()
    queue_next_run("records.tasks.delete_expired_record_exports")
    return deleted
