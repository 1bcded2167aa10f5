from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db import connections
from django.db.models.signals import post_migrate


class PatientsConfig(AppConfig):
    name = "patients"

    def ready(self) -> None:
        # Imported here: the receiver's module needs the models, which load after apps.
        from patients.joining import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="patients.claim_assessment_on_sign_in")
        post_migrate.connect(
            publish_consent_texts, sender=self, dispatch_uid="patients.publish_consent_texts"
        )


def publish_consent_texts(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After every migrate (and test flush), publish any changed consent text as a new
    version, so the database always holds the texts that ship with the code."""
    # Imported here: apps.py is read before the models may be.
    from patients.actions import publish_shipped_documents
    from patients.models import ConsentDocument

    if ConsentDocument._meta.db_table not in connections[using].introspection.table_names():
        return
    publish_shipped_documents()
