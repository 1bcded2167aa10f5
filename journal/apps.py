from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from questionnaires.wording import WordingFileError, use_practice_wording


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "At-home journal"

    def ready(self) -> None:
        """Ask the practice's published wording of the instruments when it supplies one
        (``INSTRUMENT_WORDING_DIR``); a bad file stops the process here, naming the file."""
        folder = getattr(settings, "INSTRUMENT_WORDING_DIR", None)
        if not folder:
            return
        try:
            use_practice_wording(folder)
        except WordingFileError as error:
            raise ImproperlyConfigured(f"INSTRUMENT_WORDING_DIR: {error}") from error
