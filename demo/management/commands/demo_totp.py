import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.people import STAFF


class Command(BaseCommand):
    help = "Print the current sign-in code of a demo staff member (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo codes are not available in production.")
        persona = next((p for p in STAFF if p.email == options["email"].lower()), None)
        if persona is None or persona.totp_secret is None:
            raise CommandError(f"{options['email']} is not a demo staff member.")
        self.stdout.write(
            format_hotp_value(hotp_value(persona.totp_secret, int(time.time()) // 30))
        )
