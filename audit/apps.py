from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        # Imported here: connecting the receivers needs the models, which load after apps.
        from audit import signals  # noqa: F401
