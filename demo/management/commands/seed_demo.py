from typing import Any

from django.core.management.base import BaseCommand

from content.seeding import seed_content
from demo.people import DEMO_PASSWORD
from demo.seed import seed_joining, seed_people


class Command(BaseCommand):
    help = "Create the demo practice (idempotent) and print the demo sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        people = list(seed_people())
        by_key = {persona.key: user for persona, user in people}
        seed_content(editor=by_key["editor"], reviewer=by_key["clinician_fl"])
        seed_joining(by_key)
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})\n")
        for persona, _user in people:
            roles = ", ".join(str(role) for role in persona.roles)
            line = f"  {persona.email:<34} {roles:<12}"
            if persona.totp_secret:
                line += f" TOTP secret {persona.totp_secret}"
            self.stdout.write(line)
        self.stdout.write(
            "\nStaff sign in with a password and a 6-digit code: add the TOTP secret to an "
            "authenticator app, or run `.venv/bin/python manage.py demo_totp EMAIL`.\n"
        )
