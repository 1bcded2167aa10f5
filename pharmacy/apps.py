from django.apps import AppConfig


class PharmacyConfig(AppConfig):
    name = "pharmacy"

    def ready(self) -> None:
        # Imported here: a signal's receiver needs the models, which load after apps.
        from django.db.models.signals import post_save

        from care.models import Prescription
        from pharmacy.receivers import note_new_prescription

        post_save.connect(
            note_new_prescription, sender=Prescription, dispatch_uid="pharmacy.new_prescription"
        )
